import type { FastifyRequest } from 'fastify';
import type { Family } from '../errors/families.js';
import type { UserCaller } from '../identity/index.js';

export interface OperatorCaller {
  kind: 'operator';
  rateKey: string;
}

export interface AnonymousCaller {
  kind: 'anonymous';
  rateKey: string;
  /**
   * The account owning what is called, when that is a tenant's (a real-time service without authentication): its
   * state applies to anonymous callers as to its own users, so a frozen or restricted account serves no one.
   */
  ownerAccountId?: string;
}

/**
 * Every kind of caller the gateway can authenticate, by kind. A domain that supplies an authentication mode adds its
 * caller kind here by declaration merging (maas adds `apiKey`), so `request.caller` stays the one caller field.
 */
export interface CallerKinds {
  user: UserCaller;
  operator: OperatorCaller;
  anonymous: AnonymousCaller;
}

export type Caller = CallerKinds[keyof CallerKinds];

/**
 * 'iam': token or AK/SK (the default); 'operator': the operator key (X-Operator-Key); 'none': public;
 * 'apiKey': a MaaS API key, checked by the authenticator the maas domain registers; 'infer': a direct call of a
 * real-time service (token or AK/SK, or none for a service without authentication), also supplied by maas;
 * 'scrape': /metrics with a scrape token (Authorization: Bearer) or the operator key, supplied by the metrics.
 */
export type AuthMode = 'iam' | 'operator' | 'none' | 'apiKey' | 'infer' | 'scrape';

export type Authenticator = (request: FastifyRequest) => Promise<Caller>;

/** Per-route settings the gateway reads (Fastify route `config`). */
export interface GatewayRouteConfig {
  auth?: AuthMode;
  /** Parse the body as a JSON object before the handler runs. */
  json?: boolean;
  /** The service's own body limit, checked before parsing (the family's code above it, e.g. AIS.0020). */
  serviceBodyLimit?: number;
  /** Refuse a request without a Content-Type header (the family's code, e.g. AIS.0010). */
  requireContentType?: boolean;
  /** The API's own per-caller limit, on top of the gateway's default one (e.g. 200 a minute for statistics). */
  rateLimit?: { points: number; durationSeconds: number };
  /**
   * The API family whose codes answer the gateway's failures on this route. Routes that name one use it; the path
   * patterns in errors/families.ts decide for the others and for paths no route has (404 and wrong method).
   */
  family?: Family;
}

declare module 'fastify' {
  interface FastifyContextConfig extends GatewayRouteConfig {}
  interface FastifyRequest {
    /** The exact body bytes (AK/SK signatures cover them). */
    rawBody?: Buffer;
    caller?: Caller;
    /**
     * The route's config as the gateway read it once, on the request's arrival: `request.routeOptions` builds a new
     * object on every read, and the gateway's steps read the route's settings several times a request.
     */
    gatewayConfig: FastifyContextConfig & { url?: string | undefined };
  }
  interface FastifyInstance {
    /** Authentication modes beyond the gateway's own; a domain registers the check for the mode it supplies. */
    authenticators: Map<AuthMode, Authenticator>;
  }
}
