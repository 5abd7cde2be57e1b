import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ResidentWorkerPool } from '../src/queue/resident-workers.js';
import { isSandboxFailure } from '../src/queue/sandbox.js';

type Ask = 'count' | 'spin' | 'allocate' | 'throw' | 'exit';
const script = new URL('./helpers/resident-test-worker.js', import.meta.url);
const failing = new URL('./helpers/resident-failing-worker.js', import.meta.url);

describe('resident worker threads (ResidentWorkerPool)', () => {
  let pool: ResidentWorkerPool<Ask, number> | undefined;
  const open = (size = 1, script_ = script) =>
    (pool = new ResidentWorkerPool({ script: script_, size, maxHeapMb: 64 }));
  afterEach(() => pool?.close());

  it('keeps its workers between requests, and lines up requests beyond them', async () => {
    const workers = open(2);
    await workers.start();
    assert.equal(workers.running, true);
    const answers = await Promise.all(Array.from({ length: 6 }, () => workers.run('count', 10_000)));
    // Six requests, two workers, each answering with how many it has served: both served.
    assert.equal(answers.filter((n) => n === 1).length, 2, JSON.stringify(answers));
    // Each worker counted 1, 2, ... k on its own: no count is seen more often than the one below it.
    const seen = (n: number) => answers.filter((a) => a === n).length;
    for (let n = 2; n <= 6; n++) assert.ok(seen(n) <= seen(n - 1), JSON.stringify(answers));
  });

  it('fails a request past its time and replaces the worker, with the event loop free meanwhile', async () => {
    const workers = open();
    assert.equal(await workers.run('count', 10_000), 1);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = Date.now();
    await assert.rejects(workers.run('spin', 500), (error) => isSandboxFailure(error, 'timeout'));
    clearInterval(ticker);
    assert.ok(Date.now() - started < 2000);
    assert.ok(ticks >= 5, `the event loop ticked ${ticks} times in 500 ms`);
    // A fresh worker answers the next request: its count starts again.
    assert.equal(await workers.run('count', 10_000), 1);
  });

  it('fails a request that waited in line past its time, leaving the busy worker alone', async () => {
    const workers = open();
    await workers.start();
    const slow = workers.run('spin', 1500);
    await assert.rejects(workers.run('count', 200), (error) => isSandboxFailure(error, 'timeout'));
    await assert.rejects(slow, (error) => isSandboxFailure(error, 'timeout'));
    assert.equal(await workers.run('count', 10_000), 1);
  });

  it('fails only the request whose worker filled its heap (memory) or exited (died), then serves again', async () => {
    const workers = open();
    await assert.rejects(workers.run('allocate', 30_000), (error) => isSandboxFailure(error, 'memory'));
    assert.equal(await workers.run('count', 10_000), 1);
    await assert.rejects(workers.run('exit', 10_000), (error) => isSandboxFailure(error, 'died'));
    assert.equal(await workers.run('count', 10_000), 1);
  });

  it("answers a request's own error without ending the worker", async () => {
    const workers = open();
    assert.equal(await workers.run('count', 10_000), 1);
    await assert.rejects(workers.run('throw', 10_000), /the request failed/);
    assert.equal(await workers.run('count', 10_000), 3);
  });

  it('fails start() and the requests waiting when a worker cannot load, rather than starting it for ever', async () => {
    const workers = open(1, failing);
    await assert.rejects(workers.start(), (error) => isSandboxFailure(error, 'died'));
    assert.equal(workers.running, false);
    await assert.rejects(workers.run('count', 10_000), (error) => isSandboxFailure(error, 'died'));
  });

  it('fails the requests in flight and waiting when closed', async () => {
    const workers = open();
    await workers.start();
    const busy = assert.rejects(workers.run('spin', 10_000), /closed/);
    const waiting = assert.rejects(workers.run('count', 10_000), /closed/);
    await workers.close();
    await Promise.all([busy, waiting]);
    await assert.rejects(workers.run('count', 10_000), /closed/);
  });

  it('fails a start() under way when closed, rather than leaving it waiting', async () => {
    const workers = open();
    const starting = assert.rejects(workers.start(), /closed/);
    await workers.close();
    await starting;
  });
});
