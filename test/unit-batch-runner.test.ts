import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import type { QueuedJob } from '../src/queue/job-queue.js';
import type { ApiKeyGrant, ApiKeyStore } from '../src/maas/api-keys/key-store.js';
import { BatchRunner } from '../src/maas/batches/batch-runner.js';
import type { BatchRow, BatchStore, LineResult } from '../src/maas/batches/batch-store.js';
import { LineCallers } from '../src/maas/batches/line-callers.js';

// A cast, not a type: the runner reads none of the grant's other fields.
const grant = {
  keyId: 'k',
  label: 'key',
  projectId: 'p',
  accountId: 'a',
  ipAllowlist: null,
  models: [],
  endpoints: [],
  rpm: null,
  tpm: null,
  budgetNanos: null,
} as unknown as ApiKeyGrant;

/** A batch of `count` lines in a store that keeps everything in memory. */
function storeOf(count: number) {
  const batch = {
    id: 'batch_1',
    key_id: 'k',
    endpoint: '/v1/chat/completions',
    source_ip: '10.0.0.1',
    status: 'in_progress',
    expires_at: Date.now() + 3600_000,
  } as BatchRow;
  const saved = new Map<number, LineResult>();
  let ended: string | undefined;
  const lines = Array.from({ length: count }, (_, i) => ({ line_no: i, custom_id: `c${i}`, body: `{"n":${i}}` }));
  const store = {
    byId: async () => batch,
    move: async () => true,
    statusOf: async () => batch.status,
    pendingLines: async (_: string, after: number, limit: number) =>
      lines.filter((l) => l.line_no > after && !saved.has(l.line_no)).slice(0, limit),
    saveLine: async (_: string, lineNo: number, result: LineResult) => {
      saved.set(lineNo, result);
      return true;
    },
    finish: async (_: BatchRow, to: string) => {
      ended = to;
    },
  } as unknown as BatchStore;
  return { store, saved, ended: () => ended };
}

const job = { id: 'batch_1' } as QueuedJob;

describe('batch runner', () => {
  it('starts no line while real-time calls are at the yield mark, and runs each line once, in order', async () => {
    const { store, saved, ended } = storeOf(5);
    const lines = new LineCallers();
    let realTime = 3;
    let looks = 0;
    const injected: string[] = [];
    // The runner's own lines are not real-time calls: the proxy counts them, the runner takes them off again.
    let linesRunning = 0;
    const runner = new BatchRunner(
      {
        store,
        apiKeys: { grantById: async () => grant } as unknown as ApiKeyStore,
        lines,
        callsInFlight: () => {
          looks++;
          // Real-time calls end after the runner has looked a few times.
          if (looks >= 4) realTime = 0;
          return realTime + linesRunning;
        },
        inject: (async (options: { payload: string; headers: Record<string, string> }) => {
          assert.equal(realTime, 0, 'a line started while real-time calls were in flight');
          // The line's caller is the batch's key, paced by the runner, counted as a batch line.
          const caller = lines.claim(options.headers['x-aisp-batch-line']!);
          assert.deepEqual(
            [caller?.grant.keyId, caller?.batchId, caller?.paced, caller?.clientAddress],
            ['k', 'batch_1', true, '10.0.0.1'],
          );
          injected.push(options.payload);
          // The proxy counts the line as a call in flight while it runs, two lines at a time.
          linesRunning++;
          await new Promise((resolve) => setImmediate(resolve));
          linesRunning--;
          return { statusCode: 200, headers: { 'x-request-id': 'r' }, body: '{"ok":true}' };
        }) as never,
        log: pino({ level: 'silent' }),
      },
      { linesAtOnce: 2, yieldAtCalls: 1 },
    );
    await runner.process(job, { signal: new AbortController().signal });
    assert.ok(looks >= 4);
    assert.deepEqual(injected, ['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    assert.deepEqual([...saved.keys()], [0, 1, 2, 3, 4]);
    assert.equal(ended(), 'completed');
  });

  it('hands a stopped batch back: no line starts after the stop, and the run fails so that the queue keeps it', async () => {
    const { store, saved, ended } = storeOf(10);
    const stop = new AbortController();
    const runner = new BatchRunner(
      {
        store,
        apiKeys: { grantById: async () => grant } as unknown as ApiKeyStore,
        lines: new LineCallers(),
        callsInFlight: () => 0,
        inject: (async () => {
          stop.abort();
          return { statusCode: 200, headers: {}, body: '{}' };
        }) as never,
        log: pino({ level: 'silent' }),
      },
      { linesAtOnce: 1, yieldAtCalls: 1 },
    );
    await assert.rejects(runner.process(job, { signal: stop.signal }));
    // The line running at the stop ended and was saved; none started after it.
    assert.deepEqual([...saved.keys()], [0]);
    assert.equal(ended(), undefined);
  });
});
