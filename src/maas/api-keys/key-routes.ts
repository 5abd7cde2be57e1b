import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import { admitModelArts } from '../admit.js';
import { ProjectParams } from '../endpoints/endpoint-schemas.js';
import { parsePaging } from '../validation.js';
import { type AllowlistTargets, CreateKeyBody, parseKeySettings, parseNewKey, UpdateKeyBody } from './key-input.js';
import type { ApiKeyStore } from './key-store.js';

const tags = ['MaaS API keys'];

const KeyParams = Type.Object({ project_id: Type.String(), key_id: Type.String() });
const ApiKey = Type.Object({
  id: Type.String(),
  label: Type.String(),
  api_key: Type.String({ description: 'The key in full in the answer to create only; masked everywhere else' }),
  description: Type.String(),
  allow_all: Type.Boolean(),
  ip_whitelist: Type.Array(Type.String()),
  resident_model_version_whitelist: Type.Array(Type.String()),
  endpoint_whitelist: Type.Array(Type.String()),
  rpm: Type.Union([Type.Integer(), Type.Null()]),
  tpm: Type.Union([Type.Integer(), Type.Null()]),
  monthly_budget: Type.Union([Type.Number(), Type.Null()]),
  status: Type.Literal('active'),
  create_time: Type.Integer(),
  update_time: Type.Integer(),
});

/** MaaS API keys at the cloud's paths (spec §4): create, list and update under v2, delete under v1. */
export function registerKeyRoutes(app: FastifyInstance, apiKeys: ApiKeyStore, targets: AllowlistTargets): void {
  const keys = '/v2/:project_id/maas/api-auth/api-keys';
  const keyIdOf = (params: { key_id?: string }) => params.key_id!;

  app.post(
    keys,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Create an API key (the key is shown once, in this answer)',
        params: ProjectParams,
        body: CreateKeyBody,
        response: { 200: ApiKey },
      },
    },
    async (request) => {
      const { caller, projectId, body } = admitModelArts(request, Permissions.apiKeyCreate);
      const accountId = caller.principal.accountId;
      return apiKeys.create({ accountId, projectId }, await parseNewKey(body, targets, accountId));
    },
  );

  app.get(
    keys,
    {
      schema: {
        tags,
        summary: "The account's API keys, masked",
        params: ProjectParams,
        querystring: Type.Object({
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
        }),
        response: { 200: Type.Object({ total: Type.Integer(), api_keys: Type.Array(ApiKey) }) },
      },
    },
    async (request) => {
      const { caller } = admitModelArts(request, Permissions.apiKeyList);
      const paging = parsePaging(request.query as Record<string, string | undefined>, 30, 100);
      return apiKeys.list(caller.principal.accountId, paging);
    },
  );

  app.put(
    `${keys}/:key_id`,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Update description and allowlists (label and id cannot change)',
        params: KeyParams,
        body: UpdateKeyBody,
        response: { 200: ApiKey },
      },
    },
    async (request) => {
      const { caller, params, body } = admitModelArts(request, Permissions.apiKeyCreate);
      const accountId = caller.principal.accountId;
      return apiKeys.update(accountId, keyIdOf(params), await parseKeySettings(body, targets, accountId));
    },
  );

  app.delete(
    '/v1/:project_id/maas/api-auth/api-keys/:key_id',
    {
      schema: {
        tags,
        summary: 'Delete an API key (it stops working at once)',
        params: KeyParams,
        response: { 200: Type.Object({ result: Type.Literal('success') }) },
      },
    },
    async (request) => {
      const { caller, params } = admitModelArts(request, Permissions.apiKeyDelete);
      await apiKeys.delete(caller.principal.accountId, keyIdOf(params));
      return { result: 'success' };
    },
  );
}
