import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { familyError, familyOfPath } from '../errors/families.js';
import type { IdentityService } from '../identity/index.js';
import { FailureLimiter, LimitersByPolicy, RequestRateLimiter } from '../storage/rate-limiter.js';
import { authenticateOperator, authenticateUser, hasPendingSignature, verifyPendingSignature } from './authenticate.js';
import { checkServiceBodyLimit, keepRawBodies, parseJsonBody, requireContentType } from './body.js';
import { refuseMalformedRequest, UnverifiedBodyBudget } from './request-guards.js';
import type { Authenticator, AuthMode } from './route-config.js';
import { installRouteLookup } from './route-lookup.js';

export type { Authenticator, AuthMode, Caller, CallerKinds, GatewayRouteConfig } from './route-config.js';
export { parseQueryString } from './request-guards.js';

export interface GatewayOptions {
  identity: IdentityService;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  signatureMaxSkewSeconds: number;
  /** Body bytes that may be in flight at once for requests whose caller is not yet proven. */
  unverifiedBodyBudgetBytes: number;
  /** Key for routes with auth 'operator' (X-Operator-Key); those routes are refused when unset. */
  operatorKey?: string | undefined;
  /** Shared rate-limit counts for several instances. */
  redis?: Redis | undefined;
}

/** Modes counted under the caller's address before any credential is looked at (so key guessing is rate-limited). */
const countedByAddress: ReadonlySet<AuthMode> = new Set(['none', 'operator', 'scrape']);

/** Wrong operator keys an address may send in a quarter of an hour before it is locked out for the rest of it. */
const operatorKeyFailures = { failures: 10, windowSeconds: 15 * 60 };

/**
 * The gateway in front of every API, as small named steps in the order a request meets them. On the headers, before
 * any body byte is read: request id and family → malformed requests (no Host, repeated parameters) → rate limit by
 * address (public and operator routes) → authenticate (token | AK/SK headers | operator key | a domain's mode, one
 * `request.caller`). Then the body, metered against a budget while its caller is unproven. After it: the AK/SK
 * signature over the exact bytes → account state → rate limit by caller → service body limit → Content-Type → JSON.
 * Registered on the root instance before any route.
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
  const operatorFailures = new FailureLimiter(operatorKeyFailures, {
    keyPrefix: 'aisp:operator-fail',
    redis: options.redis,
  });
  const bodyBudget = new UnverifiedBodyBudget(options.unverifiedBodyBudgetBytes);
  const userOptions = { identity: options.identity, signatureMaxSkewMs: options.signatureMaxSkewSeconds * 1000 };
  const authenticators = new Map<AuthMode, Authenticator>([
    ['iam', (request) => authenticateUser(request, userOptions)],
    ['operator', (request) => authenticateOperator(request, options.operatorKey, operatorFailures)],
    ['none', async (request) => ({ kind: 'anonymous', rateKey: request.ip })],
  ]);
  app.decorate('authenticators', authenticators);
  app.decorateRequest('family', 'APIG');
  app.decorateRequest('rawBody', undefined);
  app.decorateRequest('caller', undefined);
  app.decorateRequest('gatewayConfig', undefined as never);

  // APIs with a documented limit of their own get a limiter per distinct policy.
  const routeLimiters = new LimitersByPolicy('aisp:route', options.redis);
  const routeLimiter = (policy: { points: number; durationSeconds: number }) =>
    routeLimiters.get(`${policy.points}/${policy.durationSeconds}`, policy.points, policy.durationSeconds);
  const modeOf = (request: FastifyRequest): AuthMode => request.gatewayConfig.auth ?? 'iam';
  const limitRate = async (request: FastifyRequest, rateKey: string) => {
    const decision = await rateLimiter.consume(`${rateKey} ${request.method} ${request.gatewayConfig.url}`);
    if (!decision.allowed) throw familyError(request.family, 'rateLimited').retryAfter(decision.retryAfterMs);
  };

  function identifyRequest(request: FastifyRequest, reply: FastifyReply) {
    const config = request.routeOptions.config;
    request.gatewayConfig = config;
    // A route that names its family answers in it; the path patterns decide for the rest and for unknown paths.
    request.family = config.family ?? familyOfPath(request.url);
    reply.header('X-Request-Id', request.id);
  }

  function rateLimitByAddress(request: FastifyRequest) {
    if (!request.is404 && countedByAddress.has(modeOf(request))) return limitRate(request, request.ip);
  }

  function authenticate(request: FastifyRequest) {
    if (request.is404) return;
    const mode = modeOf(request);
    const authenticator = authenticators.get(mode);
    if (!authenticator) throw new Error(`no authenticator registered for mode ${mode}`);
    return authenticator(request).then((caller) => {
      request.caller = caller;
    });
  }

  async function meterUnverifiedBody(request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) {
    const unproven = request.caller?.kind === 'anonymous' || hasPendingSignature(request);
    return unproven ? bodyBudget.meter(request, reply, payload) : payload;
  }

  function keepRawBody(request: FastifyRequest) {
    if (Buffer.isBuffer(request.body)) request.rawBody = request.body;
  }

  function verifySignature(request: FastifyRequest) {
    if (!hasPendingSignature(request)) return;
    verifyPendingSignature(request, options.identity);
    // Proven: its body no longer holds the budget of unproven callers (a long call would otherwise keep it).
    bodyBudget.release(request);
  }

  async function checkAccountState(request: FastifyRequest) {
    const caller = request.caller;
    const accountId =
      caller?.kind === 'anonymous'
        ? caller.ownerAccountId
        : caller && 'accountId' in caller
          ? caller.accountId
          : undefined;
    if (accountId === undefined) return;
    const state = await options.identity.directory.accountState(accountId);
    if (state === 'restricted') throw familyError(request.family, 'accountRestricted');
    if (state !== 'normal') throw familyError(request.family, 'accountFrozen');
  }

  async function rateLimitByCaller(request: FastifyRequest) {
    if (request.is404 || !request.caller) return;
    // A caller the server itself paces (a batch's lines, at the runner's concurrency) is not rate-limited again.
    if ((request.caller as { paced?: boolean }).paced === true) return;
    if (!countedByAddress.has(modeOf(request))) await limitRate(request, request.caller.rateKey);
    const policy = request.gatewayConfig.rateLimit;
    if (policy) {
      const decision = await routeLimiter(policy).consume(`${request.caller.rateKey} ${request.gatewayConfig.url}`);
      if (!decision.allowed) throw familyError(request.family, 'rateLimited').retryAfter(decision.retryAfterMs);
    }
  }

  installRouteLookup(app);
  keepRawBodies(app);
  app.addHook('onRequest', inOrder([identifyRequest, refuseMalformedRequest, rateLimitByAddress, authenticate]));
  app.addHook('preParsing', meterUnverifiedBody);
  app.addHook(
    'preValidation',
    inOrder([
      keepRawBody,
      verifySignature,
      checkAccountState,
      rateLimitByCaller,
      checkServiceBodyLimit,
      requireContentType,
      parseJsonBody,
    ]),
  );
}

type Step = (request: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

/**
 * One hook that runs the named steps in order, waiting only on those that return a promise: a hook per step, or an
 * await per step, costs every request a few microseconds each, and most steps finish synchronously.
 */
function inOrder(steps: readonly Step[]) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    let index = 0;
    const next = (): void => {
      try {
        while (index < steps.length) {
          const pending = steps[index++]!(request, reply);
          if (pending) {
            pending.then(next, done);
            return;
          }
        }
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    };
    next();
  };
}
