import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { Principal } from '../identity/identity-service.js';
import { hasPermission } from '../identity/permissions.js';
import type { Family } from './families.js';

/** Per-route settings the gateway reads (Fastify route `config`). */
export interface GatewayRouteConfig {
  /**
   * 'iam': token or AK/SK required (default); 'operator': the operator key (X-Operator-Key); 'none': public;
   * 'custom': the route authenticates itself (see `authenticate`).
   */
  auth?: 'iam' | 'operator' | 'none' | 'custom';
  /** Parse the body as a JSON object before the handler runs. */
  json?: boolean;
  /** The service's own body limit, checked before parsing (the family's code above it, e.g. AIS.0020). */
  serviceBodyLimit?: number;
  /** Refuse a request without a Content-Type header (the family's code, e.g. AIS.0010). */
  requireContentType?: boolean;
  /**
   * With auth 'custom': the route's own authentication, run where the gateway would run its own (before rate limits
   * and body parsing); returns the key its rate limit is counted under.
   */
  authenticate?: (request: import('fastify').FastifyRequest) => Promise<string>;
}

export interface CallerContext {
  principal: Principal;
  method: 'token' | 'aksk';
  /** Project from the path, checked to belong to the caller's account (or to match the token's scope). */
  projectId?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig extends GatewayRouteConfig {}
  interface FastifyRequest {
    family: Family;
    rawBody?: Buffer;
    caller?: CallerContext;
  }
}

/** The authenticated caller, who must hold `action`; otherwise the API's own "denied" code. */
export function requirePermission(
  request: { caller?: CallerContext },
  action: string,
  denied: ErrorCode,
): CallerContext {
  const caller = requireCaller(request);
  if (!hasPermission(caller.principal.permissions, action)) throw new ApiError(denied);
  return caller;
}

export function requireCaller(request: { caller?: CallerContext }): CallerContext {
  if (!request.caller) throw new Error('route used the caller without the gateway authenticating it');
  return request.caller;
}
