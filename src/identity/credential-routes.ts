import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requireUser, type UserCaller } from './caller.js';
import type { IdentityService } from './identity-service.js';
import { hasPermission, Permissions, permissionsCover } from './permissions.js';
import { checkCreateCredential, checkUpdateCredential } from './request-checks.js';
import { at } from './request-values.js';
import * as schemas from './schemas.js';

export interface CredentialRouteDeps {
  identity: IdentityService;
}

/** As in IAM: a user manages its own keys; other users' keys of the account need iam:credentials:manage. */
function mayManageOthersKeys(caller: UserCaller): boolean {
  return hasPermission(caller.principal.permissions, Permissions.iamCredentialManage);
}

/** A key acts as its user: keys of a user holding more than the caller are not the caller's to hold or touch. */
function mayManageKeysOfUser(caller: UserCaller, owner: { id: string; permissions: readonly string[] }): boolean {
  if (owner.id === caller.principal.userId) return true;
  return mayManageOthersKeys(caller) && permissionsCover(caller.principal.permissions, owner.permissions);
}

/** UpdatePermanentAccessKey's body: a status, a description, or both (IAM.0002 `credential` for neither). */
function keyChanges(body: unknown) {
  const { status, description } = checkUpdateCredential(body).credential;
  if (status === undefined && description === undefined) throw new ApiError('IAM.0002', 'credential');
  return { ...(status !== undefined ? { status } : {}), ...(description !== undefined ? { description } : {}) };
}

const tags = ['Identity'];
const path = '/v3.0/OS-CREDENTIAL/credentials';

/** Permanent access keys (AK/SK): create, list, show, update (status, description), delete. */
export function registerCredentialRoutes(app: FastifyInstance, deps: CredentialRouteDeps): void {
  const { identity } = deps;

  /**
   * The user whose keys the caller asks for, when the caller may manage them (APIG.0302 otherwise); undefined when the
   * account has no such user (left to each API to answer).
   */
  const keyOwner = async (caller: UserCaller, userId: string) => {
    if (userId !== caller.principal.userId && !mayManageOthersKeys(caller)) throw new ApiError('APIG.0302');
    const owner = await identity.directory.getUser(caller.accountId, userId);
    if (owner && !mayManageKeysOfUser(caller, owner)) throw new ApiError('APIG.0302');
    return owner;
  };

  /** A key of the caller's account that the caller may manage; another account's key answers as unknown. */
  const manageableKey = async (request: FastifyRequest) => {
    const caller = requireUser(request);
    const accessKey = (request.params as { access_key: string }).access_key;
    const key = await identity.accessKeys.get(caller.accountId, accessKey);
    if (!key) throw new ApiError('IAM.0003', 'credential');
    await keyOwner(caller, key.user_id);
    return { caller, key };
  };

  app.post(
    path,
    {
      config: { json: true },
      schema: {
        tags,
        summary:
          'Create an AK/SK pair (the secret is shown only here); for yourself, or any user with iam:credentials:manage',
        body: schemas.CreateCredentialBody,
      },
    },
    async (request, reply) => {
      const caller = requireUser(request);
      // Only a `credential` object's fields are read (the schema check leaves any other `credential` alone).
      const fields = at(checkCreateCredential(request.body), 'credential') as
        Static<typeof schemas.CreateCredentialBody>['credential'] | undefined;
      const userId = fields?.user_id ?? caller.principal.userId;
      const text = fields?.description ?? '';
      const user = await keyOwner(caller, userId);
      if (!user) throw new ApiError('IAM.0003', 'user');
      return reply.status(201).send({ credential: await identity.accessKeys.create(caller.accountId, user.id, text) });
    },
  );

  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'List AK/SK pairs (without secrets): your own, or with iam:credentials:manage any of the account',
        querystring: schemas.ListCredentialsQuery,
      },
    },
    async (request) => {
      const caller = requireUser(request);
      const userId = (request.query as Record<string, string | undefined>).user_id;
      if (userId !== undefined) await keyOwner(caller, userId);
      const owner = userId ?? (mayManageOthersKeys(caller) ? undefined : caller.principal.userId);
      const keys = await identity.accessKeys.list(caller.accountId, owner);
      if (owner !== undefined) return { credentials: keys };
      // The whole account's: only the keys of users the caller may manage.
      const manageable = new Set(
        (await identity.directory.listUsers(caller.accountId))
          .filter((u) => mayManageKeysOfUser(caller, u))
          .map((u) => u.id),
      );
      return { credentials: keys.filter((key) => manageable.has(key.user_id)) };
    },
  );

  app.get(
    `${path}/:access_key`,
    { schema: { tags, summary: 'Show an AK/SK pair, with when it was last used ("" for never)' } },
    async (request) => ({ credential: (await manageableKey(request)).key }),
  );

  app.put(
    `${path}/:access_key`,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Activate or deactivate an AK/SK pair, or change its description',
        body: schemas.UpdateCredentialBody,
      },
    },
    async (request) => {
      const { caller, key } = await manageableKey(request);
      const updated = await identity.accessKeys.update(caller.accountId, key.access, keyChanges(request.body));
      if (!updated) throw new ApiError('IAM.0003', 'credential');
      return { credential: updated };
    },
  );

  app.delete(`${path}/:access_key`, { schema: { tags, summary: 'Delete an AK/SK pair' } }, async (request, reply) => {
    const { caller, key } = await manageableKey(request);
    if (!(await identity.accessKeys.delete(caller.accountId, key.access))) throw new ApiError('IAM.0003', 'credential');
    return reply.status(204).send();
  });
}
