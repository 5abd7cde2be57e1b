import querystring from 'node:querystring';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { familyError } from '../errors/families.js';

const repeatedParameters = Symbol('repeatedParameters');

/**
 * The query-string parser (Fastify's querystringParser): like Node's, but a parameter given twice keeps its first
 * value and is remembered, so that the gateway can refuse it in the family's words rather than let an array reach
 * code that expects a string.
 */
export function parseQueryString(raw: string): Record<string, string> {
  const parsed = querystring.parse(raw);
  const query: Record<string, string> & { [repeatedParameters]?: string[] } = Object.create(null);
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) (query[repeatedParameters] ??= []).push(key);
    query[key] = (Array.isArray(value) ? value[0] : value) ?? '';
  }
  return query;
}

/** Refuses requests the gateway cannot take as they are: no Host header, a query parameter given twice. */
export function refuseMalformedRequest(request: FastifyRequest): void {
  if (!request.headers.host) throw familyError(request.family, 'badRequest', 'no Host header');
  const repeated = (request.query as { [repeatedParameters]?: string[] } | undefined)?.[repeatedParameters];
  if (repeated) throw familyError(request.family, 'badRequest', `query parameter ${repeated[0]} given more than once`);
}

/**
 * A budget of body bytes that may be in flight for requests whose caller is not yet proven (public routes such as
 * login, AK/SK requests before their signature is checked): many slow or large bodies sent without credentials
 * cannot hold the server's memory. Past the budget such requests are refused as too fast.
 */
export class UnverifiedBodyBudget {
  private used = 0;

  constructor(private readonly maxBytes: number) {}

  /** Wraps a request body so that its bytes count against the budget until the request ends. */
  meter(request: FastifyRequest, payload: NodeJS.ReadableStream): NodeJS.ReadableStream {
    let held = 0;
    const release = () => {
      this.used -= held;
      held = 0;
    };
    request.raw.once('close', release);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > 0) {
      if (this.used + declared > this.maxBytes) throw familyError(request.family, 'rateLimited').retryAfter(1000);
      this.used += declared;
      held = declared;
      return payload;
    }
    const budget = this;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        if (budget.used + chunk.length > budget.maxBytes) {
          callback(familyError(request.family, 'rateLimited').retryAfter(1000));
          return;
        }
        budget.used += chunk.length;
        held += chunk.length;
        callback(null, chunk);
      },
    });
    payload.pipe(counter);
    return counter;
  }
}
