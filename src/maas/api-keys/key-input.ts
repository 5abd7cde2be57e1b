import { FormatRegistry, type Static, Type } from '@sinclair/typebox';
import { answerInOrder, breaks, decodes, type OrderedCheck } from '../../errors/schema-answers.js';
import { compileFailureList, type SchemaFailure } from '../../errors/schema-check.js';
import { fieldLimits, keyLabelPattern } from '../contract.js';
import { invalid, nullable, stringList, stringListChecks, wholeNumberChecks } from '../validation.js';
import { parseAllowlistEntry } from './ip-allowlist.js';

/**
 * The API-key bodies (spec §4): their schemas, which feed the OpenAPI document and, compiled, check the bodies, and
 * the order in which the failures answer, with the account lookups in their place between the fields.
 */

FormatRegistry.Set('key-label', (value) => value === '' || keyLabelPattern.test(value));
FormatRegistry.Set('ip-allowlist-entry', (value) => parseAllowlistEntry(value) !== undefined);

/** Budgets are amounts of the prices' currency, up to a million a month, kept in nano-units (integers). */
const maxBudget = 1_000_000;
export const budgetNanos = (amount: number | null): number | null =>
  amount === null ? null : Math.round(amount * 1e9);

const Settings = {
  description: Type.Optional(nullable(Type.String({ maxLength: fieldLimits.keyDescription }))),
  allow_all: Type.Boolean({ description: 'true: any client address; false: only those in ip_whitelist' }),
  ip_whitelist: Type.Optional(
    stringList(Type.String({ format: 'ip-allowlist-entry' }), fieldLimits.ipWhitelist, {
      description: 'IPv4 addresses, ranges a.b.c.d-a.b.c.e and CIDR blocks; empty when allow_all is true',
    }),
  ),
  resident_model_version_whitelist: Type.Optional(
    stringList(Type.String({ minLength: 1, maxLength: 128 }), fieldLimits.allowlist, {
      description: 'Model names the key may call directly; empty or absent: all',
    }),
  ),
  endpoint_whitelist: Type.Optional(
    stringList(Type.String({ minLength: 1, maxLength: 64 }), fieldLimits.allowlist, {
      description: 'Custom endpoint ids the key may call; empty or absent: all',
    }),
  ),
  rpm: Type.Optional(
    nullable(Type.Integer({ minimum: 1, maximum: fieldLimits.maxRpm }), {
      description: "Extension: calls a minute through this key (ModelArts.81101 beyond), on top of the endpoint's",
    }),
  ),
  tpm: Type.Optional(
    nullable(Type.Integer({ minimum: 1, maximum: fieldLimits.maxTpm }), {
      description: 'Extension: tokens a minute through this key (ModelArts.81103 beyond)',
    }),
  ),
  monthly_budget: Type.Optional(
    nullable(Type.Number({ minimum: 0, maximum: maxBudget }), {
      description:
        "Extension: what calls through this key may cost in a calendar month (UTC), in the prices' currency " +
        '(ModelArts.81110, an OpenAI 429 of type insufficient_quota, beyond)',
    }),
  ),
};
export const UpdateKeyBody = Type.Object(Settings);
export const CreateKeyBody = Type.Object({
  label: Type.Optional(
    nullable(Type.String({ format: 'key-label', description: 'Unique in the account, immutable; default ak-NNNNNN' })),
  ),
  ...Settings,
});

/** What a key allows, as create and update take it. */
export interface KeySettings {
  description: string;
  allowAll: boolean;
  ipWhitelist: string[];
  models: string[];
  endpoints: string[];
  rpm: number | null;
  tpm: number | null;
  /** Nano-units of the prices' currency a month; null for no budget. */
  monthlyBudgetNanos: number | null;
}

/** A new key: its label ('' for the default, ak- and six digits) and settings. */
export interface NewKey extends KeySettings {
  label: string;
}

/** Checks of allowlist entries against the account: models it may call, endpoints it owns. */
export interface AllowlistTargets {
  unknownModels(accountId: string, names: readonly string[]): Promise<string[]>;
  unknownEndpoints(accountId: string, ids: readonly string[]): Promise<string[]>;
}

const label = [
  decodes('/label'),
  breaks('/label', ['format', 'range'], `label must be up to ${fieldLimits.keyLabel} letters, digits, "_" or "-"`),
];
const beforeAllowlists: OrderedCheck[] = [
  decodes('/description'),
  breaks('/description', ['range'], `description must be at most ${fieldLimits.keyDescription} characters`),
  breaks('/allow_all', ['missing', 'null'], 'allow_all is required'),
  decodes('/allow_all'),
  ...stringListChecks(
    'ip_whitelist',
    fieldLimits.ipWhitelist,
    'must list IPv4 addresses, ranges (a.b.c.d-a.b.c.e) or CIDR blocks',
  ),
];
const models = stringListChecks('resident_model_version_whitelist', fieldLimits.allowlist, 'must list model names');
const endpoints = stringListChecks('endpoint_whitelist', fieldLimits.allowlist, 'must list custom endpoint ids');
const limits = [
  ...wholeNumberChecks('rpm', 1, fieldLimits.maxRpm),
  ...wholeNumberChecks('tpm', 1, fieldLimits.maxTpm),
  decodes('/monthly_budget'),
  breaks('/monthly_budget', ['range'], `monthly_budget must be a number from 0 to ${maxBudget}`),
];

const createFailures = compileFailureList(CreateKeyBody);
const updateFailures = compileFailureList(UpdateKeyBody);

/**
 * The settings in the order the key APIs check them: description, allow_all, the address list and its agreement with
 * allow_all, the model list and its lookup, the endpoint list and its lookup, then the limits.
 */
async function settingsOf(
  body: Static<typeof UpdateKeyBody>,
  failures: SchemaFailure[],
  targets: AllowlistTargets,
  accountId: string,
): Promise<KeySettings> {
  answerInOrder(failures, beforeAllowlists);
  const allowAll = body.allow_all;
  const ipWhitelist = body.ip_whitelist ?? [];
  if (allowAll && ipWhitelist.length > 0) throw invalid('ip_whitelist', 'must be empty when allow_all is true');
  if (!allowAll && ipWhitelist.length === 0)
    throw invalid('ip_whitelist', 'must list addresses when allow_all is false');
  answerInOrder(failures, models);
  const modelNames = body.resident_model_version_whitelist ?? [];
  const unknownModels = await targets.unknownModels(accountId, modelNames);
  if (unknownModels.length > 0) {
    throw invalid('resident_model_version_whitelist', `names no model open to this account: ${unknownModels[0]}`);
  }
  answerInOrder(failures, endpoints);
  const endpointIds = body.endpoint_whitelist ?? [];
  const unknownEndpoints = await targets.unknownEndpoints(accountId, endpointIds);
  if (unknownEndpoints.length > 0) {
    throw invalid('endpoint_whitelist', `names no custom endpoint of this account: ${unknownEndpoints[0]}`);
  }
  answerInOrder(failures, limits);
  return {
    description: body.description ?? '',
    allowAll,
    ipWhitelist,
    models: modelNames,
    endpoints: endpointIds,
    rpm: body.rpm ?? null,
    tpm: body.tpm ?? null,
    monthlyBudgetNanos: budgetNanos(body.monthly_budget ?? null),
  };
}

/** A create body: the label first, then the settings. */
export async function parseNewKey(body: unknown, targets: AllowlistTargets, accountId: string): Promise<NewKey> {
  const failures = createFailures(body);
  answerInOrder(failures, label);
  const checked = body as Static<typeof CreateKeyBody>;
  return { label: checked.label ?? '', ...(await settingsOf(checked, failures, targets, accountId)) };
}

/** An update body: `id` and `label` in it are ignored (immutable). */
export function parseKeySettings(body: unknown, targets: AllowlistTargets, accountId: string): Promise<KeySettings> {
  return settingsOf(body as Static<typeof UpdateKeyBody>, updateFailures(body), targets, accountId);
}
