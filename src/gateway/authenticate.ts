import type { FastifyRequest } from 'fastify';
import { familyError } from '../errors/families.js';
import {
  checkSignedHeaders,
  type IdentityService,
  type ParsedAuthorization,
  parseAuthorization,
  type Principal,
  safeEqual,
  type UserCaller,
  verifySignature,
} from '../identity/index.js';
import type { FailureLimiter } from '../storage/rate-limiter.js';
import type { OperatorCaller } from './route-config.js';

export interface UserAuthenticationOptions {
  identity: IdentityService;
  signatureMaxSkewMs: number;
}

/** AK/SK requests whose headers passed and whose signature waits for the body (gateway-private state). */
const pendingSignatures = new WeakMap<FastifyRequest, { parsed: ParsedAuthorization; secretKey: string }>();

function pathProjectOf(request: FastifyRequest): string | undefined {
  return (request.params as Record<string, string> | undefined)?.project_id;
}

/** An IAM token (X-Auth-Token): signed claims, checked without a database hit; the principal comes from its cache. */
async function authenticateToken(request: FastifyRequest, token: string, identity: IdentityService) {
  const family = request.family;
  const current = await identity.tokens.currentToken(token);
  if (!current.ok) {
    throw familyError(
      family,
      current.reason === 'malformed'
        ? 'malformedToken'
        : current.reason === 'expired'
          ? 'expiredToken'
          : 'rejectedToken',
    );
  }
  const pathProject = pathProjectOf(request);
  if (pathProject !== undefined) {
    if (current.claims.pid === undefined) throw familyError(family, 'domainScopedToken');
    if (current.claims.pid !== pathProject) throw familyError(family, 'wrongProject');
  }
  return { principal: current.principal, tokenProjectId: current.claims.pid };
}

/**
 * An SDK-HMAC-SHA256 request, as far as its headers go: a known active key of an enabled user whose account is not
 * in arrears, `host` and the date signed, every signed header present, the date within the skew. The signature itself
 * covers the body and is checked once the body is read (verifyPendingSignature). Every failure answers the
 * catalogue's one "verify aksk signature fail".
 */
async function authenticateSignatureHeaders(
  request: FastifyRequest,
  authorization: string,
  options: UserAuthenticationOptions,
) {
  const family = request.family;
  // Temporary AK/SK (with X-Security-Token) come from a token service this platform does not run.
  if (request.headers['x-security-token'] !== undefined) throw familyError(family, 'temporaryAksk');
  const parsed = parseAuthorization(authorization);
  if (!parsed || !checkSignedHeaders(request.headers, parsed, options.signatureMaxSkewMs)) {
    throw familyError(family, 'akskRejected');
  }
  const key = await options.identity.accessKeys.find(parsed.accessKey);
  if (!key || key.status !== 'active') throw familyError(family, 'akskRejected');
  const principal = await options.identity.directory.principal(key.userId);
  if (!principal || !principal.enabled || principal.accountState === 'frozen')
    throw familyError(family, 'akskRejected');
  const pathProject = pathProjectOf(request);
  if (
    pathProject !== undefined &&
    !(await options.identity.directory.projectOfAccount(principal.accountId, pathProject))
  ) {
    throw familyError(family, 'wrongProject');
  }
  pendingSignatures.set(request, { parsed, secretKey: key.secretKey });
  return principal;
}

/** A user by X-Auth-Token or SDK-HMAC-SHA256 signature, with the path's project checked against the credential. */
export async function authenticateUser(
  request: FastifyRequest,
  options: UserAuthenticationOptions,
): Promise<UserCaller> {
  const token = request.headers['x-auth-token'];
  const authorization = request.headers.authorization;
  let principal: Principal;
  let method: UserCaller['method'];
  let tokenProjectId: string | undefined;
  if (typeof token === 'string' && token !== '') {
    ({ principal, tokenProjectId } = await authenticateToken(request, token, options.identity));
    method = 'token';
  } else if (typeof authorization === 'string' && authorization.startsWith('SDK-HMAC-SHA256')) {
    principal = await authenticateSignatureHeaders(request, authorization, options);
    method = 'aksk';
  } else {
    throw familyError(request.family, 'noToken');
  }
  const projectId = pathProjectOf(request);
  return {
    kind: 'user',
    principal,
    method,
    accountId: principal.accountId,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(tokenProjectId !== undefined ? { tokenProjectId } : {}),
    rateKey: principal.userId,
  };
}

/** True while an AK/SK request's signature has not been checked against its body. */
export function hasPendingSignature(request: FastifyRequest): boolean {
  return pendingSignatures.has(request);
}

/** The signature of an AK/SK request over its exact bytes, now that the body is read; a good one counts as a use. */
export function verifyPendingSignature(request: FastifyRequest, identity: IdentityService): void {
  const pending = pendingSignatures.get(request);
  if (!pending) return;
  pendingSignatures.delete(request);
  const signable = {
    method: request.method,
    url: request.raw.url ?? request.url,
    headers: request.headers,
    body: request.rawBody ?? Buffer.alloc(0),
  };
  if (!verifySignature(signable, pending.parsed, pending.secretKey)) throw familyError(request.family, 'akskRejected');
  identity.accessKeys.recordUse(pending.parsed.accessKey);
}

/**
 * The operator key (X-Operator-Key), compared in constant time; routes of this mode are refused when it is unset.
 * Wrong keys are counted per address, and an address that keeps guessing is locked out for a while.
 */
export async function authenticateOperator(
  request: FastifyRequest,
  operatorKey: string | undefined,
  failures: FailureLimiter,
): Promise<OperatorCaller> {
  const lock = await failures.check(request.ip);
  if (!lock.allowed) throw familyError(request.family, 'rateLimited').retryAfter(lock.retryAfterMs);
  const presented = request.headers['x-operator-key'];
  if (!operatorKey || typeof presented !== 'string' || !safeEqual(presented, operatorKey)) {
    await failures.recordFailure(request.ip);
    throw familyError(request.family, 'operatorKeyRejected');
  }
  return { kind: 'operator', rateKey: request.ip };
}
