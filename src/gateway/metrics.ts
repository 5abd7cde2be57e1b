import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { safeEqual } from '../identity/index.js';
import { BoundCounter, BoundHistogram } from './bound-metrics.js';
import { watchHeapAfterMajorGc } from './heap-after-gc.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of /metrics, where domains add their own metrics. */
    metrics: Registry;
  }
}

/**
 * Prometheus metrics at GET /metrics: per route pattern, method and status, the number and duration of requests
 * (route patterns, not raw URLs, keep the label set small), and the process's own (CPU, memory, event-loop lag, GC, the heap left after the last full collection)
 * unless AISP_METRICS_PROCESS=false. The endpoint needs the operator key unless AISP_METRICS_PUBLIC=true; with
 * AISP_METRICS_TOKEN set, a scraper may send that token instead (`Authorization: Bearer <token>`), so that it need not
 * hold the operator key.
 */
export function installMetrics(
  app: FastifyInstance,
  options: { public: boolean; process: boolean; token?: string | undefined },
): Registry {
  const registry = new Registry();
  app.decorate('metrics', registry);
  if (options.process) {
    collectDefaultMetrics({ register: registry, prefix: 'aisp_' });
    const stop = watchHeapAfterMajorGc(registry);
    app.addHook('onClose', (_app, done) => {
      stop();
      done();
    });
  }
  const requests = new BoundCounter(registry, 'aisp_http_requests_total', 'HTTP requests by route, method and status', [
    'route',
    'method',
    'status',
  ]);
  const duration = new BoundHistogram(
    registry,
    'aisp_http_request_duration_seconds',
    'HTTP request duration by route and method',
    ['route', 'method'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
  );
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unknown' : (request.routeOptions.url ?? 'unknown');
    requests.labels(route, request.method, String(reply.statusCode)).inc();
    duration.labels(route, request.method).observe(reply.elapsedTime / 1000);
    done();
  });
  if (options.token) installScrapeToken(app, options.token);
  app.get(
    '/metrics',
    { config: { auth: options.public ? 'none' : options.token ? 'scrape' : 'operator' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
  return registry;
}

/**
 * The 'scrape' authentication: the scrape token as a bearer token, compared in constant time; anything else (no token,
 * a wrong one) goes to the operator key's check, so that a wrong token is refused, and counted against the address,
 * exactly as a wrong operator key is.
 */
function installScrapeToken(app: FastifyInstance, token: string): void {
  const operator = app.authenticators.get('operator')!;
  app.authenticators.set('scrape', async (request) => {
    const presented = /^Bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (presented !== undefined && safeEqual(presented, token)) return { kind: 'operator', rateKey: request.ip };
    return operator(request);
  });
}
