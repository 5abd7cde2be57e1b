import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { familyError, familyOfPath } from '../errors/families.js';
import type { IdentityService } from '../identity/index.js';
import { authenticateOperator, authenticateUser } from './authenticate.js';
import { checkServiceBodyLimit, keepRawBodies, parseJsonBody, requireContentType } from './body.js';
import { RequestRateLimiter } from './rate-limit.js';
import type { Authenticator, AuthMode } from './route-config.js';
import { installRouteLookup } from './route-lookup.js';

export type { Authenticator, AuthMode, Caller, CallerKinds, GatewayRouteConfig } from './route-config.js';
export { RequestRateLimiter, type RateLimitDecision, type RateLimitPolicy } from './rate-limit.js';

export interface GatewayOptions {
  identity: IdentityService;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  signatureMaxSkewSeconds: number;
  /** Key for routes with auth 'operator' (X-Operator-Key); those routes are refused when unset. */
  operatorKey?: string | undefined;
  /** Shared rate-limit counts for several instances. */
  redis?: Redis | undefined;
}

/** Modes counted under the caller's address before any credential is looked at (so key guessing is rate-limited). */
const countedByAddress: ReadonlySet<AuthMode> = new Set(['none', 'operator']);

/**
 * The gateway in front of every API, as small named steps in the order a request meets them:
 * request id → route lookup (family) → raw body → rate limit by address (public and operator routes) → authenticate
 * (token | AK/SK | operator key | a domain's mode, one `request.caller`) → account state → rate limit by caller →
 * service body limit → Content-Type → parse JSON. Registered on the root instance before any route.
 */
export function installGateway(app: FastifyInstance, options: GatewayOptions): void {
  const rateLimiter = new RequestRateLimiter(
    {
      points: options.rateLimitPerSecond,
      durationSeconds: 1,
      burst: { points: options.rateLimitBurst, durationSeconds: 10 },
    },
    { keyPrefix: 'aisp:rate', redis: options.redis },
  );
  const userOptions = { identity: options.identity, signatureMaxSkewMs: options.signatureMaxSkewSeconds * 1000 };
  const authenticators = new Map<AuthMode, Authenticator>([
    ['iam', (request) => authenticateUser(request, userOptions)],
    ['operator', async (request) => authenticateOperator(request, options.operatorKey)],
    ['none', async (request) => ({ kind: 'anonymous', rateKey: request.ip })],
  ]);
  app.decorate('authenticators', authenticators);
  app.decorateRequest('family', 'APIG');
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('caller', undefined);

  const modeOf = (request: FastifyRequest): AuthMode => request.routeOptions.config.auth ?? 'iam';
  const limitRate = async (request: FastifyRequest, rateKey: string) => {
    const decision = await rateLimiter.consume(`${rateKey} ${request.method} ${request.routeOptions.url}`);
    if (!decision.allowed) throw familyError(request.family, 'rateLimited');
  };

  async function identifyRequest(request: FastifyRequest, reply: { header(name: string, value: string): unknown }) {
    request.family = familyOfPath(request.url);
    reply.header('X-Request-Id', request.id);
  }

  async function keepRawBody(request: FastifyRequest) {
    if (Buffer.isBuffer(request.body)) request.rawBody = request.body;
  }

  async function rateLimitByAddress(request: FastifyRequest) {
    if (!request.is404 && countedByAddress.has(modeOf(request))) await limitRate(request, request.ip);
  }

  async function authenticate(request: FastifyRequest) {
    if (request.is404) return;
    const mode = modeOf(request);
    const authenticator = authenticators.get(mode);
    if (!authenticator) throw new Error(`no authenticator registered for mode ${mode}`);
    request.caller = await authenticator(request);
  }

  async function checkAccountState(request: FastifyRequest) {
    const caller = request.caller;
    if (!caller || !('accountId' in caller)) return;
    const state = await options.identity.accountState(caller.accountId);
    if (state === 'restricted') throw familyError(request.family, 'accountRestricted');
    if (state !== 'normal') throw familyError(request.family, 'accountFrozen');
  }

  async function rateLimitByCaller(request: FastifyRequest) {
    if (!request.is404 && !countedByAddress.has(modeOf(request)) && request.caller) {
      await limitRate(request, request.caller.rateKey);
    }
  }

  installRouteLookup(app);
  keepRawBodies(app);
  app.addHook('onRequest', identifyRequest);
  for (const step of [
    keepRawBody,
    rateLimitByAddress,
    authenticate,
    checkAccountState,
    rateLimitByCaller,
    checkServiceBodyLimit,
    requireContentType,
    parseJsonBody,
  ]) {
    app.addHook('preValidation', step);
  }
}
