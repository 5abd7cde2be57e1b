import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher, type BatchWriter } from '../src/storage/batcher.js';
import { pollUntil } from './helpers/poll.js';

interface Count {
  key: string;
  n: number;
  label?: string;
}

/** An in-memory table with the faults a database may have: a row it refuses, or not answering at all. */
function table(options: { refuse?: string; maxRowAttempts?: number; flushMs?: number } = {}) {
  const stored = new Map<string, number>();
  const state = {
    down: false,
    gate: undefined as Promise<void> | undefined,
    batches: 0,
    singles: 0,
    dropped: [] as { reason: string; key: string; why: string }[],
  };
  const written: Count[][] = [];
  const kept: unknown[] = [];
  const write = (rows: Count[]) => {
    if (state.down) throw new Error('connection refused');
    if (rows.some((r) => r.key === options.refuse)) throw new Error(`refused ${options.refuse}`);
    for (const r of rows) stored.set(r.key, (stored.get(r.key) ?? 0) + r.n);
  };
  const writer: BatchWriter<Count> = {
    writeBatch: async (rows) => {
      state.batches++;
      await state.gate;
      write(rows);
    },
    writeOne: async (row) => {
      state.singles++;
      write([row]);
    },
    reachable: async () => !state.down,
    merge: (into, row, newer) => {
      into.n += row.n;
      if (newer && row.label !== undefined) into.label = row.label;
    },
    invalid: (row) => (Number.isInteger(row.n) && row.n >= 0 ? undefined : 'invalid n'),
    written: (rows) => void written.push(rows),
    kept: (error) => void kept.push(error),
    dropped: (reason, rows) => rows.forEach(({ row, why }) => state.dropped.push({ reason, key: row.key, why })),
  };
  const batcher = new Batcher(writer, {
    flushMs: options.flushMs ?? 3600_000,
    ...(options.maxRowAttempts ? { maxRowAttempts: options.maxRowAttempts } : {}),
  });
  const add = (key: string, n = 1, label?: string) =>
    batcher.add(key, { key, n, ...(label !== undefined ? { label } : {}) });
  return { batcher, stored, state, written, kept, add };
}

describe('batcher', () => {
  it('merges rows of one key in memory and writes them in one batch', async () => {
    const { batcher, stored, state, written, add } = table();
    add('a', 1, 'first');
    add('a', 2, 'second');
    add('b', 5);
    assert.equal(stored.size, 0, 'nothing is written before a flush');
    assert.deepEqual(batcher.unwritten('a'), { key: 'a', n: 3, label: 'second' });
    await batcher.flush();
    assert.deepEqual(Object.fromEntries(stored), { a: 3, b: 5 });
    assert.equal(state.batches, 1);
    assert.equal(batcher.writeCount, 1);
    assert.equal(written.length, 1);
    assert.equal(batcher.unwritten('a'), undefined);
    await batcher.flush();
    assert.equal(state.batches, 1, 'an empty flush writes nothing');
  });

  it('shares one write between concurrent flushes, and counts the batch being written as unwritten', async () => {
    const { batcher, state, add } = table();
    add('a', 4);
    const first = batcher.flush();
    assert.deepEqual([...batcher.rows()], [{ key: 'a', n: 4 }]);
    assert.deepEqual([...batcher.rows('waiting')], []);
    await Promise.all([first, batcher.flush(), batcher.flush()]);
    assert.equal(state.batches, 1);
  });

  it('flushes on its interval and on close', async () => {
    const { batcher, stored, add } = table({ flushMs: 20 });
    batcher.start();
    add('a');
    assert.equal(await pollUntil('the interval flush', async () => stored.get('a'), 1000, 10), 1);
    add('a');
    await batcher.close();
    assert.equal(stored.get('a'), 2);
  });

  it('drops and counts an invalid row, and writes the others', async () => {
    const { batcher, stored, state, add } = table();
    add('a');
    add('bad', -1);
    await batcher.flush();
    assert.deepEqual(Object.fromEntries(stored), { a: 1 });
    assert.deepEqual(state.dropped, [{ reason: 'invalid', key: 'bad', why: 'invalid n' }]);
    assert.deepEqual(batcher.droppedRows, { invalid: 1, refused: 0 });
    assert.equal(batcher.unwritten('bad'), undefined, 'an invalid row is not carried');
  });

  it('writes row by row when a batch is refused, retries the refused row a bounded number of times, then drops it', async () => {
    const { batcher, stored, state, add } = table({ refuse: 'poison', maxRowAttempts: 3 });
    add('a');
    add('poison', 2);
    add('b');
    await batcher.flush();
    assert.deepEqual(Object.fromEntries(stored), { a: 1, b: 1 });
    assert.equal(batcher.unwritten('poison')?.n, 2, 'kept for the next flush');
    add('poison', 1, 'newer');
    await batcher.flush();
    assert.deepEqual(batcher.unwritten('poison'), { key: 'poison', n: 3, label: 'newer' }, 'merged with what came');
    assert.equal(batcher.droppedRows.refused, 0);
    await batcher.flush();
    assert.equal(batcher.unwritten('poison'), undefined);
    assert.deepEqual(batcher.droppedRows, { invalid: 0, refused: 1 });
    assert.deepEqual(state.dropped, [{ reason: 'refused', key: 'poison', why: 'refused poison' }]);
    await batcher.flush();
    assert.equal(batcher.droppedRows.refused, 1, 'dropped once, never carried again');
    assert.ok(state.singles >= 3);
  });

  it('keeps the whole batch while the database does not answer, and loses nothing once it does', async () => {
    const { batcher, stored, state, kept, add } = table();
    add('a');
    add('b', 2);
    state.down = true;
    await assert.rejects(batcher.flush(), /connection refused/);
    await assert.rejects(batcher.flush(), /connection refused/);
    assert.equal(kept.length, 2);
    assert.equal(batcher.unwritten('b')?.n, 2);
    state.down = false;
    add('a');
    await batcher.flush();
    assert.deepEqual(Object.fromEntries(stored), { a: 2, b: 2 });
    assert.deepEqual(batcher.droppedRows, { invalid: 0, refused: 0 });
  });

  it('puts a batch back under the rows added while it was written, whose labels win', async () => {
    const { batcher, state, add } = table();
    add('x', 1, 'old');
    let open!: () => void;
    state.gate = new Promise((resolve) => (open = resolve));
    const flush = batcher.flush();
    add('x', 1, 'new');
    state.down = true;
    open();
    await assert.rejects(flush);
    assert.deepEqual(batcher.unwritten('x'), { key: 'x', n: 2, label: 'new' });
  });
});
