import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of /metrics, where domains add their own metrics. */
    metrics: Registry;
  }
}

/**
 * Prometheus metrics at GET /metrics: per route pattern, method and status, the number and duration of requests
 * (route patterns, not raw URLs, keep the label set small), and the process's own (CPU, memory, event-loop lag, GC)
 * unless AISP_METRICS_PROCESS=false. The endpoint needs the operator key unless AISP_METRICS_PUBLIC=true.
 */
export function installMetrics(app: FastifyInstance, options: { public: boolean; process: boolean }): Registry {
  const registry = new Registry();
  app.decorate('metrics', registry);
  if (options.process) collectDefaultMetrics({ register: registry, prefix: 'aisp_' });
  const requests = new Counter({
    name: 'aisp_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'aisp_http_request_duration_seconds',
    help: 'HTTP request duration by route and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
    registers: [registry],
  });
  // Label children are looked up once per label set and kept: prom-client hashes labels on every plain inc().
  const counters = new Map<string, { inc(): void }>();
  const timers = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unknown' : (request.routeOptions.url ?? 'unknown');
    const timerKey = `${request.method} ${route}`;
    const counterKey = `${timerKey} ${reply.statusCode}`;
    let counter = counters.get(counterKey);
    if (!counter)
      counters.set(counterKey, (counter = requests.labels(route, request.method, String(reply.statusCode))));
    let timer = timers.get(timerKey);
    if (!timer) timers.set(timerKey, (timer = duration.labels(route, request.method)));
    counter.inc();
    timer.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get(
    '/metrics',
    { config: { auth: options.public ? 'none' : 'operator' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}
