import type { FastifyInstance } from 'fastify';

/** What one readiness check found: `detail` says more (why it failed, or how it is ready). */
export interface CheckOutcome {
  ok: boolean;
  detail?: string;
}

/** A readiness check: throwing, or taking longer than its time limit, counts as failed. */
export type ReadinessCheck = () => CheckOutcome | Promise<CheckOutcome>;

export interface CheckReport {
  status: 'ok' | 'fail';
  detail?: string;
  duration_ms: number;
}

export interface ReadinessReport {
  status: 'ok' | 'fail' | 'shutting_down';
  /** The checks that failed, when some did. */
  failed?: string[];
  checks: Record<string, CheckReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Readiness checks of /health/ready; domains add their own (moderation: the image model). */
    health: HealthChecks;
  }
}

/**
 * What /health/ready asks, in parallel and each within its own time limit (a hung dependency makes the instance
 * unready, never the probe hang), and whether the process is shutting down (then it is unready whatever the checks
 * say, so that a load balancer stops sending it new work while it drains).
 */
export class HealthChecks {
  private readonly checks = new Map<string, { run: ReadinessCheck; timeoutMs: number }>();
  private stopping = false;

  add(name: string, run: ReadinessCheck, timeoutMs = 2000): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is registered twice`);
    this.checks.set(name, { run, timeoutMs });
  }

  /** From now on the instance answers not ready: it is draining its last calls before it exits. */
  markShuttingDown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  async readiness(): Promise<ReadinessReport> {
    if (this.stopping) return { status: 'shutting_down', checks: {} };
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runCheck(check.run, check.timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    const failed = entries.filter(([, report]) => report.status !== 'ok').map(([name]) => name);
    // A shutdown that began while the checks ran wins over what they found.
    if (this.stopping) return { status: 'shutting_down', checks };
    return failed.length === 0 ? { status: 'ok', checks } : { status: 'fail', failed, checks };
  }
}

async function runCheck(run: ReadinessCheck, timeoutMs: number): Promise<CheckReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([Promise.resolve().then(run), timeout]);
  } catch (error) {
    outcome = { ok: false, detail: (error as Error)?.message || String(error) };
  } finally {
    clearTimeout(timer);
  }
  return {
    status: outcome.ok ? 'ok' : 'fail',
    ...(outcome.detail ? { detail: outcome.detail } : {}),
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
  };
}

/**
 * `GET /health/live` (and `/health`, its older name): the process is up and serving HTTP, nothing more; an
 * orchestrator restarts an instance that fails it, so it never depends on the database or Redis (an outage of those
 * must not restart every instance at once). `GET /health/ready`: whether this instance should get traffic now: 200
 * with each check's status, or 503 naming the one that failed, and 503 while shutting down.
 */
export function installHealth(app: FastifyInstance): HealthChecks {
  const health = new HealthChecks();
  app.decorate('health', health);
  // Fastify refuses new requests on open connections during close with a body outside the catalogue; ours go on to
  // their handlers (with Connection: close), and this one answers not ready.
  app.addHook('preClose', async () => health.markShuttingDown());
  const route = { config: { auth: 'none' as const }, schema: { hide: true } };
  const live = async () => ({ status: 'ok' });
  app.get('/health', route, live);
  app.get('/health/live', route, live);
  app.get('/health/ready', route, async (_request, reply) => {
    const report = await health.readiness();
    reply.header('cache-control', 'no-store');
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  });
  return health;
}
