import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Db } from '../storage/database.js';
import { isUniqueViolation } from '../storage/database.js';
import type { AccountsTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { LookupCache } from '../storage/lookup-cache.js';
import {
  type DerivedKeys,
  decryptSecret,
  encryptSecret,
  hashPassword,
  randomString,
  verifyPassword,
} from './crypto.js';
import { AccessKeyUsage } from './access-key-usage.js';
import { iamTime } from './iam-time.js';
import { type LoginLimits, LoginGuard } from './login-guard.js';
import { signToken, type TokenClaims, type TokenCheck, verifyToken } from './tokens.js';

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

export interface AccessKeyRecord {
  accessKey: string;
  secretKey: string;
  userId: string;
  status: 'active' | 'inactive';
}

export interface BootstrapResult {
  created: boolean;
  accountId: string;
  projectId: string;
  userId: string;
  accessKey?: string;
  secretKey?: string;
}

export interface IssuedToken {
  token: string;
  claims: TokenClaims;
}

/** The scope a token is asked for: a project of the user's account (by id or name), or the account (domain) itself. */
export type TokenScope = { project: { id?: string; name?: string; domain?: DomainRef } } | { domain: DomainRef };

/** A domain named by id, name or both (all named parts must match). */
export interface DomainRef {
  id?: string;
  name?: string;
}

export type CurrentToken =
  | { ok: true; claims: TokenClaims; principal: Principal }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'revoked' };

export class IdentityService {
  // Entries changed through this process are dropped at once; other instances see a change within the cache window.
  private readonly principals = new LookupCache<Principal>();
  private readonly accessKeys = new LookupCache<AccessKeyRecord>();
  private readonly accountStates = new LookupCache<AccountState>();
  private readonly revokedTokens = new LookupCache<boolean>();
  private readonly projectAccounts = new LookupCache<string>();
  private readonly loginGuard: LoginGuard;
  private readonly tokenTtlSeconds: number;
  private readonly accessKeyUsage: AccessKeyUsage;

  constructor(
    private readonly db: Db,
    private readonly keys: DerivedKeys,
    settings: { tokenTtlSeconds: number } & LoginLimits,
    redis?: Redis,
  ) {
    this.tokenTtlSeconds = settings.tokenTtlSeconds;
    this.loginGuard = new LoginGuard(settings, redis);
    this.accessKeyUsage = new AccessKeyUsage(db);
  }

  // ---- tokens -------------------------------------------------------------------------------------------------

  verifyToken(token: string): TokenCheck {
    return verifyToken(this.keys.tokenSigning, token);
  }

  async issueTokenWithPassword(input: {
    domainName: string;
    userName: string;
    password: string;
    scope?: TokenScope;
    /** The client's address, for the login rations. */
    address: string;
  }): Promise<IssuedToken> {
    const userKey = `${input.domainName}/${input.userName}`;
    await this.loginGuard.admit(input.address, userKey);
    const account = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('name', '=', input.domainName)
      .executeTakeFirst();
    const user = account
      ? await this.db
          .selectFrom('users')
          .selectAll()
          .where('account_id', '=', account.id)
          .where('name', '=', input.userName)
          .executeTakeFirst()
      : undefined;
    // Verify against a dummy hash when the user is unknown, so that timing does not reveal which names exist.
    const valid = await verifyPassword(input.password, user?.password_hash ?? dummyHash);
    // A disabled user is told the same as a wrong password: nothing says which names exist or how they stand.
    if (!account || !user || !valid || user.enabled !== 1) {
      await this.loginGuard.failed(userKey);
      throw new ApiError('IAM.0001');
    }
    await this.loginGuard.succeeded(userKey);
    if (account.state !== 'normal') throw new ApiError('IAM.0006');
    return this.mintToken({
      user: { id: user.id, name: user.name },
      account: { id: account.id, name: account.name },
      methods: ['password'],
      ...(input.scope ? { scope: input.scope } : {}),
    });
  }

  /**
   * A token of the same user for another scope (Keystone's token method, KeystoneCreateScopedToken), from a token
   * that still stands. It expires when the token it came from does: rescoping never lengthens a token's life.
   */
  async issueRescopedToken(from: { claims: TokenClaims; principal: Principal }, scope: TokenScope) {
    if (from.principal.accountState !== 'normal') throw new ApiError('IAM.0006');
    return this.mintToken({
      user: { id: from.claims.uid, name: from.claims.un },
      account: { id: from.claims.did, name: from.claims.dn },
      methods: ['token'],
      scope,
      expiresAt: from.claims.exp,
    });
  }

  private async mintToken(input: {
    user: { id: string; name: string };
    account: { id: string; name: string };
    methods: string[];
    scope?: TokenScope;
    /** Epoch seconds; a fresh token lives tokenTtlSeconds. */
    expiresAt?: number;
  }): Promise<IssuedToken> {
    const { account, scope } = input;
    let project: { id: string; name: string } | undefined;
    if (scope && 'project' in scope) {
      if (scope.project.domain) requireOwnDomain(scope.project.domain, account, 'project');
      project = await this.projectOfScope(account.id, scope.project);
    } else if (scope) {
      requireOwnDomain(scope.domain, account, 'domain');
    }
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const claims: TokenClaims = {
      uid: input.user.id,
      un: input.user.name,
      did: account.id,
      dn: account.name,
      ...(project ? { pid: project.id, pn: project.name } : {}),
      iat: now,
      exp: input.expiresAt ?? now + this.tokenTtlSeconds,
      jti: randomBytes(12).toString('base64url'),
      iam: nowMs,
      ...(input.methods[0] !== 'password' ? { am: input.methods } : {}),
    };
    return { token: signToken(this.keys.tokenSigning, claims), claims };
  }

  /** The project a scope names, by id (which wins, as in Keystone) or by name, in the token's account. */
  private async projectOfScope(accountId: string, ref: { id?: string; name?: string }) {
    let query = this.db.selectFrom('projects').select(['id', 'name']).where('account_id', '=', accountId);
    if (ref.id !== undefined) query = query.where('id', '=', ref.id);
    else if (ref.name !== undefined) query = query.where('name', '=', ref.name);
    else throw new ApiError('IAM.0002', 'auth.scope.project');
    const project = await query.executeTakeFirst();
    if (!project) throw new ApiError('IAM.0003', 'project');
    return project;
  }

  /**
   * A verified token still stands: its user is enabled, it was issued after the user's last password change, and it
   * was not revoked. Every instance sees a revocation within the lookup cache window.
   */
  async isTokenCurrent(claims: TokenClaims, principal: Principal): Promise<boolean> {
    if (!principal.enabled || (claims.iam ?? claims.iat * 1000) < principal.tokensValidAfter) return false;
    if (claims.jti === undefined) return true;
    const revoked = await this.revokedTokens.get(claims.jti, async () =>
      (await this.db
        .selectFrom('revoked_tokens')
        .select('token_id')
        .where('token_id', '=', claims.jti!)
        .executeTakeFirst())
        ? true
        : null,
    );
    return revoked !== true;
  }

  /**
   * A token checked all the way: signed by this platform, unexpired, its user still in the token's account, and
   * current (isTokenCurrent). The gateway authenticates X-Auth-Token with it, and the token method of
   * POST /v3/auth/tokens reads its token with it.
   */
  async currentToken(token: string): Promise<CurrentToken> {
    const check = this.verifyToken(token);
    if (!check.ok) return check;
    const principal = await this.principal(check.claims.uid);
    if (
      !principal ||
      principal.accountId !== check.claims.did ||
      !(await this.isTokenCurrent(check.claims, principal))
    ) {
      return { ok: false, reason: 'revoked' };
    }
    return { ok: true, claims: check.claims, principal };
  }

  /**
   * The token an X-Subject-Token header names, for a caller that may see it: its own, or any of its account when the
   * caller may manage users (Keystone's validate and revoke). A token that is invalid, expired, revoked or not the
   * caller's to see answers as an unknown one (IAM.0003), so that nothing tells them apart.
   */
  async subjectToken(
    subject: string,
    caller: { userId: string; accountId: string; mayManageUsers: boolean },
  ): Promise<{ claims: TokenClaims; principal: Principal }> {
    const current = await this.currentToken(subject);
    if (
      !current.ok ||
      current.claims.did !== caller.accountId ||
      (current.claims.uid !== caller.userId && !caller.mayManageUsers)
    ) {
      throw new ApiError('IAM.0003', 'token');
    }
    return current;
  }

  /** Revokes one token (Keystone's DELETE /v3/auth/tokens); which tokens a caller may name is as in subjectToken. */
  async revokeToken(
    subject: string,
    caller: { userId: string; accountId: string; mayManageUsers: boolean },
  ): Promise<void> {
    const { claims } = await this.subjectToken(subject, caller);
    const tokenId = claims.jti;
    if (tokenId === undefined) throw new ApiError('IAM.0003', 'token');
    const now = Date.now();
    await this.db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
    await this.db
      .insertInto('revoked_tokens')
      .values({ token_id: tokenId, user_id: claims.uid, expires_at: claims.exp * 1000 })
      .onConflict((oc) => oc.column('token_id').doNothing())
      .execute();
    this.revokedTokens.delete(tokenId);
  }

  // ---- principals and keys (hot path, cached) -----------------------------------------------------------------

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

  async accessKey(accessKey: string): Promise<AccessKeyRecord | null> {
    return this.accessKeys.get(accessKey, async () => {
      const row = await this.db
        .selectFrom('access_keys')
        .selectAll()
        .where('access_key', '=', accessKey)
        .executeTakeFirst();
      return row
        ? {
            accessKey: row.access_key,
            secretKey: decryptSecret(this.keys.secretEncryption, row.secret_enc),
            userId: row.user_id,
            status: row.status,
          }
        : null;
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

  // ---- secrets that other domains store ---------------------------------------------------------------------------

  /**
   * Seals a secret another domain keeps in its tables (a project's object-storage secret key) with the key that seals
   * the AK/SK secrets: one key for stored secrets, derived from the master key, which never leaves identity.
   */
  sealSecret(plain: string): string {
    return encryptSecret(this.keys.secretEncryption, plain);
  }

  openSecret(sealed: string): string {
    return decryptSecret(this.keys.secretEncryption, sealed);
  }

  // ---- administration -------------------------------------------------------------------------------------------

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

  async createAccessKey(accountId: string, userId: string, description = '') {
    const accessKey = randomString(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    const secretKey = randomString(40);
    const createdAt = Date.now();
    await this.db
      .insertInto('access_keys')
      .values({
        access_key: accessKey,
        user_id: userId,
        account_id: accountId,
        secret_enc: encryptSecret(this.keys.secretEncryption, secretKey),
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

  async listAccessKeys(accountId: string, userId?: string): Promise<AccessKeyView[]> {
    let query = this.db.selectFrom('access_keys').select(accessKeyColumns).where('account_id', '=', accountId);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.orderBy('created_at').execute();
    return rows.map(toAccessKeyView);
  }

  /** One key of the account, with when it was last used (`""`: never), this instance's unwritten use included. */
  async getAccessKey(
    accountId: string,
    accessKey: string,
  ): Promise<(AccessKeyView & { last_use_time: string }) | undefined> {
    const row = await this.db
      .selectFrom('access_keys')
      .select([...accessKeyColumns, 'last_used_at'])
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!row) return undefined;
    const lastUsed = Math.max(Number(row.last_used_at ?? 0), this.accessKeyUsage.unwritten(accessKey) ?? 0);
    const { description, ...rest } = toAccessKeyView(row);
    return { ...rest, last_use_time: lastUsed > 0 ? iamTime(lastUsed) : '', description };
  }

  /**
   * Changes a key's status or description. An inactive key stops signing requests at once on this instance and
   * within the lookup cache window on the others, and works again when made active.
   */
  async updateAccessKey(
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
    this.accessKeys.delete(accessKey);
    const row = await this.db
      .selectFrom('access_keys')
      .select(accessKeyColumns)
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row ? toAccessKeyView(row) : undefined;
  }

  async deleteAccessKey(accountId: string, accessKey: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('access_keys')
      .where('access_key', '=', accessKey)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    this.accessKeys.delete(accessKey);
    return Number(result.numDeletedRows) > 0;
  }

  /** Notes that a key just authenticated a request (its signature verified); written later, in a batch. */
  recordAccessKeyUse(accessKey: string): void {
    this.accessKeyUsage.record(accessKey);
  }

  /** Writes what is still only in memory (access keys' last use); the database must still be open. */
  async close(): Promise<void> {
    await this.accessKeyUsage.close();
  }

  /**
   * Creates the first account, project, administrator and AK/SK pair. Idempotent: an existing account is left as it
   * is and reported with created=false, so that running it on every start is safe.
   */
  async bootstrap(input: {
    account: string;
    user: string;
    password: string;
    project: string;
  }): Promise<BootstrapResult> {
    const existing = await this.findAccountByName(input.account);
    if (existing) {
      const project = await this.db
        .selectFrom('projects')
        .select('id')
        .where('account_id', '=', existing.id)
        .where('name', '=', input.project)
        .executeTakeFirst();
      const user = await this.db
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', existing.id)
        .where('name', '=', input.user)
        .executeTakeFirst();
      return { created: false, accountId: existing.id, projectId: project?.id ?? '', userId: user?.id ?? '' };
    }
    const account = await this.createAccount(input.account);
    const project = await this.createProject(account.id, input.project);
    const user = await this.createUser(account.id, input.user, input.password, ['*']);
    const key = await this.createAccessKey(account.id, user.id, 'bootstrap');
    return {
      created: true,
      accountId: account.id,
      projectId: project.id,
      userId: user.id,
      accessKey: key.access,
      secretKey: key.secret,
    };
  }

  async hasAnyAccount(): Promise<boolean> {
    return (await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined;
  }
}

/** A scope may name only the user's own domain; another answers as an unknown one. */
function requireOwnDomain(ref: DomainRef, account: { id: string; name: string }, what: string): void {
  if ((ref.id !== undefined && ref.id !== account.id) || (ref.name !== undefined && ref.name !== account.name)) {
    throw new ApiError('IAM.0003', what);
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

function toUserView(row: { id: string; name: string; account_id: string; permissions: string; enabled: number }) {
  return {
    id: row.id,
    name: row.name,
    domain_id: row.account_id,
    enabled: row.enabled === 1,
    permissions: JSON.parse(row.permissions) as string[],
  };
}

// A valid scrypt hash of a random string, used to spend the same time on unknown users as on known ones.
const dummyHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
