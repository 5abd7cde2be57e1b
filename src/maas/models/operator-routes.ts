import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { type AccountDirectory, fieldLimits } from '../contract.js';
import type { FreeTokenQuota } from '../free-quota.js';
import { invalid } from '../validation.js';
import { parseModelInput } from './model-input.js';
import type { ModelDeployment, ModelStore } from './model-store.js';

const tags = ['Operator'];

const ReplicaBody = Type.Object({
  url: Type.String({ description: 'Base URL of an OpenAI-compatible API, e.g. http://10.0.0.5:8000/v1' }),
  weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  api_key: Type.Optional(
    Type.String({ description: "The upstream's own key, sent as a Bearer token; stored sealed, never shown" }),
  ),
  timeout_ms: Type.Optional(
    Type.Integer({ minimum: 100, description: "Time to this server's response headers (default: the platform's)" }),
  ),
});
export const ModelBody = Type.Object({
  name: Type.String({ description: 'The public model name clients send as `model` (case-sensitive)' }),
  upstream_model: Type.Optional(Type.String({ description: 'The name the replicas expect (default: name)' })),
  description: Type.Optional(Type.String({ maxLength: 256 })),
  open_to_all: Type.Optional(Type.Boolean({ description: 'Default: true unless accounts are listed' })),
  accounts: Type.Optional(Type.Array(Type.String(), { description: 'Account names the model is open to' })),
  rpm_limit: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  tpm_limit: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  moderation: Type.Optional(Type.Boolean({ description: 'Content guard on direct calls (default true)' })),
  status: Type.Optional(Type.Union([Type.Literal('running'), Type.Literal('stopped')])),
  fallback_model: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'Another model that takes the calls this one fails on every replica (before any byte is sent)',
    }),
  ),
  cache_ttl_seconds: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: fieldLimits.maxCacheTtlSeconds,
      description: 'Seconds an identical call (same project, model, body) is answered from the response cache; 0: none',
    }),
  ),
  replicas: Type.Array(ReplicaBody, { minItems: 1 }),
});

/** A deployment as the operator API shows it: replicas' keys are never shown, only whether one is set. */
export async function modelView(model: ModelDeployment, accounts: AccountDirectory) {
  const names = await accounts.accountNames(model.accounts);
  return {
    model_id: model.id,
    name: model.name,
    upstream_model: model.upstreamModel,
    description: model.description,
    open_to_all: model.openToAll,
    accounts: model.accounts.map((id) => names.get(id) ?? id),
    rpm_limit: model.rpmLimit,
    tpm_limit: model.tpmLimit,
    moderation: model.moderation,
    status: model.status,
    origin: model.origin,
    fallback_model: model.fallbackModel,
    cache_ttl_seconds: model.cacheTtlSeconds,
    replicas: model.replicas.map((r) => ({
      replica_id: r.id,
      url: r.url,
      weight: r.weight,
      timeout_ms: r.headersTimeoutMs ?? null,
      has_api_key: r.apiKey !== undefined,
    })),
    create_time: model.createdAt,
    update_time: model.updatedAt,
  };
}

export interface OperatorRouteDeps {
  models: ModelStore;
  accounts: AccountDirectory;
  freeQuota: FreeTokenQuota;
}

/** The operator's model deployments, and each project's free token quota on them. */
export function registerOperatorRoutes(app: FastifyInstance, { models, accounts, freeQuota }: OperatorRouteDeps): void {
  const base = '/operator/v1/maas/models';
  const operator = { auth: 'operator' as const };
  const nameOf = (params: unknown) => (params as { model_name: string }).model_name;

  app.post(
    base,
    {
      config: { ...operator, json: true },
      schema: { tags, summary: 'Deploy a model (built-in service)', body: ModelBody },
    },
    async (request, reply) => {
      const input = await parseModelInput(request.body as Record<string, unknown>, accounts);
      return reply.status(201).send(await modelView(await models.create(input), accounts));
    },
  );
  app.get(base, { config: operator, schema: { tags, summary: 'List model deployments' } }, async () => {
    const list = await models.list();
    return { total: list.length, models: await Promise.all(list.map((m) => modelView(m, accounts))) };
  });
  app.get(
    `${base}/:model_name`,
    { config: operator, schema: { tags, summary: 'Show a model deployment' } },
    async (request) => modelView(await models.get(nameOf(request.params)), accounts),
  );
  app.put(
    `${base}/:model_name`,
    {
      config: { ...operator, json: true },
      schema: { tags, summary: 'Replace a deployment (settings and replicas)', body: ModelBody },
    },
    async (request) => {
      const input = await parseModelInput(request.body as Record<string, unknown>, accounts);
      return modelView(await models.replace(nameOf(request.params), input, 'api'), accounts);
    },
  );
  app.delete(
    `${base}/:model_name`,
    { config: operator, schema: { tags, summary: 'Delete a deployment no custom endpoint uses' } },
    async (request, reply) => {
      await models.delete(nameOf(request.params));
      return reply.status(204).send();
    },
  );

  const projectPath = '/operator/v1/projects/:project_id/maas';
  const projectOf = async (params: unknown) => {
    const projectId = (params as { project_id: string }).project_id;
    if (!(await accounts.projectExists(projectId))) throw new ApiError('IAM.0003', 'project');
    return projectId;
  };
  app.get(
    projectPath,
    { config: operator, schema: { tags, summary: "A project's MaaS free tokens and use" } },
    async (request) => {
      const projectId = await projectOf(request.params);
      return {
        monthly_free_tokens: await freeQuota.monthlyTokens(projectId),
        used_tokens_this_month: await freeQuota.usedThisMonth(projectId),
      };
    },
  );
  app.put(
    projectPath,
    {
      config: { ...operator, json: true },
      schema: {
        tags,
        summary: "Set a project's free tokens per month on operator models (null: no limit)",
        body: Type.Object({ monthly_free_tokens: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]) }),
      },
    },
    async (request) => {
      const projectId = await projectOf(request.params);
      const value = (request.body as Record<string, unknown>).monthly_free_tokens;
      if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
        throw invalid('monthly_free_tokens', 'must be a whole number of tokens or null');
      }
      await freeQuota.setMonthlyTokens(projectId, value as number | null);
      return {
        monthly_free_tokens: value,
        used_tokens_this_month: await freeQuota.usedThisMonth(projectId),
      };
    },
  );
}
