import { ApiError } from '../../errors/api-error.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation, serializeOn } from '../../storage/database.js';
import { newId } from '../../storage/ids.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import type { ModerationImageLibrariesTable } from '../../storage/schema.js';
import { HashIndex } from './hash-index.js';
import { ScopeIndexCache } from './scope-index-cache.js';
import { cropPenalty, hashToWords, type LibraryImageHashes } from './perceptual-hash.js';

/** Whose libraries: a project's, or the operator's (applied to every project), stored under project_id ''. */
export type LibraryScope = { projectId: string } | 'operator';
const scopeKey = (scope: LibraryScope) => (scope === 'operator' ? '' : scope.projectId);

export const libraryCategories = ['terrorism', 'politics', 'porn', 'customized'] as const;
export type LibraryCategory = (typeof libraryCategories)[number];

export interface LibrarySettings {
  category: LibraryCategory;
  type: 'black' | 'white';
  suggestion: 'block' | 'review';
}

export const libraryLimits = { perScope: 100, imagesPerLibrary: 100_000, hashesPerImport: 10_000, pageSize: 1000 };

export interface LibraryView extends LibrarySettings {
  name: string;
  image_count: number;
  created_at: string;
  updated_at: string;
}

export interface LibraryImageView {
  image_id: string;
  hash: string;
  created_at: string;
}

/** A library as matching needs it: its settings and identity, and its version (what its index was built from). */
export interface LibraryEntry extends LibrarySettings {
  id: string;
  name: string;
  version: number;
  /** The operator's library (for every project) or the project's own. */
  operator: boolean;
}

/** What a hash in an index stands for: an image of a library. */
export interface IndexedImage {
  imageId: string;
  library: LibraryEntry;
  /** Bits added to the distance of a hit on this hash: `cropPenalty` for a crop's hash, 0 for the picture's. */
  penalty: number;
}

/** A scope's libraries with one index of all their images' hashes. */
export interface CompiledScope {
  libraries: LibraryEntry[];
  index: HashIndex<IndexedImage>;
}

/** A scope without libraries: what most requests meet, answered without building anything. */
const noLibraries: CompiledScope = { libraries: [], index: new HashIndex([]) };

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/**
 * Image libraries (a documented extension): per project, and the operator's for every project. Each instance keeps,
 * per scope, the libraries (read at most once a cache window, 2 seconds) and one hash index of all their images,
 * rebuilt only when a library's version changed, here or on another instance; the indexes of all scopes together are
 * bounded (ScopeIndexCache), the least recently used going first.
 */
export class ImageLibraryStore {
  private readonly scopes = new LookupCache<LibraryEntry[]>();
  private readonly compiled: ScopeIndexCache<CompiledScope>;

  /** `maxIndexBytes`: what the indexes of all scopes may hold together (AISP_IMAGE_LIBRARY_INDEX_MB). */
  constructor(
    private readonly db: Db,
    maxIndexBytes?: number,
  ) {
    this.compiled = new ScopeIndexCache(maxIndexBytes);
  }

  private async row(scope: LibraryScope, name: string): Promise<ModerationImageLibrariesTable> {
    const row = await this.db
      .selectFrom('moderation_image_libraries')
      .selectAll()
      .where('project_id', '=', scopeKey(scope))
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new ApiError('AIS.0401');
    return row;
  }

  private async view(row: ModerationImageLibrariesTable): Promise<LibraryView> {
    const { count } = await this.db
      .selectFrom('moderation_library_images')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('library_id', '=', row.id)
      .executeTakeFirstOrThrow();
    return {
      name: row.name,
      category: row.category,
      type: row.type,
      suggestion: row.suggestion,
      image_count: Number(count),
      created_at: iso(row.created_at),
      updated_at: iso(row.updated_at),
    };
  }

  /** Creates a library, or changes an existing one's settings (its images stay). */
  async put(scope: LibraryScope, name: string, settings: LibrarySettings): Promise<LibraryView> {
    const key = scopeKey(scope);
    const now = Date.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        await serializeOn(trx, `moderation_image_libraries:${key}`);
        const current = await trx
          .selectFrom('moderation_image_libraries')
          .select(['id', 'version'])
          .where('project_id', '=', key)
          .where('name', '=', name)
          .executeTakeFirst();
        if (current) {
          await trx
            .updateTable('moderation_image_libraries')
            .set({ ...settings, version: Number(current.version) + 1, updated_at: now })
            .where('id', '=', current.id)
            .execute();
          return;
        }
        const { count } = await trx
          .selectFrom('moderation_image_libraries')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('project_id', '=', key)
          .executeTakeFirstOrThrow();
        if (Number(count) >= libraryLimits.perScope) throw new ApiError('AIS.0401');
        await trx
          .insertInto('moderation_image_libraries')
          .values({ id: newId(), project_id: key, name, ...settings, version: 1, created_at: now, updated_at: now })
          .execute();
      });
    } catch (error) {
      // Two creations at once on SQLite (no advisory lock): the second finds the name taken; it is the same put.
      if (isUniqueViolation(error)) return this.put(scope, name, settings);
      throw error;
    }
    this.scopes.delete(key);
    return this.get(scope, name);
  }

  async get(scope: LibraryScope, name: string): Promise<LibraryView> {
    return this.view(await this.row(scope, name));
  }

  async list(scope: LibraryScope): Promise<LibraryView[]> {
    const rows = await this.db
      .selectFrom('moderation_image_libraries')
      .selectAll()
      .where('project_id', '=', scopeKey(scope))
      .orderBy('name')
      .execute();
    return Promise.all(rows.map((row) => this.view(row)));
  }

  async delete(scope: LibraryScope, name: string): Promise<void> {
    const row = await this.row(scope, name);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('moderation_library_images').where('library_id', '=', row.id).execute();
      await trx.deleteFrom('moderation_image_libraries').where('id', '=', row.id).execute();
    });
    this.scopes.delete(scopeKey(scope));
  }

  /** Adds images by their hashes (an uploaded image's, or imported ones without crops); the library's limit holds. */
  async addImages(
    scope: LibraryScope,
    name: string,
    images: readonly (Omit<LibraryImageHashes, 'crops'> & { crops?: readonly string[] })[],
  ): Promise<LibraryImageView[]> {
    const library = await this.row(scope, name);
    const now = Date.now();
    const rows = images.map((image) => ({
      id: newId(),
      library_id: library.id,
      hash: image.hash.toLowerCase(),
      borderless_hash: image.borderless.toLowerCase(),
      crop_hashes: (image.crops ?? []).join(' ').toLowerCase(),
      created_at: now,
    }));
    await this.db.transaction().execute(async (trx) => {
      await serializeOn(trx, `moderation_library_images:${library.id}`);
      const { count } = await trx
        .selectFrom('moderation_library_images')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('library_id', '=', library.id)
        .executeTakeFirstOrThrow();
      if (Number(count) + rows.length > libraryLimits.imagesPerLibrary) throw new ApiError('AIS.0401');
      // Inserted in slices: SQLite takes at most 32,766 bound values a statement.
      for (let i = 0; i < rows.length; i += 1000) {
        await trx
          .insertInto('moderation_library_images')
          .values(rows.slice(i, i + 1000))
          .execute();
      }
      await this.touch(trx, library.id, now);
    });
    this.scopes.delete(scopeKey(scope));
    return rows.map((row) => ({ image_id: row.id, hash: row.hash, created_at: iso(now) }));
  }

  private async touch(trx: Db, libraryId: string, now: number): Promise<void> {
    await trx
      .updateTable('moderation_image_libraries')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', libraryId)
      .execute();
  }

  async listImages(
    scope: LibraryScope,
    name: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; images: LibraryImageView[] }> {
    const library = await this.row(scope, name);
    const { count } = await this.db
      .selectFrom('moderation_library_images')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('library_id', '=', library.id)
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('moderation_library_images')
      .select(['id', 'hash', 'created_at'])
      .where('library_id', '=', library.id)
      .orderBy('created_at')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute();
    return {
      total: Number(count),
      images: rows.map((r) => ({ image_id: r.id, hash: r.hash, created_at: iso(r.created_at) })),
    };
  }

  async deleteImage(scope: LibraryScope, name: string, imageId: string): Promise<void> {
    const library = await this.row(scope, name);
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('moderation_library_images')
        .where('library_id', '=', library.id)
        .where('id', '=', imageId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new ApiError('AIS.0401');
      await this.touch(trx, library.id, Date.now());
    });
    this.scopes.delete(scopeKey(scope));
  }

  /** A scope's libraries and the index of their images, as current as the cache window allows. */
  async compiledScope(scope: LibraryScope): Promise<CompiledScope> {
    const key = scopeKey(scope);
    const libraries = (await this.scopes.get(key, () => this.librariesOf(key)))!;
    const signature = libraries.map((l) => `${l.id}:${l.version}`).join(',');
    if (libraries.length === 0) {
      this.compiled.delete(key);
      return noLibraries;
    }
    const cached = this.compiled.get(key, signature);
    if (cached) return cached;
    const compiled = { libraries, index: await this.buildIndex(libraries) };
    this.compiled.set(key, signature, compiled);
    return compiled;
  }

  private async librariesOf(key: string): Promise<LibraryEntry[]> {
    const rows = await this.db
      .selectFrom('moderation_image_libraries')
      .select(['id', 'name', 'category', 'type', 'suggestion', 'version'])
      .where('project_id', '=', key)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ ...r, version: Number(r.version), operator: key === '' }));
  }

  private async buildIndex(libraries: LibraryEntry[]): Promise<HashIndex<IndexedImage>> {
    const byId = new Map(libraries.map((l) => [l.id, l]));
    const rows = await this.db
      .selectFrom('moderation_library_images')
      .select(['id', 'library_id', 'hash', 'borderless_hash', 'crop_hashes'])
      .where('library_id', 'in', [...byId.keys()])
      .execute();
    const items = [];
    for (const row of rows) {
      const library = byId.get(row.library_id)!;
      const value = { imageId: row.id, library, penalty: 0 };
      items.push({ words: hashToWords(row.hash), value });
      if (row.borderless_hash !== row.hash) items.push({ words: hashToWords(row.borderless_hash), value });
      const crop = { imageId: row.id, library, penalty: cropPenalty };
      for (const hash of row.crop_hashes.split(' ')) if (hash) items.push({ words: hashToWords(hash), value: crop });
    }
    return new HashIndex(items);
  }
}
