import { createHash } from 'node:crypto';
import { iamTime } from './iam-time.js';
import type { TokenClaims } from './tokens.js';

/** Where the services of this deployment are reached, for the catalog of a token. */
export interface CatalogPlace {
  /** The public origin, e.g. https://ai.example.com. */
  origin: string;
  /** The region the endpoints are listed for: a project-scoped token's project name, else the configured default. */
  region: string;
}

/**
 * The services this deployment runs, as catalog entries. Every API is served on one origin, so each endpoint's URL is
 * that origin, as the cloud SDKs take an endpoint (they add `/v3/{project_id}/moderation/...` and the like).
 */
const services = [
  { type: 'identity', name: 'keystone' },
  { type: 'iam', name: 'iam' },
  { type: 'moderation', name: 'moderation' },
  { type: 'modelarts', name: 'modelarts' },
  { type: 'maas', name: 'maas' },
] as const;

/** Ids that stay the same from token to token (Keystone's are fixed per service and endpoint). */
function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

export function serviceCatalog(place: CatalogPlace) {
  return services.map(({ type, name }) => ({
    type,
    id: stableId('service', type),
    name,
    endpoints: [
      {
        url: place.origin,
        region: place.region,
        region_id: place.region,
        interface: 'public',
        id: stableId('endpoint', type, place.region, place.origin),
      },
    ],
  }));
}

/**
 * The token's `roles`. The cloud lists role names with the placeholder id "0"; here a user holds permission
 * patterns, so a user with every permission (`*`) holds the cloud's administrator role `te_admin`, and any other user
 * one role per pattern it holds, named by the pattern (e.g. `modelarts:customEndpoint:*`).
 */
export function tokenRoles(permissions: readonly string[]): { name: string; id: string }[] {
  if (permissions.includes('*')) return [{ name: 'te_admin', id: '0' }];
  return permissions.map((name) => ({ name, id: '0' }));
}

/**
 * The body of POST and GET /v3/auth/tokens as the cloud answers it (KeystoneCreateUserTokenByPassword,
 * KeystoneValidateToken), keys in the cloud's order; `catalog` is empty when the client asked for `nocatalog`.
 */
export function tokenBody(claims: TokenClaims, permissions: readonly string[], place: CatalogPlace | undefined) {
  const domain = { name: claims.dn, id: claims.did };
  return {
    token: {
      methods: claims.am ?? ['password'],
      expires_at: iamTime(claims.exp * 1000),
      issued_at: iamTime(claims.iat * 1000),
      catalog: place ? serviceCatalog(place) : [],
      roles: tokenRoles(permissions),
      ...(claims.pid !== undefined ? { project: { name: claims.pn, id: claims.pid, domain } } : { domain }),
      user: { name: claims.un, id: claims.uid, password_expires_at: '', domain },
    },
  };
}
