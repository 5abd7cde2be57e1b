import type { Redis } from 'ioredis';
import type { Db } from '../storage/database.js';
import { AccessKeys } from './access-keys.js';
import { type DerivedKeys, decryptSecret, encryptSecret } from './crypto.js';
import { Directory } from './directory.js';
import type { LoginLimits } from './login-guard.js';
import { TokenService } from './token-service.js';

export { type AccessKeyRecord, type AccessKeyView, AccessKeys } from './access-keys.js';
export { type AccountState, accountStates, Directory, type Principal } from './directory.js';
export { type CurrentToken, type DomainRef, type IssuedToken, type TokenScope, TokenService } from './token-service.js';

export interface BootstrapResult {
  created: boolean;
  accountId: string;
  projectId: string;
  userId: string;
  accessKey?: string;
  secretKey?: string;
}

/**
 * Identity, as one object for app.ts and the gateway: its three rooms (tokens, the directory of accounts, projects
 * and users, access keys), the sealing of other domains' secrets, and the first account's bootstrap, which spans
 * two rooms.
 */
export class IdentityService {
  readonly directory: Directory;
  readonly tokens: TokenService;
  readonly accessKeys: AccessKeys;

  constructor(
    private readonly db: Db,
    private readonly keys: DerivedKeys,
    settings: { tokenTtlSeconds: number } & LoginLimits,
    redis?: Redis,
  ) {
    this.directory = new Directory(db);
    this.tokens = new TokenService(db, keys.tokenSigning, this.directory, settings, redis);
    this.accessKeys = new AccessKeys(db, keys.secretEncryption);
  }

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

  /** Writes what is still only in memory (access keys' last use); the database must still be open. */
  async close(): Promise<void> {
    await this.accessKeys.close();
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
    const existing = await this.directory.findAccountByName(input.account);
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
    const account = await this.directory.createAccount(input.account);
    const project = await this.directory.createProject(account.id, input.project);
    const user = await this.directory.createUser(account.id, input.user, input.password, ['*']);
    const key = await this.accessKeys.create(account.id, user.id, 'bootstrap');
    return {
      created: true,
      accountId: account.id,
      projectId: project.id,
      userId: user.id,
      accessKey: key.access,
      secretKey: key.secret,
    };
  }
}
