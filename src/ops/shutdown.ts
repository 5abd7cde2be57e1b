import type { FastifyBaseLogger } from 'fastify';
import type { Platform } from '../app.js';

/** After the deadline, how long the last steps may take (cut calls' metering, flushes, closing the database). */
export const shutdownGraceMs = 10_000;

/** How often connections that went idle during the drain are closed. */
const idleSweepMs = 100;

export interface Shutdown {
  /** Settles once everything is closed and the last counts are written. */
  done: Promise<void>;
  /** Cuts the calls still running now rather than at the deadline (a second signal). */
  cutNow(): void;
}

/**
 * A graceful stop, in order:
 * 1. /health/ready answers 503 from now on, and the listening socket closes: a new connection is refused.
 * 2. Calls in flight, streams included, go on to their end; a connection is closed as soon as its call is answered
 *    (Node's server.close() closes only the connections idle at that moment, so the idle ones are swept as they
 *    come, rather than left to their keep-alive timeout). A request that arrives on a connection still open is
 *    answered with Connection: close.
 * 3. At `deadlineMs`, whatever still runs is cut: its connection is destroyed, its upstream call aborted, and its
 *    usage (what was relayed) counted.
 * 4. Then the plugins close: background jobs stop, the calls cut in step 3 finish their metering, and the statistics
 *    and usage counts batched in memory are written; then the database closes.
 */
export function beginShutdown(platform: Platform, deadlineMs: number, log: FastifyBaseLogger): Shutdown {
  platform.health.markShuttingDown();
  const server = platform.app.server;
  const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
  let cut = false;
  const cutNow = () => {
    if (cut) return;
    cut = true;
    server.getConnections((error, count) => {
      if (!error && count > 0) log.warn({ connections: count }, 'shutdown: cutting the calls still running');
    });
    server.closeAllConnections();
  };
  const deadline = setTimeout(cutNow, deadlineMs);
  const done = platform.close().finally(() => {
    clearInterval(sweep);
    clearTimeout(deadline);
  });
  return { done, cutNow };
}

/** A second copy of the first signal within this time is the same request, not a second one (see stopOnSignals). */
const repeatWindowMs = 1000;

/** How often a server started by npm looks whether the process that started it is still there. */
const parentCheckMs = 250;

/**
 * Calls `onGone` once the parent process has gone (this process was handed to init or a subreaper), when the process
 * was started by npm. npm runs a script or a package's bin through a shell (`sh -c 'aisp' serve` for `npx aisp
 * serve`) and forwards SIGTERM to that shell only; dash (Debian's and Ubuntu's sh) dies of it without passing it on,
 * and npm then exits: the server would go on listening with nobody left to stop it. So under npm (npm_lifecycle_event
 * set, as npm sets it for `npm start`, `npm run`, `npm exec` and `npx`) losing the parent counts as the signal. Outside
 * npm it does not: a server started with nohup, or from a shell that then exits, is meant to outlive its parent.
 */
export function watchParentUnderNpm(
  onGone: () => void,
  env: NodeJS.ProcessEnv = process.env,
  parentPid: () => number = () => process.ppid,
): () => void {
  if (!env.npm_lifecycle_event) return () => {};
  const first = parentPid();
  let gone = false;
  const timer = setInterval(() => {
    // `gone` as well as clearInterval: a tick already due when the timer is cleared must not call back twice.
    if (gone || parentPid() === first) return;
    gone = true;
    clearInterval(timer);
    onGone();
  }, parentCheckMs);
  // Never what keeps the process alive.
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * SIGTERM and SIGINT start a graceful stop (see beginShutdown); a second signal cuts the calls still running at once.
 * Under npm, the parent process going away starts it too (see watchParentUnderNpm). The process exits 0 once
 * everything is closed, or 1 when closing failed or did not finish within the deadline and `shutdownGraceMs` more (a
 * database that no longer answers, say).
 */
export function stopOnSignals(
  platform: Platform,
  deadlineMs: number,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const log = platform.app.log;
  let shutdown: Shutdown | undefined;
  let first: { signal: string; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals | 'parent process gone') => {
    if (shutdown) {
      // Ctrl-C in a terminal reaches the whole process group, npm included, and npm forwards its copy: one key press
      // can arrive as two signals a moment apart. Only a repeat after `repeatWindowMs` is a second request.
      if (signal === first?.signal && Date.now() - first.at < repeatWindowMs) return;
      log.warn(`${signal} again: cutting the calls still running`);
      shutdown.cutNow();
      return;
    }
    first = { signal, at: Date.now() };
    stopWatchingParent();
    log.info(`${signal}: shutting down; calls in flight have ${deadlineMs} ms to finish`);
    shutdown = beginShutdown(platform, deadlineMs, log);
    const watchdog = setTimeout(() => {
      log.error(`shutdown did not finish within ${deadlineMs + shutdownGraceMs} ms; exiting anyway`);
      exit(1);
    }, deadlineMs + shutdownGraceMs);
    watchdog.unref();
    shutdown.done.then(
      () => {
        log.info('shut down');
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const stopWatchingParent = watchParentUnderNpm(() => onSignal('parent process gone'));
}
