import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { JobQueue } from '../src/queue/job-queue.js';
import { WorkerPool } from '../src/queue/worker-pool.js';
import { captureLog } from './helpers/log-lines.js';
import { pollUntil } from './helpers/poll.js';

describe('worker pool and its database', () => {
  it('logs a database that fails its polls once when it goes and once when it is back, not per poll', async () => {
    let reachable = false;
    let claims = 0;
    const refused = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const queue = {
      claim: () => {
        claims++;
        return reachable ? Promise.resolve(undefined) : refused();
      },
      requeueAbandoned: () => (reachable ? Promise.resolve({ requeued: 0, gaveUp: [] }) : refused()),
      deleteExpired: () => Promise.resolve(0),
    } as unknown as JobQueue;
    const log = captureLog();
    const pool = new WorkerPool(
      queue,
      { process: async () => undefined, ended: () => undefined },
      { concurrency: 1, pollIntervalMs: 5, leaseMs: 2000, maxAttempts: 1 },
      pino({ level: 'info' }, log.stream),
    );
    pool.start();
    try {
      await pollUntil('ten failed polls', async () => (claims >= 10 ? true : undefined));
      const database = () => log.lines.filter((line) => line.dependency === 'database');
      await pollUntil('the down line', async () => (database().length > 0 ? true : undefined));
      assert.deepEqual(
        database().map((line) => [line.state, line.level]),
        [['down', 40]],
      );
      reachable = true;
      const before = claims;
      await pollUntil('a poll that succeeds', async () => (claims > before + 1 ? true : undefined));
      await pollUntil('the up line', async () => (database().length > 1 ? true : undefined));
      assert.deepEqual(
        database().map((line) => [line.state, line.msg]),
        [
          ['down', 'database is down; background jobs wait'],
          ['up', 'database is back up'],
        ],
      );
      assert.ok((database()[1]!.failures as number) >= 10);
    } finally {
      await pool.stop();
    }
  });
});
