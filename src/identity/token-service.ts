import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ApiError } from '../errors/api-error.js';
import type { Db } from '../storage/database.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { verifyPassword } from './crypto.js';
import type { Directory, Principal } from './directory.js';
import { type LoginLimits, LoginGuard } from './login-guard.js';
import { signToken, type TokenClaims, type TokenCheck, verifyToken } from './tokens.js';

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

/**
 * Identity's tokens: issued for a password (within the login rations) or rescoped from a token, checked all the way
 * (signature, expiry, user, revocation), and revoked.
 */
export class TokenService {
  // Revocations made through this process are seen at once; other instances see them within the cache window.
  private readonly revokedTokens = new LookupCache<boolean>();
  private readonly loginGuard: LoginGuard;
  private readonly tokenTtlSeconds: number;

  constructor(
    private readonly db: Db,
    private readonly signingKey: Buffer,
    private readonly directory: Directory,
    settings: { tokenTtlSeconds: number } & LoginLimits,
    redis?: Redis,
  ) {
    this.tokenTtlSeconds = settings.tokenTtlSeconds;
    this.loginGuard = new LoginGuard(settings, redis);
  }

  verifyToken(token: string): TokenCheck {
    return verifyToken(this.signingKey, token);
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
    return { token: signToken(this.signingKey, claims), claims };
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
    const principal = await this.directory.principal(check.claims.uid);
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
}

/** A scope may name only the user's own domain; another answers as an unknown one. */
function requireOwnDomain(ref: DomainRef, account: { id: string; name: string }, what: string): void {
  if ((ref.id !== undefined && ref.id !== account.id) || (ref.name !== undefined && ref.name !== account.name)) {
    throw new ApiError('IAM.0003', what);
  }
}

// A valid scrypt hash of a random string, used to spend the same time on unknown users as on known ones.
const dummyHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
