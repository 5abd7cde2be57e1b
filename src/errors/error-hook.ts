import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, isApiError } from './api-error.js';
import { type Family, familyError, familyOfPath, type GatewayFailure, isFaultCode } from './families.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API family of the request's path: decides the codes of gateway failures. */
    family: Family;
  }
}

export function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Fastify's own error codes, as the gateway failures they are. */
const frameworkFailures: Record<string, GatewayFailure> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'badContentLength',
  FST_ERR_BAD_URL: 'malformedUrl',
};

/** SQLite's SQLITE_* errors and PostgreSQL's (a five-character SQLSTATE with a severity). */
function isStorageError(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return (
    typeof e?.code === 'string' &&
    (e.code.startsWith('SQLITE_') || (typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(e.code)))
  );
}

export function toApiError(error: unknown, family: Family): ApiError {
  if (isApiError(error)) return error;
  const failure = frameworkFailures[(error as { code?: string } | null)?.code ?? ''];
  if (failure) return familyError(family, failure);
  return familyError(family, isStorageError(error) ? 'storage' : 'internal');
}

/**
 * The one error hook: every failure becomes `{"error_code", "error_msg"}` with the catalogue's status and the request
 * id. Exceptions that are not ApiErrors become the family's internal (or storage) error and are logged, never shown.
 */
export function installErrorHook(app: FastifyInstance): void {
  app.setErrorHandler(async (error, request, reply) => {
    const family = familyOf(request);
    const apiError = toApiError(error, family);
    if (!isApiError(error) && isFaultCode(family, apiError.code)) {
      request.log.error({ err: error, reqId: request.id }, 'internal error');
    }
    reply.header('X-Request-Id', request.id);
    return reply.status(apiError.status).send(apiError.toBody());
  });
}

function familyOf(request: FastifyRequest): Family {
  return request.family ?? familyOfPath(request.url);
}

/**
 * Requests that do not parse as HTTP never reach a route; they still get the catalogue's body shape instead of the
 * framework's default. A bad Content-Length is ModelArts.4104; headers that are too large, APIG.0201; anything else
 * is an unknown API. (Passed to Fastify as its clientErrorHandler.)
 */
export function answerMalformedHttp(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const failure: GatewayFailure = /CONTENT_LENGTH|INVALID_TRANSFER_ENCODING/.test(error.code ?? '')
    ? 'badContentLength'
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? 'bodyTooLarge'
      : 'unknownRoute';
  const apiError = familyError('APIG', failure);
  const body = JSON.stringify(apiError.toBody());
  socket.end(
    `HTTP/1.1 ${apiError.status} Bad Request\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${newRequestId()}\r\nConnection: close\r\n\r\n${body}`,
  );
}
