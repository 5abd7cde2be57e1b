import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import type { Redis } from 'ioredis';
import secureJson from 'secure-json-parse';
import { ApiError, isApiError } from '../errors/api-error.js';
import { safeEqual } from '../identity/crypto.js';
import type { IdentityService } from '../identity/identity-service.js';
import { authenticateRequest } from './authenticate.js';
import { familyCodes, familyOfPath } from './families.js';
import { RequestRateLimiter } from './rate-limit.js';

export interface GatewayOptions {
  identity: IdentityService;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  signatureMaxSkewSeconds: number;
  /** Key for routes with auth 'operator' (X-Operator-Key); those routes are refused when unset. */
  operatorKey?: string;
  /** Shared rate-limit counts for several instances. */
  redis?: Redis;
}

const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The gateway in front of every API: request ids, raw bodies (kept for AK/SK signatures), authentication, rate limits,
 * JSON parsing with each family's codes, and the one error hook that shapes every failure as the catalogue says.
 * Registered on the root instance before any route.
 */
export function installGateway(app: FastifyInstance, options: GatewayOptions): void {
  const knownRoutes = FindMyWay();
  const rateLimiter = new RequestRateLimiter(options.rateLimitPerSecond, options.rateLimitBurst, options.redis);
  const signatureMaxSkewMs = options.signatureMaxSkewSeconds * 1000;

  app.decorateRequest('family', 'APIG');
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('caller', undefined);

  // Remember every route so that a wrong method can be told apart from an unknown path.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if ((httpMethods as readonly string[]).includes(method))
        knownRoutes.on(method as 'GET', route.url, () => undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    request.family = familyOfPath(request.url);
    reply.header('X-Request-Id', request.id);
  });

  // Bodies arrive as bytes: AK/SK signatures cover the exact bytes, and JSON errors must answer each family's code.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('preValidation', async (request) => {
    if (request.is404) return;
    const config = request.routeOptions.config;
    if (Buffer.isBuffer(request.body)) request.rawBody = request.body;
    if ((config.auth ?? 'iam') === 'iam') {
      request.caller = await authenticateRequest(request, { identity: options.identity, signatureMaxSkewMs });
      await rateLimiter.consume(`${request.caller.principal.userId} ${request.method} ${request.routeOptions.url}`);
    } else if (config.auth === 'operator') {
      // Counted per address before the key is checked, so that guessing the key is as slow as the rate limit.
      await rateLimiter.consume(`${request.ip} ${request.method} ${request.routeOptions.url}`);
      const presented = request.headers['x-operator-key'];
      if (!options.operatorKey || typeof presented !== 'string' || !safeEqual(presented, options.operatorKey))
        throw new ApiError('APIG.0305');
    } else if (config.authenticate) {
      await rateLimiter.consume(`${await config.authenticate(request)} ${request.method} ${request.routeOptions.url}`);
    } else {
      await rateLimiter.consume(`${request.ip} ${request.method} ${request.routeOptions.url}`);
    }
    const codes = familyCodes(request.family);
    if (config.serviceBodyLimit !== undefined && (request.rawBody?.length ?? 0) > config.serviceBodyLimit) {
      throw new ApiError(codes.serviceBodyTooLarge);
    }
    if (config.requireContentType && !request.headers['content-type']) throw new ApiError(codes.missingContentType);
    if (config.json) request.body = parseJsonObject(request);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const family = familyOfPath(request.url);
    const path = request.url.split('?')[0]!;
    const otherMethod = httpMethods.some((m) => m !== request.method && knownRoutes.find(m, path));
    const error = new ApiError(otherMethod ? familyCodes(family).methodNotAllowed : familyCodes(family).unknownRoute);
    reply.header('X-Request-Id', request.id);
    return reply.status(error.status).send(error.toBody());
  });

  app.setErrorHandler(async (error, request, reply) => {
    const apiError = toApiError(error, request);
    const codes = familyCodes(request.family ?? 'APIG');
    if (!isApiError(error) && (apiError.code === codes.internal || apiError.code === codes.storage)) {
      request.log.error({ err: error, reqId: request.id }, 'internal error');
    }
    reply.header('X-Request-Id', request.id);
    return reply.status(apiError.status).send(apiError.toBody());
  });
}

function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (isApiError(error)) return error;
  const family = request.family ?? familyOfPath(request.url);
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('APIG.0201');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return family === 'ModelArts' || family === 'MaaSInference'
        ? new ApiError('ModelArts.4104')
        : new ApiError('APIG.0201');
    case 'FST_ERR_BAD_URL':
      return new ApiError('APIG.0101');
    default:
      return new ApiError(isStorageError(error) ? familyCodes(family).storage : familyCodes(family).internal);
  }
}

/** SQLite's SQLITE_* errors and PostgreSQL's (a five-character SQLSTATE with a severity). */
function isStorageError(error: unknown): boolean {
  const e = error as { code?: unknown; severity?: unknown } | null;
  return (
    typeof e?.code === 'string' &&
    (e.code.startsWith('SQLITE_') || (typeof e.severity === 'string' && /^[0-9A-Z]{5}$/.test(e.code)))
  );
}

function parseJsonObject(request: FastifyRequest): Record<string, unknown> {
  const codes = familyCodes(request.family);
  const raw = request.rawBody;
  let parsed: unknown;
  try {
    // secure-json-parse drops __proto__ and constructor.prototype keys, so a body cannot reach object prototypes.
    parsed = secureJson.parse(raw && raw.length > 0 ? raw.toString('utf8') : '', undefined, {
      protoAction: 'remove',
      constructorAction: 'remove',
    });
  } catch {
    throw new ApiError(codes.badJson);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(codes.notJsonObject);
  return parsed as Record<string, unknown>;
}

/**
 * Requests that do not parse as HTTP never reach a route; they still get the catalogue's body shape instead of the
 * framework's default. A bad Content-Length is ModelArts.4104; anything else is an unknown API.
 */
export function answerMalformedHttp(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const apiError = /CONTENT_LENGTH|INVALID_TRANSFER_ENCODING/.test(error.code ?? '')
    ? new ApiError('ModelArts.4104')
    : error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError('APIG.0201')
      : new ApiError('APIG.0101');
  const body = JSON.stringify(apiError.toBody());
  socket.end(
    `HTTP/1.1 ${apiError.status} Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${newRequestId()}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function newRequestId(): string {
  return randomUUID().replace(/-/g, '');
}
