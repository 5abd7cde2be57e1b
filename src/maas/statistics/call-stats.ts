import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import type { Db } from '../../storage/database.js';
import type { MaasCallStatsTable } from '../../storage/schema.js';
import { type ServiceType, serviceTypes } from '../contract.js';

/** One finished call, as the data plane reports it. */
export interface CallRecord {
  projectId: string;
  serviceType: ServiceType;
  serviceId: string;
  serviceName: string;
  /** '' for calls made with a token. */
  apiKeyLabel: string;
  /** The client's address as taken when the call was admitted; '' when unknown. */
  sourceIp: string;
  failed: boolean;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Whether the call's tokens count against the project's free quota (operator models). */
  onFreeQuota: boolean;
}

type Row = MaasCallStatsTable;

const minuteMs = 60_000;
/** Rows per INSERT: well under SQLite's bound on statement variables (13 columns a row). */
const rowsPerStatement = 500;
const retentionSweepMs = 3600_000;
/**
 * How many flushes try a row that the database refuses on its own (while it answers otherwise) before it is dropped:
 * a refusal may pass (a lock, a conflict), but a row that can never be written must not be carried forever.
 */
const maxRowAttempts = 3;
/** Dropped rows described in one log line, at most (the rest are only counted). */
const loggedRowsPerFlush = 5;

/**
 * The columns' text bounds (the migration's varchar lengths): SQLite would store a longer value that PostgreSQL
 * refuses, so both engines are held to them here, before the write.
 */
const textColumns = [
  ['project_id', 64, false],
  ['service_id', 64, false],
  ['service_name', 128, true],
  ['api_key_label', 128, true],
  ['source_ip', 64, true],
] as const;
const countColumns = ['calls', 'errors', 'prompt_tokens', 'completion_tokens', 'latency_ms', 'quota_tokens'] as const;
const knownServiceTypes: ReadonlySet<number> = new Set(Object.values(serviceTypes));

/** The first column of a row that no database would take (or should not), or undefined for a valid row. */
export function invalidColumn(row: Row): keyof Row | undefined {
  for (const [column, maxLength, mayBeEmpty] of textColumns) {
    const value = row[column];
    if (typeof value !== 'string' || value.length > maxLength || (!mayBeEmpty && value === '')) return column;
  }
  if (!Number.isSafeInteger(row.minute) || row.minute < 0) return 'minute';
  if (!knownServiceTypes.has(row.service_type)) return 'service_type';
  for (const column of countColumns) {
    const value = row[column];
    if (!Number.isSafeInteger(value) || value < 0) return column;
  }
  return undefined;
}

function rowKey(r: Pick<Row, 'project_id' | 'minute' | 'service_type' | 'service_id' | 'api_key_label' | 'source_ip'>) {
  return `${r.project_id}\u0000${r.minute}\u0000${r.service_type}\u0000${r.service_id}\u0000${r.api_key_label}\u0000${r.source_ip}`;
}

function addInto(target: Row, source: Row): void {
  target.calls += source.calls;
  target.errors += source.errors;
  target.prompt_tokens += source.prompt_tokens;
  target.completion_tokens += source.completion_tokens;
  target.latency_ms += source.latency_ms;
  target.quota_tokens += source.quota_tokens;
}

/** What a log line says of a dropped row: where it belongs and what it counted, never a key or a client address. */
function describeRow(row: Row, why: string) {
  return {
    project_id: String(row.project_id).slice(0, 64),
    service_type: row.service_type,
    service_id: String(row.service_id).slice(0, 64),
    minute: row.minute,
    calls: row.calls,
    why,
  };
}

/** The database's message, without the detail some drivers add (PostgreSQL quotes the failing row's values). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}

/**
 * Call statistics per minute, counted in memory on the request path and written in batches (one upsert statement per
 * 500 rows, every `flushMs`): no call waits on the database. Reads flush this instance's counts first, so a client
 * that reads its statistics right after a call finds it; other instances' calls appear within their flush interval.
 * On shutdown the last counts are written before the database closes. What a crash can lose is at most the last
 * interval.
 *
 * One bad row never holds the others back: rows are checked before they are written, and an invalid one is dropped
 * (logged and counted in `aisp_maas_statistics_rows_dropped_total`); when a batch is refused all the same, and the
 * database answers, its rows are written one by one, so that only a refused row stays behind, to be tried again in
 * the next flushes and dropped after `maxRowAttempts`. Only a database that does not answer keeps a batch whole for
 * the next attempt (and makes reads fail, as any query would).
 */
export class CallStatistics {
  private pending = new Map<string, Row>();
  /** The batch being written: its tokens still count against the free quota until the write bumps `writes`. */
  private writing: Map<string, Row> | undefined;
  /** Flushes that a row the database refused has failed in so far, by row key. */
  private readonly refusals = new Map<string, number>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  /** Bumped on every write, so that cached sums know they are stale. */
  private writes = 0;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs: number; retentionDays: number },
    private readonly log?: FastifyBaseLogger,
    metrics?: Registry,
  ) {
    this.dropped = new Counter({
      name: 'aisp_maas_statistics_rows_dropped_total',
      help: 'Call statistics rows dropped unwritten: invalid (failed the checks) or refused (by the database, repeatedly)',
      labelNames: ['reason'],
      registers: metrics ? [metrics] : [],
    });
  }

  start(): void {
    if (this.timer || this.options.flushMs === 0) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.flushMs);
    this.timer.unref();
  }

  record(call: CallRecord, at = Date.now()): void {
    const tokens = call.promptTokens + call.completionTokens;
    const row: Row = {
      project_id: call.projectId,
      minute: at - (at % minuteMs),
      service_type: call.serviceType,
      service_id: call.serviceId,
      service_name: call.serviceName,
      api_key_label: call.apiKeyLabel,
      // An unknown address is '' (as the source-ips query reads it), never a row the database refuses: the call and
      // its free-quota tokens are still counted. Here, before the key, so that '' rows merge.
      source_ip: typeof call.sourceIp === 'string' ? call.sourceIp : '',
      calls: 1,
      errors: call.failed ? 1 : 0,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      latency_ms: Math.max(0, Math.round(call.latencyMs)),
      quota_tokens: call.onFreeQuota ? tokens : 0,
    };
    const key = rowKey(row);
    const current = this.pending.get(key);
    if (current) {
      addInto(current, row);
      current.service_name = row.service_name;
    } else {
      this.pending.set(key, row);
    }
    if (this.options.flushMs === 0) void this.flush().catch(() => undefined);
  }

  /** Tokens this instance has counted against a project's free quota since `sinceMs` and not yet written. */
  pendingQuotaTokens(projectId: string, sinceMs: number): number {
    let total = 0;
    for (const rows of [this.pending, this.writing]) {
      if (!rows) continue;
      for (const row of rows.values()) {
        if (row.project_id === projectId && row.minute >= sinceMs) total += row.quota_tokens;
      }
    }
    return total;
  }

  /** How many writes have happened (a cache of sums read before the last write is stale). */
  get writeCount(): number {
    return this.writes;
  }

  /**
   * Writes the counts gathered so far; concurrent callers share one write. Fails only when the database does not
   * answer (the counts are then kept for the next attempt); rows it refuses are handled row by row (see the class).
   */
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

  private async writeBatch(batch: Map<string, Row>): Promise<void> {
    const valid: [string, Row][] = [];
    const invalid: ReturnType<typeof describeRow>[] = [];
    for (const entry of batch) {
      const column = invalidColumn(entry[1]);
      if (column === undefined) valid.push(entry);
      else invalid.push(describeRow(entry[1], `invalid ${column}`));
    }
    if (invalid.length > 0) this.drop('invalid', invalid);
    if (valid.length === 0) return;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < valid.length; i += rowsPerStatement) {
          await upsertRows(
            trx,
            valid.slice(i, i + rowsPerStatement).map((entry) => entry[1]),
          );
        }
      });
    } catch (error) {
      await this.writeOneByOne(valid, error);
      return;
    }
    this.writes++;
    if (this.refusals.size > 0) for (const [key] of valid) this.refusals.delete(key);
    await this.sweep();
  }

  /**
   * After a refused batch: when the database answers, each row on its own (so only the rows it refuses stay out);
   * when it does not, the whole batch is kept for the next attempt and the flush fails.
   */
  private async writeOneByOne(rows: [string, Row][], batchError: unknown): Promise<void> {
    if (!(await this.databaseAnswers())) {
      for (const [key, row] of rows) this.keep(key, row);
      this.log?.warn({ error: messageOf(batchError) }, 'call statistics not written; kept for the next attempt');
      throw batchError;
    }
    let written = 0;
    const refused: ReturnType<typeof describeRow>[] = [];
    for (const [key, row] of rows) {
      try {
        await upsertRows(this.db, [row]);
        written++;
        this.refusals.delete(key);
      } catch (error) {
        const attempts = (this.refusals.get(key) ?? 0) + 1;
        if (attempts >= maxRowAttempts) {
          this.refusals.delete(key);
          refused.push(describeRow(row, messageOf(error)));
        } else {
          this.refusals.set(key, attempts);
          this.keep(key, row);
        }
      }
    }
    if (written > 0) this.writes++;
    if (refused.length > 0) this.drop('refused', refused);
    await this.sweep();
  }

  /** Puts a row back for the next flush, merged with what was counted meanwhile under the same key. */
  private keep(key: string, row: Row): void {
    const current = this.pending.get(key);
    if (current) addInto(current, row);
    else this.pending.set(key, row);
  }

  private drop(reason: 'invalid' | 'refused', rows: ReturnType<typeof describeRow>[]): void {
    this.dropped.labels(reason).inc(rows.length);
    this.log?.error(
      { reason, dropped: rows.length, rows: rows.slice(0, loggedRowsPerFlush) },
      'call statistics rows dropped unwritten',
    );
  }

  private async databaseAnswers(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /** Old rows go at most once an hour. Its failure is only logged: the rows of the flush are written already. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep <= retentionSweepMs) return;
    this.lastSweep = now;
    try {
      await this.db
        .deleteFrom('maas_call_stats')
        .where('minute', '<', now - this.options.retentionDays * 86_400_000)
        .execute();
    } catch (error) {
      this.log?.warn({ error: messageOf(error) }, 'old call statistics not deleted; tried again in an hour');
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }
}

/** One upsert of rows (distinct keys): counts add to what the minute holds already. */
async function upsertRows(db: Pick<Db, 'insertInto'>, rows: Row[]): Promise<void> {
  await db
    .insertInto('maas_call_stats')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['project_id', 'minute', 'service_type', 'service_id', 'api_key_label', 'source_ip']).doUpdateSet({
        service_name: sql`excluded.service_name`,
        calls: sql`maas_call_stats.calls + excluded.calls`,
        errors: sql`maas_call_stats.errors + excluded.errors`,
        prompt_tokens: sql`maas_call_stats.prompt_tokens + excluded.prompt_tokens`,
        completion_tokens: sql`maas_call_stats.completion_tokens + excluded.completion_tokens`,
        latency_ms: sql`maas_call_stats.latency_ms + excluded.latency_ms`,
        quota_tokens: sql`maas_call_stats.quota_tokens + excluded.quota_tokens`,
      }),
    )
    .execute();
}
