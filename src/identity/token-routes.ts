import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { familyError } from '../errors/families.js';
import { requireUser } from './caller.js';
import type { DomainRef, IdentityService, IssuedToken, TokenScope } from './identity-service.js';
import { publicOrigin } from './links.js';
import { hasPermission, Permissions } from './permissions.js';
import { at, optionalString, requiredString } from './request-values.js';
import * as schemas from './schemas.js';
import { type CatalogPlace, tokenBody } from './token-body.js';
import type { TokenClaims } from './tokens.js';

export interface TokenRouteDeps {
  identity: IdentityService;
  /** The configured public origin; unset: each request's own. */
  publicUrl: string | undefined;
  /** The catalog's region for domain-scoped tokens. */
  defaultRegion: string;
}

function domainRef(value: unknown, name: string): DomainRef {
  const id = optionalString(at(value, 'id'), `${name}.id`);
  const domainName = optionalString(at(value, 'name'), `${name}.name`);
  if (id === undefined && domainName === undefined) throw new ApiError('IAM.0002', name);
  return { ...(id !== undefined ? { id } : {}), ...(domainName !== undefined ? { name: domainName } : {}) };
}

/** `auth.scope`: a project (id or name, optionally with its domain) or a domain (id or name); absent: none. */
function scopeOf(body: unknown): TokenScope | undefined {
  const scope = at(body, 'auth', 'scope');
  if (scope === undefined) return undefined;
  const project = at(scope, 'project');
  if (project !== undefined) {
    const id = optionalString(at(project, 'id'), 'auth.scope.project.id');
    const name = optionalString(at(project, 'name'), 'auth.scope.project.name');
    if (id === undefined && name === undefined) throw new ApiError('IAM.0002', 'auth.scope.project');
    const domain = at(project, 'domain');
    return {
      project: {
        ...(id !== undefined ? { id } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(domain !== undefined ? { domain: domainRef(domain, 'auth.scope.project.domain') } : {}),
      },
    };
  }
  const domain = at(scope, 'domain');
  if (domain !== undefined) return { domain: domainRef(domain, 'auth.scope.domain') };
  throw new ApiError('IAM.0002', 'auth.scope');
}

/** IAM's `nocatalog`: any non-empty value leaves the catalog out. */
function wantsCatalog(request: FastifyRequest): boolean {
  const nocatalog = (request.query as Record<string, string | undefined>).nocatalog;
  return nocatalog === undefined || nocatalog === '';
}

const tags = ['Identity'];

/** POST, GET and DELETE /v3/auth/tokens: issue (password or token method), validate and revoke tokens. */
export function registerTokenRoutes(app: FastifyInstance, deps: TokenRouteDeps): void {
  const { identity } = deps;

  const catalogPlace = (request: FastifyRequest, claims: TokenClaims): CatalogPlace | undefined =>
    wantsCatalog(request)
      ? { origin: publicOrigin(request, deps.publicUrl), region: claims.pn ?? deps.defaultRegion }
      : undefined;

  const byPassword = (request: FastifyRequest, body: unknown): Promise<IssuedToken> => {
    const user = at(body, 'auth', 'identity', 'password', 'user');
    const scope = scopeOf(body);
    return identity.tokens.issueTokenWithPassword({
      domainName: requiredString(at(user, 'domain', 'name'), 'auth.identity.password.user.domain.name'),
      userName: requiredString(at(user, 'name'), 'auth.identity.password.user.name'),
      password: requiredString(at(user, 'password'), 'auth.identity.password.user.password'),
      address: request.ip,
      ...(scope ? { scope } : {}),
    });
  };

  const byToken = async (request: FastifyRequest, body: unknown): Promise<IssuedToken> => {
    const token = requiredString(at(body, 'auth', 'identity', 'token', 'id'), 'auth.identity.token.id', 16 * 1024);
    const scope = scopeOf(body);
    if (!scope) throw new ApiError('IAM.0002', 'auth.scope');
    const current = await identity.tokens.currentToken(token);
    if (!current.ok) {
      throw familyError(request.family, current.reason === 'expired' ? 'expiredToken' : 'rejectedToken');
    }
    return identity.tokens.issueRescopedToken(current, scope);
  };

  app.post(
    '/v3/auth/tokens',
    {
      config: { auth: 'none', json: true },
      // Read before anyone is proven: a login body is small, so a large one is refused before it is read.
      bodyLimit: 64 * 1024,
      schema: {
        tags,
        summary: 'Obtain a token (valid 24 h, in X-Subject-Token) with a password, or rescope a token of ours',
        querystring: schemas.TokenQuery,
        body: schemas.TokenRequest,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const methods = at(body, 'auth', 'identity', 'methods');
      if (!Array.isArray(methods)) throw new ApiError('IAM.0002', 'auth.identity.methods');
      let issued: IssuedToken;
      if (methods.includes('password')) issued = await byPassword(request, body);
      else if (methods.includes('token')) issued = await byToken(request, body);
      else throw new ApiError('IAM.0002', 'auth.identity.methods');
      const permissions = (await identity.directory.principal(issued.claims.uid))?.permissions ?? [];
      reply.header('X-Subject-Token', issued.token);
      return reply.status(201).send(tokenBody(issued.claims, permissions, catalogPlace(request, issued.claims)));
    },
  );

  const subjectOf = (request: FastifyRequest): string => {
    const subject = request.headers['x-subject-token'];
    if (typeof subject !== 'string' || subject === '') throw new ApiError('IAM.0002', 'X-Subject-Token');
    return subject;
  };
  const callerRights = (request: FastifyRequest) => {
    const caller = requireUser(request);
    return {
      userId: caller.principal.userId,
      accountId: caller.accountId,
      mayManageUsers: hasPermission(caller.principal.permissions, Permissions.iamUserManage),
    };
  };

  app.get(
    '/v3/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Validate a token (X-Subject-Token): your own, or any of your account with iam:users:manage',
        headers: schemas.SubjectTokenHeaders,
        querystring: schemas.TokenQuery,
      },
    },
    async (request, reply) => {
      const subject = subjectOf(request);
      const { claims, principal } = await identity.tokens.subjectToken(subject, callerRights(request));
      reply.header('X-Subject-Token', subject);
      return tokenBody(claims, principal.permissions, catalogPlace(request, claims));
    },
  );

  app.delete(
    '/v3/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Revoke a token (X-Subject-Token): your own, or any of your account with iam:users:manage',
        headers: schemas.SubjectTokenHeaders,
      },
    },
    async (request, reply) => {
      await identity.tokens.revokeToken(subjectOf(request), callerRights(request));
      return reply.status(204).send();
    },
  );
}
