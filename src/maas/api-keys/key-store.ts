import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import { serializeOn } from '../../storage/database.js';
import type { MaasApiKeysTable } from '../../storage/schema.js';
import { ApiError } from '../../errors/api-error.js';
import { newId } from '../../storage/ids.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import { IpAllowlist } from './ip-allowlist.js';
import type { KeySettings, NewKey } from './key-input.js';

export interface ApiKeyView {
  id: string;
  label: string;
  /** Masked, except in the answer to create: the key itself is never stored or shown again. */
  api_key: string;
  description: string;
  allow_all: boolean;
  ip_whitelist: string[];
  resident_model_version_whitelist: string[];
  endpoint_whitelist: string[];
  /** Extension: the key's own limits a minute (null: none). */
  rpm: number | null;
  tpm: number | null;
  /** Extension: the key's monthly budget in the prices' currency (null: none). */
  monthly_budget: number | null;
  status: 'active';
  create_time: number;
  update_time: number;
}

/** What a presented key allows, for the data plane. */
export interface ApiKeyGrant {
  keyId: string;
  label: string;
  projectId: string;
  accountId: string;
  /** Null when any client address may use the key. */
  ipAllowlist: IpAllowlist | null;
  /** Model names the key may call directly; empty for all. */
  models: string[];
  /** Endpoint ids the key may call; empty for all. */
  endpoints: string[];
  /** The key's own limits a minute, on top of the endpoint's or model's; null for none. */
  rpm: number | null;
  tpm: number | null;
  /** The key's monthly budget in nano-units; null for none. */
  budgetNanos: number | null;
  /** Epoch ms (a budget counts the spend under the key's label from then on). */
  createdAt: number;
}

/** The settings as the table stores them. */
function columnsOf(input: KeySettings) {
  return {
    description: input.description,
    rpm: input.rpm,
    tpm: input.tpm,
    monthly_budget_nanos: input.monthlyBudgetNanos,
    allow_all: input.allowAll ? 1 : 0,
    ip_whitelist: JSON.stringify(input.ipWhitelist),
    model_whitelist: JSON.stringify(input.models),
    endpoint_whitelist: JSON.stringify(input.endpoints),
  };
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toView(row: MaasApiKeysTable): ApiKeyView {
  return {
    id: row.id,
    label: row.label,
    api_key: row.key_masked,
    description: row.description,
    allow_all: row.allow_all === 1,
    ip_whitelist: JSON.parse(row.ip_whitelist) as string[],
    resident_model_version_whitelist: JSON.parse(row.model_whitelist) as string[],
    endpoint_whitelist: JSON.parse(row.endpoint_whitelist) as string[],
    rpm: row.rpm === null ? null : Number(row.rpm),
    tpm: row.tpm === null ? null : Number(row.tpm),
    monthly_budget: row.monthly_budget_nanos == null ? null : Number(row.monthly_budget_nanos) / 1e9,
    status: 'active',
    create_time: Number(row.created_at),
    update_time: Number(row.updated_at),
  };
}

const keyFormat = /^sk-[A-Za-z0-9_-]{43}$/;

/**
 * MaaS API keys (`Authorization: Bearer sk-...`), per account: a label, a description, an IP allowlist and allowlists
 * of models and custom endpoints, 30 per account. Only the key's hash is stored.
 */
export class ApiKeyStore {
  private readonly grants = new LookupCache<ApiKeyGrant>({ max: 10_000 });

  constructor(
    private readonly db: Db,
    private readonly perAccount: number,
  ) {}

  async create(owner: { accountId: string; projectId: string }, input: NewKey): Promise<ApiKeyView> {
    let label = input.label;
    const settings = columnsOf(input);
    const key = `sk-${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const row: MaasApiKeysTable = {
      id: newId(),
      project_id: owner.projectId,
      account_id: owner.accountId,
      label,
      key_hash: hashKey(key),
      key_masked: `${key.slice(0, 7)}****${key.slice(-4)}`,
      ...settings,
      status: 'active',
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await serializeOn(trx, `maas_api_keys:${owner.accountId}`);
      const live = await trx
        .selectFrom('maas_api_keys')
        .select('label')
        .where('account_id', '=', owner.accountId)
        .where('status', '=', 'active')
        .execute();
      if (live.length >= this.perAccount) throw new ApiError('ModelArts.3506', String(this.perAccount));
      const taken = new Set(live.map((k) => k.label));
      if (label === '') {
        // The cloud's default label: ak- and six random digits.
        do label = `ak-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
        while (taken.has(label));
        row.label = label;
      } else if (taken.has(label)) {
        throw new ApiError('ModelArts.3508', label);
      }
      await trx.insertInto('maas_api_keys').values(row).execute();
    });
    return { ...toView(row), api_key: key };
  }

  async list(accountId: string, paging: { offset: number; limit: number }) {
    const base = this.db.selectFrom('maas_api_keys').where('account_id', '=', accountId).where('status', '=', 'active');
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(paging.offset)
      .limit(paging.limit)
      .execute();
    return { total: Number(total), api_keys: rows.map(toView) };
  }

  private async live(accountId: string, keyId: string): Promise<MaasApiKeysTable> {
    const row = await this.db
      .selectFrom('maas_api_keys')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', keyId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.3505', keyId);
    return row;
  }

  /** Replaces description, allow_all, the allowlists and the limits (id and label are immutable). */
  async update(accountId: string, keyId: string, input: KeySettings): Promise<ApiKeyView> {
    const settings = columnsOf(input);
    const current = await this.live(accountId, keyId);
    await this.db
      .updateTable('maas_api_keys')
      .set({ ...settings, updated_at: Date.now() })
      .where('id', '=', keyId)
      .execute();
    this.grants.delete(current.key_hash);
    return toView(await this.live(accountId, keyId));
  }

  /** A deleted key stops working at once here, and within the lookup window on other instances. */
  async delete(accountId: string, keyId: string): Promise<void> {
    const current = await this.live(accountId, keyId);
    const now = Date.now();
    await this.db
      .updateTable('maas_api_keys')
      .set({ status: 'deleted', deleted_at: now, updated_at: now })
      .where('id', '=', keyId)
      .execute();
    this.grants.delete(current.key_hash);
  }

  /**
   * The grant behind a presented key, or null. Keys are looked up by their hash (no comparison of secrets takes
   * place in JavaScript); answers are cached for the lookup window.
   */
  async verify(presented: string): Promise<ApiKeyGrant | null> {
    if (!keyFormat.test(presented)) return null;
    const hash = hashKey(presented);
    return this.grants.get(hash, async () => {
      const row = await this.db.selectFrom('maas_api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
      return row ? grantOf(row) : null;
    });
  }

  /**
   * The grant of a key by its id, as the key is now (a batch's lines run with the key that created the batch, its
   * allowlists and limits as changed since); null once the key is deleted. Read from the database each time.
   */
  async grantById(keyId: string): Promise<ApiKeyGrant | null> {
    const row = await this.db.selectFrom('maas_api_keys').selectAll().where('id', '=', keyId).executeTakeFirst();
    return row ? grantOf(row) : null;
  }
}

function grantOf(row: MaasApiKeysTable): ApiKeyGrant | null {
  if (row.status !== 'active') return null;
  return {
    keyId: row.id,
    label: row.label,
    projectId: row.project_id,
    accountId: row.account_id,
    ipAllowlist: row.allow_all === 1 ? null : new IpAllowlist(JSON.parse(row.ip_whitelist) as string[]),
    models: JSON.parse(row.model_whitelist) as string[],
    endpoints: JSON.parse(row.endpoint_whitelist) as string[],
    rpm: row.rpm === null ? null : Number(row.rpm),
    tpm: row.tpm === null ? null : Number(row.tpm),
    budgetNanos: row.monthly_budget_nanos == null ? null : Number(row.monthly_budget_nanos),
    createdAt: Number(row.created_at),
  };
}
