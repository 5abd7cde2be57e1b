import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requirePermission, type UserCaller } from './caller.js';
import { registerCredentialRoutes } from './credential-routes.js';
import { accountStates, type AccountState, type IdentityService } from './identity-service.js';
import { Permissions, permissionsCover } from './permissions.js';
import { registerProjectRoutes } from './project-routes.js';
import { checkCreateUser, checkUpdateUser, parseNewAccount } from './request-checks.js';
import { at, integerQuery } from './request-values.js';
import * as schemas from './schemas.js';
import { registerTokenRoutes } from './token-routes.js';

export interface IdentityRouteDeps {
  identity: IdentityService;
  /** The origin clients reach this deployment at (token catalogs, links); unset: each request's own. */
  publicUrl: string | undefined;
  /** The catalog's region for domain-scoped tokens. */
  defaultRegion: string;
}

/**
 * A user manager gives no more than it holds, and changes no user holding more (a password it set, or permissions
 * it granted, would let it act with more than its own): APIG.0302, the answer for a missing permission.
 */
function requireWithin(caller: UserCaller, permissions: readonly string[]): void {
  if (!permissionsCover(caller.principal.permissions, permissions)) throw new ApiError('APIG.0302');
}

function admitIam(request: FastifyRequest, action: string) {
  const caller = requirePermission(request, action, 'APIG.0302');
  return { accountId: caller.principal.accountId, caller, body: (request.body ?? {}) as Record<string, unknown> };
}

const tags = ['Identity'];
const operatorTags = ['Operator'];

export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRouteDeps): void {
  const { identity } = deps;
  registerTokenRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerCredentialRoutes(app, deps);

  app.post(
    '/v3/users',
    {
      config: { json: true },
      schema: { tags, summary: "Create a user in the caller's account", body: schemas.CreateUserBody },
    },
    async (request, reply) => {
      const { accountId, caller, body } = admitIam(request, Permissions.iamUserManage);
      const { user } = checkCreateUser(body);
      const { name, password: secret } = user;
      const permissions = user.permissions ?? [];
      requireWithin(caller, permissions);
      const created = await identity.directory.createUser(accountId, name, secret, permissions);
      return reply.status(201).send({ user: created });
    },
  );

  app.get('/v3/users', { schema: { tags, summary: "List the users of the caller's account" } }, async (request) => {
    const { accountId } = admitIam(request, Permissions.iamUserManage);
    return { users: await identity.directory.listUsers(accountId) };
  });

  app.get('/v3/users/:user_id', { schema: { tags, summary: 'Show a user' } }, async (request) => {
    const { accountId } = admitIam(request, Permissions.iamUserManage);
    const user = await identity.directory.getUser(accountId, (request.params as { user_id: string }).user_id);
    if (!user) throw new ApiError('IAM.0003', 'user');
    return { user };
  });

  app.patch(
    '/v3/users/:user_id',
    {
      config: { json: true },
      schema: {
        tags,
        summary: "Change a user's password, permissions or enabled state (a new password or disabling ends its tokens)",
        body: schemas.UpdateUserBody,
      },
    },
    async (request) => {
      const { accountId, caller, body } = admitIam(request, Permissions.iamUserManage);
      const userId = (request.params as { user_id: string }).user_id;
      // Only a `user` object's fields are read (the schema check leaves any other `user` alone).
      const user = (at(checkUpdateUser(body), 'user') ?? {}) as Static<typeof schemas.UpdateUserBody>['user'];
      const { password: newPassword, permissions, enabled } = user;
      const changes = {
        ...(newPassword !== undefined ? { password: newPassword } : {}),
        ...(permissions !== undefined ? { permissions } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      };
      const current = await identity.directory.getUser(accountId, userId);
      if (!current) throw new ApiError('IAM.0003', 'user');
      requireWithin(caller, current.permissions);
      if (changes.permissions) requireWithin(caller, changes.permissions);
      const updated = await identity.directory.updateUser(accountId, userId, changes);
      if (!updated) throw new ApiError('IAM.0003', 'user');
      return { user: updated };
    },
  );

  // ---- operator API: the platform's own administration, outside any tenant account -------------------------------
  app.post(
    '/operator/v1/accounts',
    {
      config: { auth: 'operator', json: true },
      schema: {
        tags: operatorTags,
        summary: 'Create an account with its administrator, first project and AK/SK',
        body: schemas.CreateAccountBody,
      },
    },
    async (request, reply) => {
      const input = await parseNewAccount(
        request.body,
        async (name) => (await identity.directory.findAccountByName(name)) !== undefined,
      );
      const { account } = input;
      const result = await identity.bootstrap(input);
      return reply.status(201).send({
        account: { id: result.accountId, name: account, state: 'normal' },
        project_id: result.projectId,
        user_id: result.userId,
        credential: { access: result.accessKey, secret: result.secretKey },
      });
    },
  );

  app.get(
    '/operator/v1/accounts',
    {
      config: { auth: 'operator' },
      schema: {
        tags: operatorTags,
        summary: 'List the accounts, oldest first, a page at a time',
        querystring: schemas.ListAccountsQuery,
        response: { 200: schemas.AccountList },
      },
    },
    async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const offset = integerQuery(query.offset, 'offset', 0, 1_000_000) ?? 0;
      const limit = integerQuery(query.limit, 'limit', 1, 100) ?? 50;
      return identity.directory.listAccounts({ offset, limit });
    },
  );

  app.get(
    '/operator/v1/accounts/:account_name',
    { config: { auth: 'operator' }, schema: { tags: operatorTags, summary: 'Show an account' } },
    async (request) => {
      const account = await identity.directory.findAccountByName(
        (request.params as { account_name: string }).account_name,
      );
      if (!account) throw new ApiError('IAM.0003', 'account');
      return { account: { id: account.id, name: account.name, state: account.state } };
    },
  );

  app.put(
    '/operator/v1/accounts/:account_name/state',
    {
      config: { auth: 'operator', json: true },
      schema: {
        tags: operatorTags,
        summary: 'Set an account normal, frozen (arrears) or restricted',
        body: schemas.AccountStateBody,
      },
    },
    async (request) => {
      const state = (request.body as Record<string, unknown>).state;
      if (!accountStates.includes(state as AccountState)) throw new ApiError('IAM.0002', 'state');
      const account = await identity.directory.findAccountByName(
        (request.params as { account_name: string }).account_name,
      );
      if (!account) throw new ApiError('IAM.0003', 'account');
      await identity.directory.setAccountState(account.id, state as AccountState);
      return { account: { id: account.id, name: account.name, state } };
    },
  );
}
