import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomHex } from '../storage/ids.js';
import { ApiError, isApiError } from './api-error.js';
import { errorBody, type Family, familyError, familyOfPath, type GatewayFailure, isFaultCode } from './families.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API family of the request's path: decides the codes of gateway failures. */
    family: Family;
  }
}

/** 128 random bits as 32 hex characters. */
export function newRequestId(): string {
  return randomHex(16);
}

/** Fastify's own error codes, as the gateway failures they are. */
const frameworkFailures: Record<string, GatewayFailure> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badContentLength',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'badContentType',
  FST_ERR_CTP_INVALID_TYPE: 'badContentType',
  FST_ERR_CTP_EMPTY_TYPE: 'badContentType',
  FST_ERR_BAD_URL: 'malformedUrl',
  FST_ERR_MAX_PARAM_LENGTH: 'malformedUrl',
};

/** Errors that mean the client went away mid-request: nothing to answer, and no fault of ours. */
const clientGoneCodes = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED', 'EPIPE']);

/** SQLite's SQLITE_* errors and PostgreSQL's (a five-character SQLSTATE with a severity). */
function isStorageError(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return (
    typeof e?.code === 'string' &&
    (e.code.startsWith('SQLITE_') || (typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(e.code)))
  );
}

/**
 * PostgreSQL refusing a value a client sent, which SQLite would have stored: a NUL character, a character the
 * encoding cannot hold, a string longer than its column. The client's mistake, not a storage failure.
 */
const unstorableValueCodes = new Set(['22021', '22P05', '22001']);

export function toApiError(error: unknown, family: Family): ApiError {
  if (isApiError(error)) return error;
  const e = error as { code?: string; statusCode?: number } | null;
  const failure = frameworkFailures[e?.code ?? ''];
  if (failure) return familyError(family, failure);
  if (isStorageError(error) && unstorableValueCodes.has(e?.code ?? '')) {
    return familyError(family, 'badRequest', 'a value that cannot be stored');
  }
  // Any other framework refusal of a client's request is the client's mistake, never an internal error.
  if (
    e?.code?.startsWith('FST_ERR_') &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500
  ) {
    return familyError(family, 'badRequest', e.code);
  }
  return familyError(family, isStorageError(error) ? 'storage' : 'internal');
}

function familyOf(request: FastifyRequest): Family {
  return request.family ?? familyOfPath(request.url);
}

function send(request: FastifyRequest, reply: FastifyReply, apiError: ApiError) {
  reply.header('X-Request-Id', request.id);
  if (apiError.retryAfterSeconds !== undefined) reply.header('Retry-After', String(apiError.retryAfterSeconds));
  return reply.status(apiError.status).send(errorBody(familyOf(request), apiError));
}

/**
 * The one error hook: every failure becomes `{"error_code", "error_msg"}` with the catalogue's status and the request
 * id. Exceptions that are not ApiErrors become the family's internal (or storage) error and are logged, never shown.
 */
export function installErrorHook(app: FastifyInstance): void {
  // Connections answered before their request body arrived (a refusal on the headers, a body over the limit): the
  // server goes on reading and dropping that body, bounded by the request time limit. Nothing more will be answered
  // on them, so closing the server cuts them instead of waiting up to that limit for a client that keeps them open.
  const answeredEarly = new Set<Socket>();
  app.addHook('preClose', async () => {
    for (const socket of answeredEarly) socket.destroy();
  });
  const trackIfAnsweredEarly = (request: FastifyRequest) => {
    const socket = request.raw.socket;
    // A request injected by the server itself (a batch's line) has a stand-in socket, with nothing to cut.
    if (request.raw.complete || !socket || typeof socket.destroy !== 'function' || answeredEarly.has(socket)) return;
    answeredEarly.add(socket);
    socket.once('close', () => answeredEarly.delete(socket));
  };
  app.setErrorHandler(async (error, request, reply) => {
    trackIfAnsweredEarly(request);
    const family = familyOf(request);
    const apiError = toApiError(error, family);
    if (!isApiError(error) && isFaultCode(family, apiError.code)) {
      const code = (error as { code?: string }).code ?? '';
      if (clientGoneCodes.has(code) || request.raw.destroyed) {
        request.log.info({ reqId: request.id, code }, 'client closed the request');
      } else {
        request.log.error({ err: error, reqId: request.id }, 'internal error');
      }
    }
    if (apiError.code === familyError(family, 'bodyTooLarge').code) {
      // Answer, then let the server read and drop the rest of the body: closing at once would make a client that
      // is still sending see a broken pipe instead of this answer. The request time limit bounds the draining.
      reply.removeHeader('connection');
    }
    return send(request, reply, apiError);
  });
}

/** Errors the router meets before any route or hook (bad percent-encoding, a path parameter over 256 characters). */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, toApiError(error, familyOfPath(request.url)));
}

/** Node's client errors, by what they mean. */
function clientFailure(code: string | undefined): GatewayFailure {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'requestTimeout';
  if (/CONTENT_LENGTH|INVALID_TRANSFER_ENCODING/.test(code ?? '')) return 'badContentLength';
  if (code === 'HPE_HEADER_OVERFLOW') return 'bodyTooLarge';
  return 'unknownRoute';
}

/**
 * Requests that do not parse as HTTP (or do not arrive in time) never reach a route; they still get the catalogue's
 * body shape instead of the framework's default. (Passed to Fastify as its clientErrorHandler.)
 */
export function answerMalformedHttp(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const apiError = familyError('APIG', clientFailure(error.code));
  const body = JSON.stringify(apiError.toBody());
  socket.end(
    `HTTP/1.1 ${apiError.status} ${apiError.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${newRequestId()}\r\nConnection: close\r\n\r\n${body}`,
  );
}
