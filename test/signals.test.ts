import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { watchParentUnderNpm } from '../src/ops/shutdown.js';
import { freePort, request } from './helpers/server.js';
import { pollUntil } from './helpers/poll.js';

/**
 * One SIGTERM to the process a person started, `npm start` or `npx aisp serve`, stops the server gracefully: the port
 * closes, the server logs its orderly end, and no server process is left. npm runs both through `sh -c`; `npm start`
 * execs node (so npm forwards its SIGTERM to the server and waits for it), and a server started by npm stops when its
 * parent goes (so `npx`, whose shell dies of the forwarded signal, leaves no orphan listening).
 */
describe('stopping on one SIGTERM to npm', () => {
  const made: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  const launched: Started[] = [];
  after(() => {
    // A failed test leaves nothing running: npm and the server are killed outright.
    for (const started of launched) {
      const pid = serverPid(started.output());
      if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
      if (started.npm.exitCode === null && started.npm.signalCode === null) started.npm.kill('SIGKILL');
    }
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  interface Started {
    npm: ChildProcess;
    port: number;
    output(): string;
    /** npm's exit code and signal. */
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    /** Every holder of npm's output pipes (the server included, when it outlives npm) has closed them. */
    closed: Promise<void>;
  }

  /** Starts `npm <args>` in `cwd` with a data folder of its own and waits until /health/live answers 200. */
  async function startUnderNpm(args: string[], cwd: string): Promise<Started> {
    const port = await freePort();
    const emptyEnvFile = path.join(tempDir('aisp-signals-env-'), 'empty.env');
    writeFileSync(emptyEnvFile, '');
    const npm = spawn('npm', args, {
      cwd,
      env: {
        ...process.env,
        AISP_DATA_DIR: tempDir('aisp-signals-data-'),
        // Never a developer's .env from the checkout.
        AISP_ENV_FILE: emptyEnvFile,
        AISP_HOST: '127.0.0.1',
        AISP_PORT: String(port),
        AISP_LOG_LEVEL: 'info',
        AISP_WARM_UP_CLASSIFIER: 'false',
        AISP_SHUTDOWN_DEADLINE_MS: '5000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (d) => (output += d));
    npm.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      npm.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const closed = new Promise<void>((resolve) => npm.once('close', () => resolve()));
    const started: Started = { npm, port, output: () => output, exited, closed };
    launched.push(started);
    // Both the answer and the log line that names the server's pid: they come over different pipes, in either order.
    await pollUntil(
      `/health/live on port ${port} and the "Server listening" line (npm ${args.join(' ')})`,
      async () => {
        if (npm.exitCode !== null) throw new Error(`npm exited ${npm.exitCode} before the server answered: ${output}`);
        const res = await request(`http://127.0.0.1:${port}`, 'GET', '/health/live').catch(() => undefined);
        return res?.status === 200 && serverPid(output) !== undefined ? true : undefined;
      },
      60_000,
      100,
    );
    return started;
  }

  /** The server's process id, from its JSON log (pino writes `pid` on every line), once it has logged listening. */
  function serverPid(output: string): number | undefined {
    const complete = output.slice(0, output.lastIndexOf('\n') + 1);
    const line = complete.split('\n').find((l) => l.includes('"msg":"Server listening at'));
    return line ? (JSON.parse(line).pid as number) : undefined;
  }

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  };

  const portRefuses = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });

  /** The port closes, the server process is gone and it logged a graceful end, within the deadline. */
  async function assertStoppedGracefully(started: Started, pid: number): Promise<void> {
    await pollUntil('the port to close', async () => ((await portRefuses(started.port)) ? true : undefined), 20_000);
    await pollUntil('the server process to end', async () => (alive(pid) ? undefined : true), 20_000);
    await started.closed;
    const output = started.output();
    assert.match(output, /"msg":"[^"]*shutting down; calls in flight have 5000 ms to finish"/, output);
    assert.match(output, /"msg":"shut down"/, output);
    assert.doesNotMatch(output, /cutting the calls still running|shutdown failed/, output);
  }

  it('npm start: npm forwards the signal, the server drains, and npm exits 0 once it has', async () => {
    const started = await startUnderNpm(['start'], process.cwd());
    const pid = serverPid(started.output())!;
    assert.notEqual(pid, started.npm.pid);
    started.npm.kill('SIGTERM');
    const exit = await Promise.race([
      started.exited,
      pollUntil('npm to exit', async () => undefined, 20_000).then(() => undefined),
    ]);
    assert.deepEqual(exit, { code: 0, signal: null }, started.output());
    // npm waited for the server: it is already gone, and so is its port.
    assert.equal(alive(pid), false, 'the server outlived npm');
    assert.equal(await portRefuses(started.port), true, 'the port is still open after npm exited');
    await assertStoppedGracefully(started, pid);
  });

  it('npx aisp serve (npm exec through sh -c): the server stops gracefully when the shell dies of the signal', async () => {
    // What npx sets up for the package: its bin linked under node_modules/.bin of a folder npm execs from. The bin is
    // made executable as `npm run build` does (a plain tsc build leaves it 644).
    const main = path.resolve('dist/src/main.js');
    chmodSync(main, 0o755);
    const prefix = tempDir('aisp-signals-npx-');
    mkdirSync(path.join(prefix, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(main, path.join(prefix, 'node_modules', '.bin', 'aisp'));
    const started = await startUnderNpm(['exec', '--', 'aisp', 'serve'], prefix);
    const pid = serverPid(started.output())!;
    started.npm.kill('SIGTERM');
    await started.exited;
    await assertStoppedGracefully(started, pid);
    assert.match(started.output(), /"msg":"(SIGTERM|parent process gone): shutting down/);
  });
});

/** The parent watch alone, on mocked timers: only under npm, and once. */
describe('watchParentUnderNpm', () => {
  it('does not even look outside npm, so that a server meant to outlive its shell (nohup) keeps running', () => {
    let looked = 0;
    let gone = 0;
    const stop = watchParentUnderNpm(
      () => gone++,
      {},
      () => (looked++, 1),
    );
    stop();
    assert.deepEqual({ looked, gone }, { looked: 0, gone: 0 });
  });

  it('under npm, calls back once, at the first look after the parent changed', (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    let parent = 100;
    let gone = 0;
    const stop = watchParentUnderNpm(
      () => gone++,
      { npm_lifecycle_event: 'start' },
      () => parent,
    );
    t.mock.timers.tick(10_000);
    assert.equal(gone, 0, 'called back while the parent is still there');
    parent = 1;
    t.mock.timers.tick(250);
    assert.equal(gone, 1);
    parent = 2;
    t.mock.timers.tick(10_000);
    assert.equal(gone, 1, 'called back more than once');
    stop();
  });
});
