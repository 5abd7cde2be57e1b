import { LRUCache } from 'lru-cache';

/** The memory the cached hash indexes of all scopes may hold together (the `bytes` they report) unless told: 256 MiB. */
const defaultMaxBytes = 256 * 2 ** 20;

/**
 * The hash indexes built per scope (a project, or the operator's), each kept with the signature of the libraries it
 * was built from (their ids and versions), least recently used first out once together they pass `maxBytes`: a
 * scope's index costs 1 MiB even with one image, so without a bound every project that ever had a library would keep
 * one for good. A scope pushed out is built again from the database on its next image; one larger than the whole
 * cap is not kept at all.
 */
export class ScopeIndexCache<Scope extends { index: { bytes: number } }> {
  private readonly entries: LRUCache<string, { signature: string; scope: Scope }>;

  constructor(maxBytes = defaultMaxBytes) {
    this.entries = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.scope.index.bytes),
    });
  }

  /** The scope's index if it was built from libraries with this signature. */
  get(key: string, signature: string): Scope | undefined {
    const cached = this.entries.get(key);
    return cached?.signature === signature ? cached.scope : undefined;
  }

  set(key: string, signature: string, scope: Scope): void {
    this.entries.set(key, { signature, scope });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** The scopes held now (for the tests). */
  get size(): number {
    return this.entries.size;
  }
}
