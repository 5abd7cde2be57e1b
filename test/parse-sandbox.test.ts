import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { isSandboxFailure, runSandboxed, SandboxFailure } from '../src/queue/sandbox.js';
import { CallbackSender } from '../src/moderation/jobs/callbacks.js';
import { JobRunner, type JobProcessor } from '../src/moderation/jobs/job-runner.js';
import { JobStore } from '../src/moderation/jobs/job-store.js';
import { JobQueue } from '../src/queue/job-queue.js';
import { ApiError } from '../src/errors/api-error.js';
import { openDatabase } from '../src/storage/database.js';
import type { Db } from '../src/storage/database.js';
import { pollUntil } from './helpers/poll.js';

const script = new URL('./helpers/sandbox-test-worker.js', import.meta.url);
const limits = { timeoutMs: 2000, maxHeapMb: 64 };

describe('the parse sandbox (worker thread with limits)', () => {
  it("answers with the worker's message", async () => {
    assert.deepEqual(await runSandboxed(script, 'answer', limits), { echo: 42 });
  });

  it('ends a worker that runs past its time limit (timeout), with the event loop free meanwhile', async () => {
    const started = Date.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    await assert.rejects(runSandboxed(script, 'spin', { ...limits, timeoutMs: 500 }), (error) =>
      isSandboxFailure(error, 'timeout'),
    );
    clearInterval(ticker);
    assert.ok(Date.now() - started < 2000);
    assert.ok(ticks >= 5, `the event loop ticked ${ticks} times in 500 ms`);
  });

  it('ends a worker that fills its heap (memory), never the process', async () => {
    await assert.rejects(runSandboxed(script, 'allocate', { ...limits, timeoutMs: 20_000 }), (error) =>
      isSandboxFailure(error, 'memory'),
    );
  });

  it('reports a worker that throws or exits without answering as died', async () => {
    for (const mode of ['throw', 'exit']) {
      await assert.rejects(runSandboxed(script, mode, limits), (error) => isSandboxFailure(error, 'died'));
    }
  });

  it('ends the worker when its job is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    await assert.rejects(runSandboxed(script, 'spin', limits, { signal: controller.signal }), /cancelled/);
  });
});

describe('jobs whose parse worker dies', () => {
  let dir: string;
  let db: Db;
  let store: JobStore;
  let callbacks: CallbackSender;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-sandbox-'));
    db = await openDatabase(`sqlite:${path.join(dir, 'jobs.db')}`);
    store = new JobStore(db, { maxUnfinishedPerProject: 10, retentionMs: 60_000 });
    callbacks = new CallbackSender({ allowPrivate: true, allowedRanges: [] });
  });
  after(async () => {
    await callbacks.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runJob(processor: JobProcessor) {
    const runner = new JobRunner(
      store,
      new JobQueue(db, {
        retentionMs: 60_000,
        internalError: () => new ApiError('AIS.0404'),
        types: ['document'],
      }),
      { document: processor, audio: processor, video: processor, video_stream: processor, audio_stream: processor },
      callbacks,
      { concurrency: 1, pollIntervalMs: 50, leaseMs: 10_000, maxAttempts: 2 },
      pino({ level: 'silent' }),
    );
    const job = await store.create({
      type: 'document',
      projectId: 'p1',
      accountId: 'a1',
      userId: 'u1',
      requestId: 'r1',
      request: { data: { url: 'http://example.com/a.pdf', format: 'pdf' }, event_type: 'default' },
    });
    runner.start();
    try {
      return await pollUntil(
        `job ${job.id} to finish`,
        async () => {
          const row = (await store.get(job.id))!;
          return row.status === 'succeeded' || row.status === 'failed' ? row : undefined;
        },
        10_000,
        50,
      );
    } finally {
      await runner.stop();
    }
  }

  it('retries a job once when its worker died, then fails it with AIS.0404', async () => {
    let calls = 0;
    const flaky = await runJob(async () => {
      if (++calls === 1) throw new SandboxFailure('died', 'the worker exited');
      return { suggestion: 'pass', details: [] };
    });
    assert.equal(flaky.status, 'succeeded');
    assert.equal(flaky.attempts, 2);

    calls = 0;
    const dying = await runJob(async () => {
      calls++;
      throw new SandboxFailure('died', 'the worker exited');
    });
    assert.equal(dying.status, 'failed');
    assert.equal(dying.error_code, 'AIS.0404');
    assert.equal(dying.attempts, 2);
    assert.equal(calls, 2);
  });
});
