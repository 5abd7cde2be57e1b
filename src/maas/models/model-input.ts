import { ApiError } from '../../errors/api-error.js';
import type { AccountDirectory } from '../contract.js';
import { fieldLimits } from '../contract.js';
import { parseUpstreamUrl } from '../upstream-url.js';
import { invalid, optionalBoolean, optionalInteger, optionalString } from '../validation.js';
import type { ModelInput } from './model-store.js';

/**
 * The fields of a model deployment and of one of its replicas, as `parseModelInput` reads them: the models file
 * refuses any other (a misspelt field would otherwise be a silent default).
 */
export const modelFields = [
  'name',
  'upstream_model',
  'description',
  'open_to_all',
  'accounts',
  'rpm_limit',
  'tpm_limit',
  'moderation',
  'status',
  'fallback_model',
  'replicas',
] as const;
export const replicaFields = ['url', 'weight', 'api_key', 'timeout_ms'] as const;

/** Public model names: what clients put in `model` (e.g. `qwen2.5-7b`, `DeepSeek-R1`), case-sensitive. */
const modelNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
const maxReplicas = 64;

function replicasOf(value: unknown): ModelInput['replicas'] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('replicas', 'must list at least one upstream server');
  if (value.length > maxReplicas) throw invalid('replicas', `may hold at most ${maxReplicas} servers`);
  return value.map((entry, index) => {
    const field = `replicas[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new ApiError('ModelArts.2115');
    const replica = entry as Record<string, unknown>;
    const url = optionalString(replica, 'url');
    if (!url) throw invalid(`${field}.url`, 'is required');
    const weight = optionalInteger(replica, 'weight', 1, 1000) ?? 1;
    const apiKey = optionalString(replica, 'api_key');
    if (apiKey !== undefined && (apiKey.length === 0 || apiKey.length > 1024))
      throw invalid(`${field}.api_key`, 'must be 1 to 1024 characters');
    const headersTimeoutMs = optionalInteger(replica, 'timeout_ms', 100, 3_600_000) ?? undefined;
    return { url: parseUpstreamUrl(url, `${field}.url`), weight, apiKey, headersTimeoutMs };
  });
}

/**
 * A model deployment as the operator declares it, through the operator API or the models file:
 * `{name, upstream_model?, description?, open_to_all?, accounts?, rpm_limit?, tpm_limit?, moderation?, status?,
 * replicas: [{url, weight?, api_key?}]}`. Accounts are named; they are stored by id.
 */
export async function parseModelInput(
  body: Record<string, unknown>,
  accounts: AccountDirectory,
  /** Called for an account name that names no account; without it, such a name is an error. */
  onUnknownAccount?: (name: string) => void,
): Promise<ModelInput> {
  const name = optionalString(body, 'name');
  if (!name || !modelNamePattern.test(name)) {
    throw invalid(
      'name',
      'must be 1 to 128 letters, digits, ".", "_", "-", ":" or "/", starting with a letter or digit',
    );
  }
  const upstreamModel = optionalString(body, 'upstream_model') ?? name;
  if (upstreamModel.length === 0 || upstreamModel.length > 255)
    throw invalid('upstream_model', 'must be 1 to 255 characters');
  const description = optionalString(body, 'description') ?? '';
  if (description.length > fieldLimits.remark)
    throw invalid('description', `must be at most ${fieldLimits.remark} characters`);
  const accountNames = body.accounts ?? [];
  if (!Array.isArray(accountNames) || !accountNames.every((a) => typeof a === 'string')) {
    throw invalid('accounts', 'must be a list of account names');
  }
  const accountIds: string[] = [];
  for (const accountName of accountNames as string[]) {
    const account = await accounts.findAccountByName(accountName);
    if (!account) {
      if (!onUnknownAccount) throw invalid('accounts', `names no account ${accountName}`);
      onUnknownAccount(accountName);
      continue;
    }
    if (!accountIds.includes(account.id)) accountIds.push(account.id);
  }
  const fallbackModel = optionalString(body, 'fallback_model') ?? null;
  if (fallbackModel !== null && (!modelNamePattern.test(fallbackModel) || fallbackModel === name)) {
    throw invalid('fallback_model', 'must name another model');
  }
  const status = body.status ?? 'running';
  if (status !== 'running' && status !== 'stopped') throw invalid('status', 'must be running or stopped');
  return {
    name,
    upstreamModel,
    description,
    // Open to every account unless the operator lists some.
    openToAll: optionalBoolean(body, 'open_to_all') ?? (accountNames as string[]).length === 0,
    accounts: accountIds,
    rpmLimit: optionalInteger(body, 'rpm_limit', 1, fieldLimits.maxRpm) ?? null,
    tpmLimit: optionalInteger(body, 'tpm_limit', 1, fieldLimits.maxTpm) ?? null,
    moderation: optionalBoolean(body, 'moderation') ?? true,
    status,
    fallbackModel,
    cacheTtlSeconds: optionalInteger(body, 'cache_ttl_seconds', 0, fieldLimits.maxCacheTtlSeconds) ?? 0,
    replicas: replicasOf(body.replicas),
  };
}
