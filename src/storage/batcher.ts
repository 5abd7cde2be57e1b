/** How a batcher writes its rows, checks them and hears of what it could not write. */
export interface BatchWriter<R> {
  /** Writes rows of distinct keys, all or nothing (one transaction): a refused batch must leave nothing written. */
  writeBatch(rows: R[]): Promise<void>;
  /** Writes one row (after a refused batch); by default a batch of one. */
  writeOne?(row: R): Promise<void>;
  /** Whether the database answers at all: when it does not, a refused batch is kept whole for the next flush. */
  reachable(): Promise<boolean>;
  /**
   * Adds `row` into `into`, the row waiting under the same key. `newer`: `row` was added after `into` (a new count);
   * false when `row` is an older one put back after a refused write (its labels, say, should not win).
   */
  merge(into: R, row: R, newer: boolean): void;
  /** Why a row can never be written (it is then dropped at once), or undefined for a valid row. */
  invalid?(row: R): string | undefined;
  /** Told after each flush that wrote rows, with those rows (a cache to clear, a retention sweep). */
  written?(rows: R[]): Promise<void> | void;
  /** Told when a batch was kept whole because the database did not answer (the flush then fails with `error`). */
  kept?(error: unknown): void;
  /** Told of rows dropped unwritten: invalid, or refused by the database `maxRowAttempts` flushes running. */
  dropped?(reason: 'invalid' | 'refused', rows: { row: R; why: string }[]): void;
}

export interface BatcherOptions {
  /** How often the rows gathered are written; 0 writes after every add (tests, and a one-shot command). */
  flushMs: number;
  /**
   * How many flushes try a row that the database refuses on its own (while it answers otherwise) before it is
   * dropped: a refusal may pass (a lock, a conflict), but a row that can never be written must not be carried forever.
   */
  maxRowAttempts?: number;
}

/**
 * Counts kept in memory on the request path and written in batches, on a timer and on close: no request waits on the
 * database, and a crash loses at most one interval. Concurrent flushes share one write.
 *
 * One bad row never holds the others back: rows are checked before they are written, and an invalid one is dropped;
 * when a batch is refused all the same and the database answers, its rows are written one by one, so that only a
 * refused row stays behind, to be tried again in the next flushes and dropped after `maxRowAttempts`. Only a database
 * that does not answer keeps a batch whole for the next attempt (and makes the flush fail).
 */
export class Batcher<R> {
  private pending = new Map<string, R>();
  /** The batch being written: still counted by readers (`rows`) until the write ends. */
  private writing: Map<string, R> | undefined;
  /** Flushes that a row the database refused has failed in so far, by key. */
  private readonly refusals = new Map<string, number>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writes = 0;
  private readonly maxRowAttempts: number;
  /** Rows dropped unwritten so far, by reason. */
  readonly droppedRows = { invalid: 0, refused: 0 };

  constructor(
    private readonly writer: BatchWriter<R>,
    private readonly options: BatcherOptions,
  ) {
    this.maxRowAttempts = options.maxRowAttempts ?? 3;
  }

  /** Starts the flush timer (unreferenced: it never keeps the process alive). */
  start(): void {
    if (this.timer || this.options.flushMs === 0) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.flushMs);
    this.timer.unref();
  }

  /** Adds a row, merged into the one waiting under the same key. */
  add(key: string, row: R): void {
    const current = this.pending.get(key);
    if (current) this.writer.merge(current, row, true);
    else this.pending.set(key, row);
    if (this.options.flushMs === 0) void this.flush().catch(() => undefined);
  }

  /** The row waiting under a key (not yet written), if any. */
  unwritten(key: string): R | undefined {
    return this.pending.get(key) ?? this.writing?.get(key);
  }

  /**
   * Rows not yet written: those waiting and those being written, or (`waiting`) only those no write has taken yet,
   * for a reader that adds them to sums read from the database and clears its cache of those in `written`.
   */
  *rows(which: 'unwritten' | 'waiting' = 'unwritten'): Iterable<R> {
    yield* this.pending.values();
    if (this.writing && which === 'unwritten') yield* this.writing.values();
  }

  /** How many flushes have written rows (a cache of sums read before the last write is stale). */
  get writeCount(): number {
    return this.writes;
  }

  /** Writes the rows gathered so far; fails only when the database does not answer (the rows are then kept). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.writing = batch;
    this.flushing = this.writeBatch(batch).finally(() => {
      this.writing = undefined;
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /** Stops the timer and writes what is left; the database must still be open. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async writeBatch(batch: Map<string, R>): Promise<void> {
    const valid: [string, R][] = [];
    const invalid: { row: R; why: string }[] = [];
    for (const [key, row] of batch) {
      const why = this.writer.invalid?.(row);
      if (why === undefined) valid.push([key, row]);
      else invalid.push({ row, why });
    }
    if (invalid.length > 0) this.drop('invalid', invalid);
    if (valid.length === 0) return;
    try {
      await this.writer.writeBatch(valid.map((entry) => entry[1]));
    } catch (error) {
      await this.writeOneByOne(valid, error);
      return;
    }
    if (this.refusals.size > 0) for (const [key] of valid) this.refusals.delete(key);
    await this.wrote(valid.map((entry) => entry[1]));
  }

  /**
   * After a refused batch: when the database answers, each row on its own (so only the rows it refuses stay out);
   * when it does not, the whole batch is kept for the next attempt and the flush fails.
   */
  private async writeOneByOne(rows: [string, R][], batchError: unknown): Promise<void> {
    if (!(await this.writer.reachable().catch(() => false))) {
      for (const [key, row] of rows) this.keep(key, row);
      this.writer.kept?.(batchError);
      throw batchError;
    }
    const written: R[] = [];
    const refused: { row: R; why: string }[] = [];
    for (const [key, row] of rows) {
      try {
        await (this.writer.writeOne ? this.writer.writeOne(row) : this.writer.writeBatch([row]));
        written.push(row);
        this.refusals.delete(key);
      } catch (error) {
        const attempts = (this.refusals.get(key) ?? 0) + 1;
        if (attempts >= this.maxRowAttempts) {
          this.refusals.delete(key);
          refused.push({ row, why: messageOf(error) });
        } else {
          this.refusals.set(key, attempts);
          this.keep(key, row);
        }
      }
    }
    if (refused.length > 0) this.drop('refused', refused);
    await this.wrote(written);
  }

  private async wrote(rows: R[]): Promise<void> {
    if (rows.length === 0) return;
    this.writes++;
    await this.writer.written?.(rows);
  }

  /** Puts a row back for the next flush, merged with what was added meanwhile under the same key. */
  private keep(key: string, row: R): void {
    const current = this.pending.get(key);
    if (current) this.writer.merge(current, row, false);
    else this.pending.set(key, row);
  }

  private drop(reason: 'invalid' | 'refused', rows: { row: R; why: string }[]): void {
    this.droppedRows[reason] += rows.length;
    this.writer.dropped?.(reason, rows);
  }
}

/** The database's message, cut short (PostgreSQL adds the failing row's values in its detail, never here). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}
