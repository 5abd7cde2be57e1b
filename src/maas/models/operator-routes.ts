import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import type { AccountDirectory } from '../contract.js';
import type { FreeTokenQuota } from '../free-quota.js';
import { budgetNanos } from '../api-keys/key-input.js';
import type { CallBudgets } from '../budgets/call-budgets.js';
import { currencyAmount, priceCurrency, priceView } from '../pricing/prices.js';
import { breaks, modelArtsInOrder } from '../../errors/schema-answers.js';
import { compileBodyCheck } from '../../errors/schema-check.js';
import { ModelBody, parseModelInput } from './model-input.js';
import type { ModelDeployment, ModelStore } from './model-store.js';

const tags = ['Operator'];

const maxProjectBudget = 1_000_000_000;
const ProjectSettingsBody = Type.Object({
  monthly_free_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  monthly_budget: Type.Optional(
    Type.Union([Type.Number({ minimum: 0, maximum: maxProjectBudget }), Type.Null()], {
      description: "Extension: what the project's calls may cost a calendar month (UTC), in the prices' currency",
    }),
  ),
});
const freeTokensRule = 'monthly_free_tokens must be a whole number of tokens or null';
/** Checked after the project's existence; another type or out of range have one wording per field. */
const checkProjectSettings = compileBodyCheck(
  ProjectSettingsBody,
  modelArtsInOrder([
    breaks('/monthly_free_tokens', ['type', 'range'], freeTokensRule),
    breaks(
      '/monthly_budget',
      ['type', 'range'],
      `monthly_budget must be a number from 0 to ${maxProjectBudget} or null`,
    ),
  ]),
);

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
    ...priceView(model.prices),
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
  budgets: CallBudgets;
}

/** The operator's model deployments, and each project's free token quota on them. */
export function registerOperatorRoutes(
  app: FastifyInstance,
  { models, accounts, freeQuota, budgets }: OperatorRouteDeps,
): void {
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
      const input = await parseModelInput(request.body ?? {}, accounts);
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
      const input = await parseModelInput(request.body ?? {}, accounts);
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
  const settingsOf = async (projectId: string) => {
    const budget = await freeQuota.monthlyBudgetNanos(projectId);
    return {
      monthly_free_tokens: await freeQuota.monthlyTokens(projectId),
      used_tokens_this_month: await freeQuota.usedThisMonth(projectId),
      monthly_budget: budget === null ? null : budget / 1e9,
      spent_this_month: currencyAmount(await budgets.projectSpent(projectId)),
      currency: priceCurrency,
    };
  };
  app.get(
    projectPath,
    { config: operator, schema: { tags, summary: "A project's MaaS free tokens, budget and use" } },
    async (request) => settingsOf(await projectOf(request.params)),
  );
  app.put(
    projectPath,
    {
      config: { ...operator, json: true },
      schema: {
        tags,
        summary:
          "Set a project's free tokens per month on operator models and its monthly budget (null: no limit; " +
          'a field left out is left as it is)',
        body: ProjectSettingsBody,
      },
    },
    async (request) => {
      const projectId = await projectOf(request.params);
      const body = checkProjectSettings(request.body);
      if (body.monthly_free_tokens === undefined && body.monthly_budget === undefined) {
        throw new ApiError('ModelArts.0101', freeTokensRule);
      }
      if (body.monthly_free_tokens !== undefined) await freeQuota.setMonthlyTokens(projectId, body.monthly_free_tokens);
      if (body.monthly_budget !== undefined) {
        await freeQuota.setMonthlyBudget(projectId, budgetNanos(body.monthly_budget));
      }
      return settingsOf(projectId);
    },
  );
}
