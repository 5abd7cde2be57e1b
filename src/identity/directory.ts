import type { Db } from '../storage/database.js';
import { isUniqueViolation } from '../storage/database.js';
import type { AccountsTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { hashPassword } from './crypto.js';

export type AccountState = AccountsTable['state'];
export const accountStates: readonly AccountState[] = ['normal', 'frozen', 'restricted'];

/** What the gateway needs to know about a caller on every request, cached briefly. */
export interface Principal {
  userId: string;
  userName: string;
  accountId: string;
  accountName: string;
  accountState: AccountState;
  permissions: string[];
  enabled: boolean;
  /** Tokens issued before this time (epoch ms) no longer work. */
  tokensValidAfter: number;
}

/**
 * Identity's directory: accounts, projects and users, and the principals the gateway reads on every request (the
 * hot path, cached briefly).
 */
export class Directory {
  // Entries changed through this process are dropped at once; other instances see a change within the cache window.
  private readonly principals = new LookupCache<Principal>();
  private readonly accountStates = new LookupCache<AccountState>();
  private readonly projectAccounts = new LookupCache<string>();

  constructor(private readonly db: Db) {}

  async principal(userId: string): Promise<Principal | null> {
    return this.principals.get(userId, async () => {
      const row = await this.db
        .selectFrom('users')
        .innerJoin('accounts', 'accounts.id', 'users.account_id')
        .select([
          'users.id as userId',
          'users.name as userName',
          'users.permissions',
          'accounts.id as accountId',
          'accounts.name as accountName',
          'accounts.state as accountState',
          'users.enabled',
          'users.tokens_valid_after',
        ])
        .where('users.id', '=', userId)
        .executeTakeFirst();
      if (!row) return null;
      const { enabled, tokens_valid_after, permissions, ...names } = row;
      return {
        ...names,
        permissions: JSON.parse(permissions) as string[],
        enabled: enabled === 1,
        tokensValidAfter: Number(tokens_valid_after),
      };
    });
  }

  /** An account's state, through the same short cache as principals; undefined when there is no such account. */
  async accountState(accountId: string): Promise<AccountState | undefined> {
    const state = await this.accountStates.get(
      accountId,
      async () =>
        (await this.db.selectFrom('accounts').select('state').where('id', '=', accountId).executeTakeFirst())?.state,
    );
    return state ?? undefined;
  }

  async projectOfAccount(accountId: string, projectId: string): Promise<{ id: string; name: string } | undefined> {
    return this.db
      .selectFrom('projects')
      .select(['id', 'name'])
      .where('id', '=', projectId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  }

  /** The account a project belongs to (cached: a project never changes account); undefined when there is none. */
  async accountOfProject(projectId: string): Promise<string | undefined> {
    const accountId = await this.projectAccounts.get(
      projectId,
      async () =>
        (await this.db.selectFrom('projects').select('account_id').where('id', '=', projectId).executeTakeFirst())
          ?.account_id,
    );
    return accountId ?? undefined;
  }

  /** Whether a project exists in any account (the operator's APIs name projects by id alone). */
  async projectExists(projectId: string): Promise<boolean> {
    const row = await this.db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
    return row !== undefined;
  }

  async createAccount(name: string): Promise<{ id: string; name: string; state: AccountState }> {
    const account = { id: newId(), name, state: 'normal' as const, created_at: Date.now() };
    try {
      await this.db.insertInto('accounts').values(account).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('IAM.0004', `account ${name}`);
      throw error;
    }
    return { id: account.id, name, state: account.state };
  }

  async findAccountByName(name: string) {
    return this.db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** A page of every account, oldest first (the operator's list; ids break ties of the same millisecond). */
  async listAccounts(paging: { offset: number; limit: number }) {
    const { total } = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const accounts = await this.db
      .selectFrom('accounts')
      .select(['id', 'name', 'state'])
      .orderBy('created_at')
      .orderBy('id')
      .offset(paging.offset)
      .limit(paging.limit)
      .execute();
    return { total: Number(total), accounts };
  }

  /** Account names by id (ids without an account are left out). */
  async accountNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async setAccountState(accountId: string, state: AccountState): Promise<boolean> {
    const result = await this.db.updateTable('accounts').set({ state }).where('id', '=', accountId).executeTakeFirst();
    this.principals.clear();
    this.accountStates.clear();
    return Number(result.numUpdatedRows) > 0;
  }

  async createProject(accountId: string, name: string): Promise<{ id: string; name: string; domain_id: string }> {
    const project = { id: newId(), account_id: accountId, name, created_at: Date.now() };
    try {
      await this.db.insertInto('projects').values(project).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('IAM.0004', `project ${name}`);
      throw error;
    }
    return { id: project.id, name, domain_id: accountId };
  }

  /** An account's projects, oldest first; names are unique in an account, so a name filter finds one at most. */
  async listProjects(accountId: string, filter: { name?: string } = {}) {
    let query = this.db
      .selectFrom('projects')
      .select(['id', 'name', 'account_id as domain_id'])
      .where('account_id', '=', accountId);
    if (filter.name !== undefined) query = query.where('name', '=', filter.name);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  async createUser(accountId: string, name: string, password: string, permissions: string[]) {
    const user = {
      id: newId(),
      account_id: accountId,
      name,
      password_hash: await hashPassword(password),
      permissions: JSON.stringify(permissions),
      created_at: Date.now(),
    };
    try {
      await this.db.insertInto('users').values(user).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('IAM.0004', `user ${name}`);
      throw error;
    }
    return { id: user.id, name, domain_id: accountId, permissions };
  }

  async getUser(accountId: string, userId: string) {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'account_id', 'permissions', 'enabled'])
      .where('id', '=', userId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? toUserView(row) : undefined;
  }

  async listUsers(accountId: string) {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'account_id', 'permissions', 'enabled'])
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    return rows.map(toUserView);
  }

  /**
   * Changes a user. A new password or disabling the user ends every token issued before (on every instance within
   * the lookup cache window); a disabled user can neither log in nor use its AK/SK.
   */
  async updateUser(
    accountId: string,
    userId: string,
    changes: { password?: string; permissions?: string[]; enabled?: boolean },
  ) {
    const set: { password_hash?: string; permissions?: string; enabled?: number; tokens_valid_after?: number } = {};
    if (changes.password !== undefined) set.password_hash = await hashPassword(changes.password);
    if (changes.permissions !== undefined) set.permissions = JSON.stringify(changes.permissions);
    if (changes.enabled !== undefined) set.enabled = changes.enabled ? 1 : 0;
    if (changes.password !== undefined || changes.enabled === false) set.tokens_valid_after = Date.now();
    if (Object.keys(set).length > 0) {
      await this.db
        .updateTable('users')
        .set(set)
        .where('id', '=', userId)
        .where('account_id', '=', accountId)
        .execute();
    }
    this.principals.delete(userId);
    return this.getUser(accountId, userId);
  }

  async hasAnyAccount(): Promise<boolean> {
    return (await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined;
  }
}

function toUserView(row: { id: string; name: string; account_id: string; permissions: string; enabled: number }) {
  return {
    id: row.id,
    name: row.name,
    domain_id: row.account_id,
    enabled: row.enabled === 1,
    permissions: JSON.parse(row.permissions) as string[],
  };
}
