import { type Static, Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import {
  answerInOrder,
  answers,
  breaks,
  decodes,
  itemByItem,
  type OrderedCheck,
  parameterName,
} from '../../errors/schema-answers.js';
import { compileFailureList, type SchemaFailure } from '../../errors/schema-check.js';
import type { AccountDirectory } from '../contract.js';
import { fieldLimits } from '../contract.js';
import { priceChecks, priceFields, pricesOf } from '../pricing/prices.js';
import { parseUpstreamUrl } from '../upstream-url.js';
import { invalid, nullable, wholeNumberChecks } from '../validation.js';
import type { ModelInput } from './model-store.js';

/**
 * A model deployment as the operator declares it, through the operator API or the models file: its schema, which
 * feeds the OpenAPI document and, compiled, checks the body, and the order in which its failures answer, with the
 * account lookup in its place.
 */

/** Public model names: what clients put in `model` (e.g. `qwen2.5-7b`, `DeepSeek-R1`), case-sensitive. */
const modelNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const maxReplicas = 64;
const limits = { weight: [1, 1000], timeout: [100, 3_600_000] } as const;

// The URL's form is the `upstream-url` format; its wordings are parseUpstreamUrl's, answered last in a replica.
const ReplicaBody = Type.Object({
  url: Type.String({
    format: 'upstream-url',
    description: 'Base URL of an OpenAI-compatible API, e.g. http://10.0.0.5:8000/v1',
  }),
  weight: Type.Optional(nullable(Type.Integer({ minimum: limits.weight[0], maximum: limits.weight[1], default: 1 }))),
  api_key: Type.Optional(
    nullable(
      Type.String({
        minLength: 1,
        maxLength: 1024,
        description: "The upstream's own key, sent as a Bearer token; stored sealed, never shown",
      }),
    ),
  ),
  timeout_ms: Type.Optional(
    nullable(
      Type.Integer({
        minimum: limits.timeout[0],
        maximum: limits.timeout[1],
        description: "Time to this server's response headers (default: the platform's)",
      }),
    ),
  ),
});
const ModelName = Type.String({ pattern: modelNamePattern.source });
export const ModelBody = Type.Object({
  name: Type.String({
    pattern: modelNamePattern.source,
    description: 'The public model name clients send as `model` (case-sensitive)',
  }),
  upstream_model: Type.Optional(
    nullable(
      Type.String({ minLength: 1, maxLength: 255, description: 'The name the replicas expect (default: name)' }),
    ),
  ),
  description: Type.Optional(nullable(Type.String({ maxLength: fieldLimits.remark }))),
  accounts: Type.Optional(nullable(Type.Array(Type.String(), { description: 'Account names the model is open to' }))),
  fallback_model: Type.Optional(
    nullable(ModelName, {
      description: 'Another model that takes the calls this one fails on every replica (before any byte is sent)',
    }),
  ),
  status: Type.Optional(nullable(Type.Union([Type.Literal('running'), Type.Literal('stopped')]))),
  open_to_all: Type.Optional(nullable(Type.Boolean({ description: 'Default: true unless accounts are listed' }))),
  rpm_limit: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: fieldLimits.maxRpm }))),
  tpm_limit: Type.Optional(nullable(Type.Integer({ minimum: 1, maximum: fieldLimits.maxTpm }))),
  moderation: Type.Optional(nullable(Type.Boolean({ description: 'Content guard on direct calls (default true)' }))),
  cache_ttl_seconds: Type.Optional(
    nullable(
      Type.Integer({
        minimum: 0,
        maximum: fieldLimits.maxCacheTtlSeconds,
        description:
          'Seconds an identical call (same project, model, body) is answered from the response cache; 0: none',
      }),
    ),
  ),
  ...priceFields,
  replicas: Type.Array(ReplicaBody, { minItems: 1, maxItems: maxReplicas }),
});

/**
 * The fields of a model deployment and of one of its replicas, from the schema: the models file refuses any other (a
 * misspelt field would otherwise be a silent default).
 */
export const modelFields: readonly string[] = Object.keys(ModelBody.properties);
export const replicaFields: readonly string[] = Object.keys(ReplicaBody.properties);

const fieldOf = (failure: SchemaFailure) => parameterName(failure.path);

/** The URL's own wording, from parseUpstreamUrl. */
function urlAnswer(failure: SchemaFailure): ApiError {
  try {
    parseUpstreamUrl(failure.value as string, fieldOf(failure));
  } catch (error) {
    return error as ApiError;
  }
  throw new Error(`the upstream-url format and parseUpstreamUrl disagree at ${failure.path}`);
}

const beforeLookup: OrderedCheck[] = [
  decodes('/name'),
  breaks(
    '/name',
    ['missing', 'null', 'empty', 'format'],
    'name must be 1 to 128 letters, digits, ".", "_", "-", ":" or "/", starting with a letter or digit',
  ),
  decodes('/upstream_model'),
  breaks('/upstream_model', ['empty', 'range'], 'upstream_model must be 1 to 255 characters'),
  decodes('/description'),
  breaks('/description', ['range'], `description must be at most ${fieldLimits.remark} characters`),
  breaks('/accounts', ['type'], 'accounts must be a list of account names'),
  breaks('/accounts/*', ['type', 'null'], 'accounts must be a list of account names'),
];
const fallback: OrderedCheck[] = [
  decodes('/fallback_model'),
  breaks('/fallback_model', ['empty', 'format'], 'fallback_model must name another model'),
];
/**
 * The settings, then the replicas: the list, then each replica in turn, its url present and a string, its weight,
 * key and timeout, and last its url's form.
 */
const afterFallback: OrderedCheck[] = [
  breaks('/status', ['type', 'enum'], 'status must be running or stopped'),
  decodes('/open_to_all'),
  ...wholeNumberChecks('rpm_limit', 1, fieldLimits.maxRpm),
  ...wholeNumberChecks('tpm_limit', 1, fieldLimits.maxTpm),
  decodes('/moderation'),
  ...wholeNumberChecks('cache_ttl_seconds', 0, fieldLimits.maxCacheTtlSeconds),
  ...priceChecks,
  breaks('/replicas', ['missing', 'null', 'type', 'empty'], 'replicas must list at least one upstream server'),
  breaks('/replicas', ['range'], `replicas may hold at most ${maxReplicas} servers`),
  itemByItem('/replicas', [
    answers('/replicas/*', ['type', 'null'], () => new ApiError('ModelArts.2115')),
    answers('/replicas/*/url', ['missing', 'null', 'empty'], (f) => invalid(fieldOf(f), 'is required')),
    decodes('/replicas/*/url'),
    decodes('/replicas/*/weight'),
    breaks('/replicas/*/weight', ['range'], `weight must be an integer from ${limits.weight.join(' to ')}`),
    decodes('/replicas/*/api_key'),
    answers('/replicas/*/api_key', ['empty', 'range'], (f) => invalid(fieldOf(f), 'must be 1 to 1024 characters')),
    decodes('/replicas/*/timeout_ms'),
    breaks('/replicas/*/timeout_ms', ['range'], `timeout_ms must be an integer from ${limits.timeout.join(' to ')}`),
    answers('/replicas/*/url', ['format'], urlAnswer),
  ]),
];

const failuresOf = compileFailureList(ModelBody);

export async function parseModelInput(
  raw: unknown,
  accounts: AccountDirectory,
  /** Called for an account name that names no account; without it, such a name is an error. */
  onUnknownAccount?: (name: string) => void,
): Promise<ModelInput> {
  const failures = failuresOf(raw);
  answerInOrder(failures, beforeLookup);
  const body = raw as Static<typeof ModelBody>;
  const name = body.name;
  const accountNames = body.accounts ?? [];
  const accountIds: string[] = [];
  for (const accountName of accountNames) {
    const account = await accounts.findAccountByName(accountName);
    if (!account) {
      if (!onUnknownAccount) throw invalid('accounts', `names no account ${accountName}`);
      onUnknownAccount(accountName);
      continue;
    }
    if (!accountIds.includes(account.id)) accountIds.push(account.id);
  }
  answerInOrder(failures, fallback);
  const fallbackModel = body.fallback_model ?? null;
  if (fallbackModel === name) throw invalid('fallback_model', 'must name another model');
  answerInOrder(failures, afterFallback);
  return {
    name,
    upstreamModel: body.upstream_model ?? name,
    description: body.description ?? '',
    // Open to every account unless the operator lists some.
    openToAll: body.open_to_all ?? accountNames.length === 0,
    accounts: accountIds,
    rpmLimit: body.rpm_limit ?? null,
    tpmLimit: body.tpm_limit ?? null,
    moderation: body.moderation ?? true,
    status: body.status ?? 'running',
    fallbackModel,
    cacheTtlSeconds: body.cache_ttl_seconds ?? 0,
    prices: pricesOf(body),
    replicas: body.replicas.map((replica) => ({
      url: parseUpstreamUrl(replica.url),
      weight: replica.weight ?? 1,
      apiKey: replica.api_key ?? undefined,
      headersTimeoutMs: replica.timeout_ms ?? undefined,
    })),
  };
}
