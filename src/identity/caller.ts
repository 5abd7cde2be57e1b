import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { Principal } from './identity-service.js';
import { hasPermission } from './permissions.js';

/** A user authenticated by an IAM token or an AK/SK signature. */
export interface UserCaller {
  kind: 'user';
  principal: Principal;
  method: 'token' | 'aksk';
  accountId: string;
  /** Project from the path, checked to belong to the caller's account (or to match the token's scope). */
  projectId?: string;
  /** The project a token is scoped to (none for a domain-scoped token or AK/SK). */
  tokenProjectId?: string;
  /** What the caller's requests are rate-limited under. */
  rateKey: string;
}

/** The user the gateway authenticated for this route (a route with `auth: 'iam'`). */
export function requireUser(request: { caller?: { kind: string } }): UserCaller {
  const caller = request.caller;
  if (caller?.kind !== 'user') throw new Error('route used the caller without the gateway authenticating a user');
  return caller as UserCaller;
}

/** The authenticated user, who must hold `action`; otherwise the API's own "denied" code. */
export function requirePermission(
  request: { caller?: { kind: string } },
  action: string,
  denied: ErrorCode,
): UserCaller {
  const user = requireUser(request);
  if (!hasPermission(user.principal.permissions, action)) throw new ApiError(denied);
  return user;
}
