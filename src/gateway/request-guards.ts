import querystring from 'node:querystring';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 *
 * What a request reserves comes back exactly once, on whichever comes first: its signature proven, its response
 * finished or cut (the response's 'close', which Node emits however the exchange ends), or its request stream closed.
 * The request stream alone is not enough: a request answered before its body arrived (over the route's limit,
 * refused) is never destroyed when its socket then closes, since Node has already retired it from the connection.
 */
export class UnverifiedBodyBudget {
  private used = 0;
  private readonly reservations = new WeakMap<FastifyRequest, BodyReservation>();

  constructor(private readonly maxBytes: number) {}

  /** Bytes reserved now (for tests and metrics). */
  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` when they fit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.maxBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }

  /** Wraps a request body so that its bytes count against the budget until the request ends (or is proven). */
  meter(request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream): NodeJS.ReadableStream {
    const length = request.headers['content-length'];
    const chunked = request.headers['transfer-encoding'] !== undefined;
    // Without Content-Length or Transfer-Encoding there is no body (RFC 9112 6.3): nothing to meter or release.
    if (!chunked && (length === undefined || length === '0')) return payload;
    const declared = chunked ? 0 : Number(length);
    if (declared > 0 && !this.take(declared)) throw familyError(request.family, 'rateLimited').retryAfter(1000);
    const reservation = new BodyReservation(this, declared);
    this.reservations.set(request, reservation);
    request.raw.once('close', reservation.release);
    reply.raw.once('close', reservation.release);
    if (!chunked) return payload;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
        if (!reservation.take(chunk.length)) {
          callback(familyError(request.family, 'rateLimited').retryAfter(1000));
          return;
        }
        callback(null, chunk);
      },
    });
    // Fastify stops listening once it has answered (a body over the route's limit): a refusal after that has no one
    // to reach, and an 'error' without a listener would end the process.
    counter.on('error', ignoreLateError);
    // Fed only once Fastify reads it: a refusal emitted before Fastify's listeners are on would be lost, leaving the
    // request waiting for ever; a body Fastify never reads is left to Node, which discards it after the answer.
    counter.once('resume', () => {
      payload.once('error', (error) => counter.destroy(error));
      payload.pipe(counter);
    });
    return counter;
  }

  /** Gives a request's bytes back early: its caller is proven (a verified signature), so no longer counted here. */
  release(request: FastifyRequest): void {
    this.reservations.get(request)?.release();
  }
}

function ignoreLateError(): void {}

/** One request's share of the budget, given back once; bytes that arrive after that are not counted. */
class BodyReservation {
  private released = false;

  constructor(
    private readonly budget: UnverifiedBodyBudget,
    private held: number,
  ) {}

  take(bytes: number): boolean {
    if (this.released) return true;
    if (!this.budget.take(bytes)) return false;
    this.held += bytes;
    return true;
  }

  /** A listener of the request's and the response's 'close' alike, hence bound and idempotent. */
  readonly release = (): void => {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.held);
    this.held = 0;
  };
}
