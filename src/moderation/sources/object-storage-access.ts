import type { Db } from '../../storage/database.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import type { ModerationObjectStorageTable } from '../../storage/schema.js';
import type { ObjectLocation } from './object-location.js';

/** Part of a bucket: the keys that start with `prefix` ('' is the whole bucket). */
export interface BucketPrefix {
  bucket: string;
  prefix: string;
}

/** How to reach a project's own S3-compatible store. */
export interface StoreCredentials {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  pathStyle: boolean;
}

export interface ProjectStore extends StoreCredentials {
  buckets: BucketPrefix[];
  updatedAt: number;
}

/** What a project may read: buckets granted on the operator's store, and its own store. */
export interface ProjectStorageAccess {
  operator?: { buckets: BucketPrefix[]; updatedAt: number };
  own?: ProjectStore;
}

/** One bucket and prefix a read may use, with the store that serves it. */
export interface Grant extends BucketPrefix {
  store: 'operator' | StoreCredentials;
}

/** Seals secrets at rest (identity holds the key; see IdentityService.sealSecret). */
export interface SecretSealer {
  sealSecret(plain: string): string;
  openSecret(sealed: string): string;
}

function grantsOf(access: ProjectStorageAccess): Grant[] {
  return [
    // The project's own store first: on equal prefixes, the store the project configured itself is the one read.
    ...(access.own?.buckets.map((b) => ({ ...b, store: access.own! })) ?? []),
    ...(access.operator?.buckets.map((b) => ({ ...b, store: 'operator' as const })) ?? []),
  ];
}

/**
 * The grant that covers an object: same bucket, the decoded key starts with the prefix, and of several the longest
 * prefix wins (the most specific grant, as in the cloud's bucket policies). Keys are checked for `..` and the like
 * before this (parseObjectLocation), so a key that starts with a prefix stays inside it on every kind of store.
 */
export function coveringGrant(grants: readonly Grant[], location: ObjectLocation): Grant | undefined {
  let best: Grant | undefined;
  for (const grant of grants) {
    if (grant.bucket !== location.bucket || !location.key.startsWith(grant.prefix)) continue;
    if (!best || grant.prefix.length > best.prefix.length) best = grant;
  }
  return best;
}

/**
 * Per-project object-storage access, as the cloud's OBS agency: the buckets and prefixes the operator granted on its
 * store, and the project's own store with its credentials (the secret key sealed at rest). Read through the short
 * lookup cache; a change drops the project's entry at once here, and other instances see it within the cache window.
 */
export class ObjectStorageAccess {
  private readonly cache = new LookupCache<ProjectStorageAccess>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretSealer,
  ) {}

  async of(projectId: string): Promise<ProjectStorageAccess> {
    const access = await this.cache.get(projectId, async () => {
      const rows = await this.db
        .selectFrom('moderation_object_storage')
        .selectAll()
        .where('project_id', '=', projectId)
        .execute();
      const access: ProjectStorageAccess = {};
      for (const row of rows) {
        const buckets = JSON.parse(row.buckets) as BucketPrefix[];
        const updatedAt = Number(row.updated_at);
        if (row.source === 'operator') access.operator = { buckets, updatedAt };
        else access.own = this.projectStoreOf(row, buckets, updatedAt);
      }
      return access;
    });
    return access!;
  }

  async grants(projectId: string): Promise<Grant[]> {
    return grantsOf(await this.of(projectId));
  }

  /** Replaces the buckets and prefixes granted on the operator's store. */
  async grantOperatorBuckets(projectId: string, buckets: BucketPrefix[]): Promise<void> {
    await this.save({ ...emptyRow(projectId, 'operator'), buckets: JSON.stringify(buckets) });
  }

  async setProjectStore(projectId: string, store: Omit<ProjectStore, 'updatedAt'>): Promise<void> {
    await this.save({
      ...emptyRow(projectId, 'project'),
      buckets: JSON.stringify(store.buckets),
      endpoint: store.endpoint,
      region: store.region,
      access_key: store.accessKey,
      secret_enc: this.secrets.sealSecret(store.secretKey),
      path_style: store.pathStyle ? 1 : 0,
    });
  }

  async remove(projectId: string, source: ModerationObjectStorageTable['source']): Promise<void> {
    await this.db
      .deleteFrom('moderation_object_storage')
      .where('project_id', '=', projectId)
      .where('source', '=', source)
      .execute();
    this.cache.delete(projectId);
  }

  private async save(row: ModerationObjectStorageTable): Promise<void> {
    // Every column but the key is replaced: nothing of an old setting survives (no secret follows a new endpoint).
    const { project_id, source, ...changes } = row;
    await this.db
      .insertInto('moderation_object_storage')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'source']).doUpdateSet(changes))
      .execute();
    this.cache.delete(project_id);
  }

  private projectStoreOf(row: ModerationObjectStorageTable, buckets: BucketPrefix[], updatedAt: number): ProjectStore {
    return {
      endpoint: row.endpoint!,
      region: row.region!,
      accessKey: row.access_key!,
      secretKey: this.secrets.openSecret(row.secret_enc!),
      pathStyle: row.path_style === 1,
      buckets,
      updatedAt,
    };
  }
}

function emptyRow(projectId: string, source: ModerationObjectStorageTable['source']): ModerationObjectStorageTable {
  return {
    project_id: projectId,
    source,
    buckets: '[]',
    endpoint: null,
    region: null,
    access_key: null,
    secret_enc: null,
    path_style: null,
    updated_at: Date.now(),
  };
}
