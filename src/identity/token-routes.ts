import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { familyError } from '../errors/families.js';
import { requireUser } from './caller.js';
import type { IdentityService, IssuedToken } from './identity-service.js';
import { publicOrigin } from './links.js';
import { hasPermission, Permissions } from './permissions.js';
import * as schemas from './schemas.js';
import { type CatalogPlace, tokenBody } from './token-body.js';
import { parseTokenRequest, type TokenRequest } from './token-request.js';
import type { TokenClaims } from './tokens.js';

export interface TokenRouteDeps {
  identity: IdentityService;
  /** The configured public origin; unset: each request's own. */
  publicUrl: string | undefined;
  /** The catalog's region for domain-scoped tokens. */
  defaultRegion: string;
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

  const issue = async (request: FastifyRequest, token: TokenRequest): Promise<IssuedToken> => {
    if (token.method === 'password') {
      const { domainName, userName, password, scope } = token;
      return identity.tokens.issueTokenWithPassword({
        domainName,
        userName,
        password,
        address: request.ip,
        ...(scope ? { scope } : {}),
      });
    }
    const current = await identity.tokens.currentToken(token.token);
    if (!current.ok) {
      throw familyError(request.family, current.reason === 'expired' ? 'expiredToken' : 'rejectedToken');
    }
    return identity.tokens.issueRescopedToken(current, token.scope);
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
      const issued = await issue(request, parseTokenRequest(request.body));
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
