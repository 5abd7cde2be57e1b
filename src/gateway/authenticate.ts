import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { IdentityService, Principal } from '../identity/identity-service.js';
import { parseAuthorization, verifySignature } from './aksk-signature.js';
import type { Family } from './families.js';
import type { CallerContext } from './request-context.js';

type AuthFailure =
  'empty' | 'malformed' | 'signature' | 'expired' | 'domainScoped' | 'projectMismatch' | 'frozen' | 'restricted';

/**
 * Which catalogue code each authentication failure answers, per family. The ModelArts front door has its own token
 * codes; Content Moderation and the rest answer the gateway's APIG.0301 and AIS's account codes.
 */
const failureCodes: Record<Family, Record<AuthFailure, [ErrorCode, ...string[]]>> = {
  ModelArts: {
    empty: ['ModelArts.4101'],
    malformed: ['ModelArts.4102'],
    signature: ['ModelArts.4103'],
    expired: ['ModelArts.4103'],
    domainScoped: ['ModelArts.0203'],
    projectMismatch: ['ModelArts.0203'],
    frozen: ['ModelArts.4106'],
    restricted: ['ModelArts.4106'],
  },
  MaaSInference: {
    empty: ['ModelArts.4101'],
    malformed: ['ModelArts.4102'],
    signature: ['ModelArts.4103'],
    expired: ['ModelArts.4103'],
    domainScoped: ['ModelArts.0203'],
    projectMismatch: ['ModelArts.0203'],
    frozen: ['ModelArts.4106'],
    restricted: ['ModelArts.4106'],
  },
  AIS: {
    empty: ['APIG.0301', 'decrypt token fail'],
    malformed: ['APIG.0301', 'decrypt token fail'],
    signature: ['APIG.0301', 'decrypt token fail'],
    expired: ['APIG.0301', 'token expires'],
    domainScoped: ['AIS.0026'],
    projectMismatch: ['AIS.0002'],
    frozen: ['AIS.0027'],
    restricted: ['AIS.0004'],
  },
  IAM: {
    empty: ['APIG.0301', 'decrypt token fail'],
    malformed: ['APIG.0301', 'decrypt token fail'],
    signature: ['APIG.0301', 'decrypt token fail'],
    expired: ['APIG.0301', 'token expires'],
    domainScoped: ['APIG.0302'],
    projectMismatch: ['APIG.0302'],
    frozen: ['IAM.0006'],
    restricted: ['IAM.0006'],
  },
  APIG: {
    empty: ['APIG.0301', 'decrypt token fail'],
    malformed: ['APIG.0301', 'decrypt token fail'],
    signature: ['APIG.0301', 'decrypt token fail'],
    expired: ['APIG.0301', 'token expires'],
    domainScoped: ['APIG.0302'],
    projectMismatch: ['APIG.0302'],
    frozen: ['APIG.0302'],
    restricted: ['APIG.0302'],
  },
};

function fail(family: Family, failure: AuthFailure): ApiError {
  const [code, ...params] = failureCodes[family][failure];
  return new ApiError(code, ...params);
}

// The catalogue: an unknown AK, a wrong signature and an account in arrears all answer this one message.
const akskFailure = () => new ApiError('APIG.0301', 'verify aksk signature fail');

export interface AuthenticatorOptions {
  identity: IdentityService;
  signatureMaxSkewMs: number;
}

/** Authenticates a request by X-Auth-Token or SDK-HMAC-SHA256 signature and checks project scope and account state. */
export async function authenticateRequest(
  request: FastifyRequest,
  options: AuthenticatorOptions,
): Promise<CallerContext> {
  const family = request.family;
  const token = request.headers['x-auth-token'];
  const authorization = request.headers.authorization;
  const pathProject = (request.params as Record<string, string> | undefined)?.project_id;

  let principal: Principal | null;
  let method: CallerContext['method'];
  let tokenProject: string | undefined;

  if (typeof token === 'string' && token !== '') {
    const check = options.identity.verifyToken(token);
    if (!check.ok) throw fail(family, check.reason);
    principal = await options.identity.principal(check.claims.uid);
    if (!principal || principal.accountId !== check.claims.did) throw fail(family, 'signature');
    method = 'token';
    tokenProject = check.claims.pid;
    if (pathProject !== undefined) {
      if (tokenProject === undefined) throw fail(family, 'domainScoped');
      if (tokenProject !== pathProject) throw fail(family, 'projectMismatch');
    }
  } else if (typeof authorization === 'string' && authorization.startsWith('SDK-HMAC-SHA256')) {
    // Temporary AK/SK (with X-Security-Token) come from a token service this platform does not run.
    if (request.headers['x-security-token'] !== undefined) {
      throw family === 'ModelArts' || family === 'MaaSInference' ? new ApiError('ModelArts.4107') : akskFailure();
    }
    const parsed = parseAuthorization(authorization);
    if (!parsed) throw akskFailure();
    const key = await options.identity.accessKey(parsed.accessKey);
    if (!key || key.status !== 'active') throw akskFailure();
    const signable = {
      method: request.method,
      url: request.raw.url ?? request.url,
      headers: request.headers,
      body: request.rawBody ?? Buffer.alloc(0),
    };
    if (!verifySignature(signable, parsed, key.secretKey, options.signatureMaxSkewMs)) throw akskFailure();
    principal = await options.identity.principal(key.userId);
    if (!principal) throw akskFailure();
    if (principal.accountState === 'frozen') throw akskFailure();
    method = 'aksk';
    if (pathProject !== undefined && !(await options.identity.projectOfAccount(principal.accountId, pathProject))) {
      throw fail(family, 'projectMismatch');
    }
  } else {
    throw fail(family, 'empty');
  }

  if (principal.accountState === 'frozen') throw fail(family, 'frozen');
  if (principal.accountState === 'restricted') throw fail(family, 'restricted');
  return { principal, method, ...(pathProject !== undefined ? { projectId: pathProject } : {}) };
}
