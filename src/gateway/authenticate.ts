import type { FastifyRequest } from 'fastify';
import { familyError } from '../errors/families.js';
import {
  type IdentityService,
  parseAuthorization,
  type Principal,
  safeEqual,
  type UserCaller,
  verifySignature,
} from '../identity/index.js';
import type { OperatorCaller } from './route-config.js';

export interface UserAuthenticationOptions {
  identity: IdentityService;
  signatureMaxSkewMs: number;
}

function pathProjectOf(request: FastifyRequest): string | undefined {
  return (request.params as Record<string, string> | undefined)?.project_id;
}

/** An IAM token (X-Auth-Token): signed claims, checked without a database hit; the principal comes from its cache. */
async function authenticateToken(request: FastifyRequest, token: string, identity: IdentityService) {
  const family = request.family;
  const check = identity.verifyToken(token);
  if (!check.ok) {
    throw familyError(
      family,
      check.reason === 'malformed' ? 'malformedToken' : check.reason === 'expired' ? 'expiredToken' : 'rejectedToken',
    );
  }
  const principal = await identity.principal(check.claims.uid);
  if (!principal || principal.accountId !== check.claims.did) throw familyError(family, 'rejectedToken');
  const pathProject = pathProjectOf(request);
  if (pathProject !== undefined) {
    if (check.claims.pid === undefined) throw familyError(family, 'domainScopedToken');
    if (check.claims.pid !== pathProject) throw familyError(family, 'wrongProject');
  }
  return principal;
}

/**
 * An SDK-HMAC-SHA256 signature over the exact request bytes. An unknown key, a wrong signature, a stale date and an
 * account in arrears all answer the catalogue's one "verify aksk signature fail".
 */
async function authenticateSignature(
  request: FastifyRequest,
  authorization: string,
  options: UserAuthenticationOptions,
) {
  const family = request.family;
  // Temporary AK/SK (with X-Security-Token) come from a token service this platform does not run.
  if (request.headers['x-security-token'] !== undefined) throw familyError(family, 'temporaryAksk');
  const parsed = parseAuthorization(authorization);
  if (!parsed) throw familyError(family, 'akskRejected');
  const key = await options.identity.accessKey(parsed.accessKey);
  if (!key || key.status !== 'active') throw familyError(family, 'akskRejected');
  const signable = {
    method: request.method,
    url: request.raw.url ?? request.url,
    headers: request.headers,
    body: request.rawBody ?? Buffer.alloc(0),
  };
  if (!verifySignature(signable, parsed, key.secretKey, options.signatureMaxSkewMs)) {
    throw familyError(family, 'akskRejected');
  }
  const principal = await options.identity.principal(key.userId);
  if (!principal || principal.accountState === 'frozen') throw familyError(family, 'akskRejected');
  const pathProject = pathProjectOf(request);
  if (pathProject !== undefined && !(await options.identity.projectOfAccount(principal.accountId, pathProject))) {
    throw familyError(family, 'wrongProject');
  }
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
  if (typeof token === 'string' && token !== '') {
    principal = await authenticateToken(request, token, options.identity);
    method = 'token';
  } else if (typeof authorization === 'string' && authorization.startsWith('SDK-HMAC-SHA256')) {
    principal = await authenticateSignature(request, authorization, options);
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
    rateKey: principal.userId,
  };
}

/** The operator key (X-Operator-Key), compared in constant time; routes of this mode are refused when it is unset. */
export function authenticateOperator(request: FastifyRequest, operatorKey: string | undefined): OperatorCaller {
  const presented = request.headers['x-operator-key'];
  if (!operatorKey || typeof presented !== 'string' || !safeEqual(presented, operatorKey)) {
    throw familyError(request.family, 'operatorKeyRejected');
  }
  return { kind: 'operator', rateKey: request.ip };
}
