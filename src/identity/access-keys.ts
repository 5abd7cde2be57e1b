import type { Db } from '../storage/database.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { AccessKeyUsage } from './access-key-usage.js';
import { decryptSecret, encryptSecret, randomString } from './crypto.js';
import { iamTime } from './iam-time.js';

export interface AccessKeyRecord {
  accessKey: string;
  secretKey: string;
  userId: string;
  status: 'active' | 'inactive';
}

/** Identity's permanent access keys (AK/SK): their secrets sealed at rest, their status, and when each was last used. */
export class AccessKeys {
  // A key changed through this process is dropped at once; other instances see a change within the cache window.
  private readonly cache = new LookupCache<AccessKeyRecord>();
  private readonly usage: AccessKeyUsage;

  constructor(
    private readonly db: Db,
    private readonly secretKey: Buffer,
  ) {
    this.usage = new AccessKeyUsage(db);
  }

  /** A key and its secret, for checking a signature (cached: the gateway reads it on every signed request). */
  async find(accessKey: string): Promise<AccessKeyRecord | null> {
    return this.cache.get(accessKey, async () => {
      const row = await this.db
        .selectFrom('access_keys')
        .selectAll()
        .where('access_key', '=', accessKey)
        .executeTakeFirst();
      return row
        ? {
            accessKey: row.access_key,
            secretKey: decryptSecret(this.secretKey, row.secret_enc),
            userId: row.user_id,
            status: row.status,
          }
        : null;
    });
  }

  async create(accountId: string, userId: string, description = '') {
    const accessKey = randomString(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    const secretKey = randomString(40);
    const createdAt = Date.now();
    await this.db
      .insertInto('access_keys')
      .values({
        access_key: accessKey,
        user_id: userId,
        account_id: accountId,
        secret_enc: encryptSecret(this.secretKey, secretKey),
        status: 'active',
        description,
        created_at: createdAt,
      })
      .execute();
    return {
      create_time: iamTime(createdAt),
      access: accessKey,
      secret: secretKey,
      status: 'active' as const,
      user_id: userId,
      description,
    };
  }

  async list(accountId: string, userId?: string): Promise<AccessKeyView[]> {
    let query = this.db.selectFrom('access_keys').select(accessKeyColumns).where('account_id', '=', accountId);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.orderBy('created_at').execute();
    return rows.map(toAccessKeyView);
  }

  /** One key of the account, with when it was last used (`""`: never), this instance's unwritten use included. */
  async get(accountId: string, accessKey: string): Promise<(AccessKeyView & { last_use_time: string }) | undefined> {
    const row = await this.db
      .selectFrom('access_keys')
      .select([...accessKeyColumns, 'last_used_at'])
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    const lastUsed = Math.max(Number(row.last_used_at ?? 0), this.usage.unwritten(accessKey) ?? 0);
    const { description, ...rest } = toAccessKeyView(row);
    return { ...rest, last_use_time: lastUsed > 0 ? iamTime(lastUsed) : '', description };
  }

  /**
   * Changes a key's status or description. An inactive key stops signing requests at once on this instance and
   * within the lookup cache window on the others, and works again when made active.
   */
  async update(
    accountId: string,
    accessKey: string,
    changes: { status?: AccessKeyRecord['status']; description?: string },
  ): Promise<AccessKeyView | undefined> {
    if (changes.status !== undefined || changes.description !== undefined) {
      await this.db
        .updateTable('access_keys')
        .set({
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.description !== undefined ? { description: changes.description } : {}),
        })
        .where('access_key', '=', accessKey)
        .where('account_id', '=', accountId)
        .execute();
    }
    this.cache.delete(accessKey);
    const row = await this.db
      .selectFrom('access_keys')
      .select(accessKeyColumns)
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? toAccessKeyView(row) : undefined;
  }

  async delete(accountId: string, accessKey: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('access_keys')
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    this.cache.delete(accessKey);
    return Number(result.numDeletedRows) > 0;
  }

  /** Notes that a key just authenticated a request (its signature verified); written later, in a batch. */
  recordUse(accessKey: string): void {
    this.usage.record(accessKey);
  }

  /** Writes what is still only in memory (keys' last use); the database must still be open. */
  async close(): Promise<void> {
    await this.usage.close();
  }
}

const accessKeyColumns = ['access_key', 'user_id', 'status', 'description', 'created_at'] as const;

/** A permanent access key as IAM lists it (never its secret). */
export interface AccessKeyView {
  user_id: string;
  access: string;
  status: AccessKeyRecord['status'];
  create_time: string;
  description: string;
}

function toAccessKeyView(row: {
  access_key: string;
  user_id: string;
  status: AccessKeyRecord['status'];
  description: string;
  created_at: number;
}): AccessKeyView {
  return {
    user_id: row.user_id,
    access: row.access_key,
    status: row.status,
    create_time: iamTime(Number(row.created_at)),
    description: row.description,
  };
}
