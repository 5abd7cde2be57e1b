import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import { ResidentWorkerPool } from '../src/queue/resident-workers.js';
import { isSandboxFailure } from '../src/queue/sandbox.js';

type Ask = 'count' | 'pid' | 'spin' | 'allocate' | 'throw' | 'exit';
const script = new URL('./helpers/resident-test-worker.js', import.meta.url);
const failing = new URL('./helpers/resident-failing-worker.js', import.meta.url);

/** Whether a process is still there (signal 0 sends nothing; it only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Polls until a process is gone, failing past the deadline. */
async function gone(pid: number, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (alive(pid)) {
    assert.ok(Date.now() < deadline, `process ${pid} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const kind of ['thread', 'process'] as const)
  describe(`resident workers, ${kind}s (ResidentWorkerPool)`, () => {
    let pool: ResidentWorkerPool<Ask, number> | undefined;
    const open = (size = 1, script_ = script, maxRssMb?: number) =>
      (pool = new ResidentWorkerPool({ script: script_, size, maxHeapMb: 64, kind, maxRssMb }));
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
      await assert.rejects(
        workers.start(),
        (error) => isSandboxFailure(error, 'died') && /could not be loaded/.test((error as Error).message),
      );
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

    if (kind === 'process') {
      it('ends its processes on close()', async () => {
        const workers = open(2);
        await workers.start();
        const pids = await Promise.all([workers.run('pid', 10_000), workers.run('pid', 10_000)]);
        assert.notEqual(pids[0], process.pid);
        assert.equal(new Set(pids).size, 2);
        for (const pid of pids) assert.ok(alive(pid));
        await workers.close();
        for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} outlived close()`);
      });

      it('kills the process of a request past its time and answers from a new one, this process unharmed', async () => {
        const workers = open();
        const first = await workers.run('pid', 10_000);
        await assert.rejects(workers.run('spin', 500), (error) => isSandboxFailure(error, 'timeout'));
        await gone(first);
        const second = await workers.run('pid', 10_000);
        assert.notEqual(second, first);
        assert.ok(alive(second));
        assert.equal(await workers.run('count', 10_000), 2);
      });

      it('leaves no process behind when the server is killed with SIGKILL', async () => {
        const server = spawn(
          process.execPath,
          [fileURLToPath(new URL('./helpers/resident-parent.js', import.meta.url))],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let printed = '';
        server.stdout.setEncoding('utf8');
        server.stdout.on('data', (chunk: string) => (printed += chunk));
        const deadline = Date.now() + 20_000;
        while (!printed.includes('\n')) {
          assert.ok(Date.now() < deadline && server.exitCode === null, 'the stand-in server printed no worker');
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const worker = Number(printed.trim());
        assert.ok(alive(worker));
        const exited = once(server, 'exit');
        server.kill('SIGKILL');
        await exited;
        // Its IPC channel closed with the server: the worker exits on 'disconnect'.
        await gone(worker);
      });

      it('replaces a process whose resident set is past its cap after an answer', async () => {
        // 1 MiB: every Node process is past it, so each answer comes from a fresh process.
        const workers = open(1, script, 1);
        const first = await workers.run('pid', 10_000);
        await gone(first);
        const second = await workers.run('pid', 10_000);
        assert.notEqual(second, first);
      });
    }
  });
