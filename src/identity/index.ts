import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type IdentityRouteDeps, registerIdentityRoutes } from './routes.js';

/**
 * Identity's public module: accounts, users, projects, permissions, tokens and AK/SK, in three rooms (`directory.ts`,
 * `token-service.ts`, `access-keys.ts`) that `IdentityService` holds. app.ts opens the service (the
 * gateway needs it before any domain), and this plugin registers its APIs: IAM-style for tenants, and the operator's
 * account administration.
 */
export const identityPlugin = fp(
  async (app: FastifyInstance, options: IdentityRouteDeps) => {
    registerIdentityRoutes(app, options);
    // Access keys' last use is kept in memory between batched writes: write the rest before the database closes.
    app.addHook('onClose', () => options.identity.close());
  },
  { name: 'identity' },
);

export {
  type AccountState,
  accountStates,
  type BootstrapResult,
  IdentityService,
  type Principal,
} from './identity-service.js';
export type { AccessKeys } from './access-keys.js';
export type { Directory } from './directory.js';
export type { TokenService } from './token-service.js';
export { type UserCaller, requirePermission, requireUser } from './caller.js';
export { hasPermission, Permissions } from './permissions.js';
export { deriveKeys, loadMasterKey, safeEqual } from './crypto.js';
export {
  checkSignedHeaders,
  type ParsedAuthorization,
  parseAuthorization,
  signRequest,
  verifySignature,
} from './aksk-signature.js';
