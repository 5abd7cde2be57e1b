import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Fields a handler adds to its request's one log line ('request completed'). Set them only when
     * `logEnabled(request.log, 'info')`: with the log off, a request builds no log object. Never a secret.
     */
    logFields: Record<string, unknown> | undefined;
  }
}

/**
 * Whether a line at `level` would be written: pino answers without building anything (Fastify's logger type does
 * not declare it; a logger without it is taken as writing everything).
 */
export function logEnabled(log: FastifyBaseLogger, level: 'debug' | 'info'): boolean {
  return (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) ?? true;
}

/** Probes come every few seconds from every load balancer: their lines are debug, not info. */
const quietRoutes: ReadonlySet<string> = new Set(['/health', '/health/live', '/health/ready']);

/**
 * One info line per request, when it completes: `reqId`, `req` (method, url, host, client address), `res`
 * (statusCode), `responseTime` (ms; for a stream, until its last byte) and the fields its handler added (the MaaS
 * data plane adds `maas`: endpoint, model, tokens, key label...). Fastify's own 'incoming request' line is debug:
 * the completed line says everything it said, and one line a request halves what the log costs on the hot path.
 * Credentials never appear: the serializers log no headers, and the app's redact list covers them besides.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    if (!logEnabled(request.log, 'debug')) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime, ...request.logFields },
        'request errored',
      );
      return;
    }
    const level = quietRoutes.has(request.routeOptions.url ?? '') ? 'debug' : 'info';
    if (!logEnabled(reply.log, level)) return;
    reply.log[level](
      { req: request, res: reply, responseTime: reply.elapsedTime, ...request.logFields },
      'request completed',
    );
  }
}

/**
 * For a request whose connection closed before its answer was complete (a client that left, a stream cut at
 * shutdown): Fastify logs no 'request completed' line then, so the handler logs this one, with the same fields.
 */
export function logClosedBeforeCompletion(request: FastifyRequest, reply: FastifyReply): void {
  if (!logEnabled(request.log, 'info')) return;
  request.log.info(
    {
      req: request,
      res: { statusCode: reply.raw.headersSent ? reply.raw.statusCode : 499 },
      responseTime: reply.elapsedTime,
      ...request.logFields,
    },
    'request closed before completion',
  );
}
