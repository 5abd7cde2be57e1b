import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../storage/database.js';
import type { MaasApiKeysTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { resourceNamePattern } from './validation.js';

export interface ApiKeyView {
  api_key_id: string;
  name: string;
  key_prefix: string;
  endpoints: string[];
  status: 'active' | 'revoked';
  created_at: string;
  /** Only in the answer to create: the key itself is never stored or shown again. */
  api_key?: string;
}

export interface ApiKeyGrant {
  keyId: string;
  projectId: string;
  accountId: string;
  endpoints: string[];
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toView(row: MaasApiKeysTable): ApiKeyView {
  return {
    api_key_id: row.id,
    name: row.name,
    key_prefix: row.key_prefix,
    endpoints: JSON.parse(row.endpoints),
    status: row.status,
    created_at: new Date(Number(row.created_at)).toISOString(),
  };
}

const keyFormat = /^sk-[A-Za-z0-9_-]{43}$/;

/** Project API keys for OpenAI-compatible inference (`Authorization: Bearer sk-...`). */
export class ApiKeyStore {
  private readonly grants = new LookupCache<ApiKeyGrant>({ max: 10_000 });

  constructor(private readonly db: Db) {}

  async create(projectId: string, accountId: string, body: Record<string, unknown>): Promise<ApiKeyView> {
    const name = body.name;
    if (typeof name !== 'string' || !resourceNamePattern.test(name)) {
      throw new ApiError(
        'ModelArts.0101',
        'name must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter',
      );
    }
    const endpoints = body.endpoints ?? [];
    if (
      !Array.isArray(endpoints) ||
      !endpoints.every((e) => typeof e === 'string' && resourceNamePattern.test(e)) ||
      endpoints.length > 100
    ) {
      throw new ApiError('ModelArts.0101', 'endpoints must be a list of custom endpoint names');
    }
    const key = `sk-${randomBytes(32).toString('base64url')}`;
    const row: MaasApiKeysTable = {
      id: newId(),
      project_id: projectId,
      account_id: accountId,
      name,
      key_hash: hashKey(key),
      key_prefix: key.slice(0, 8),
      endpoints: JSON.stringify(endpoints),
      status: 'active',
      created_at: Date.now(),
      revoked_at: null,
    };
    await this.db.insertInto('maas_api_keys').values(row).execute();
    return { ...toView(row), api_key: key };
  }

  async list(projectId: string): Promise<ApiKeyView[]> {
    const rows = await this.db
      .selectFrom('maas_api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .execute();
    return rows.map(toView);
  }

  async revoke(projectId: string, keyId: string): Promise<void> {
    const result = await this.db
      .updateTable('maas_api_keys')
      .set({ status: 'revoked', revoked_at: Date.now() })
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ApiError('ModelArts.3505', keyId);
    this.grants.clear();
  }

  /**
   * The grant behind a presented key, or null. Keys are looked up by their hash (no comparison of secrets takes
   * place in JavaScript); answers are cached for two seconds, so a revoked key stops working within that time on
   * every instance and at once on this one.
   */
  async verify(presented: string): Promise<ApiKeyGrant | null> {
    if (!keyFormat.test(presented)) return null;
    const hash = hashKey(presented);
    return this.grants.get(hash, async () => {
      const row = await this.db.selectFrom('maas_api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
      return row && row.status === 'active'
        ? {
            keyId: row.id,
            projectId: row.project_id,
            accountId: row.account_id,
            endpoints: JSON.parse(row.endpoints) as string[],
          }
        : null;
    });
  }
}
