import { ApiError } from '../../errors/api-error.js';
import type { Suggestion } from '../suggestion.js';
import type { CompiledScope, ImageLibraryStore, LibraryCategory, LibraryEntry } from './library-store.js';
import { confidenceOf, hashPixels, hashToWords, matchDistance } from './perceptual-hash.js';

/** A library's verdict on an image, as an image detail with the library and the image it matched. */
export interface LibraryDetail {
  suggestion: Suggestion;
  category: LibraryCategory;
  confidence: number;
  label: 'image_library';
  library_name: string;
  image_id: string;
}

/**
 * The libraries one request applies, ready to match an image's pixels: the operator's and the project's whose
 * category is checked (`customized` ones always), the project's restricted to those a `biz_type` policy names when it
 * names any. Made once per request (or job); matching hashes each image once, whatever the number of libraries.
 */
export class LibraryMatcher {
  constructor(
    private readonly scopes: readonly CompiledScope[],
    private readonly applies: (library: LibraryEntry) => boolean,
  ) {}

  /**
   * The libraries' verdicts on decoded pixels, one per category with a hit: a white library's hit passes the image for
   * its category (`pass`); otherwise the nearest black library image gives the library's suggestion.
   */
  async judge(pixels: Buffer, width: number, height: number): Promise<LibraryDetail[]> {
    const { hash, borderless } = await hashPixels(pixels, width, height);
    const queries = hash === borderless ? [hashToWords(hash)] : [hashToWords(hash), hashToWords(borderless)];
    const best = new Map<LibraryCategory, { library: LibraryEntry; imageId: string; distance: number }>();
    for (const scope of this.scopes) {
      for (const query of queries) {
        for (const { value, distance: bits } of scope.index.search(query, matchDistance)) {
          // A crop's hash is near more images than the picture's: a hit on it counts farther (README's figures).
          const distance = bits + value.penalty;
          if (distance > matchDistance || !this.applies(value.library)) continue;
          const current = best.get(value.library.category);
          if (!current || outranks({ ...value, distance }, current))
            best.set(value.library.category, { ...value, distance });
        }
      }
    }
    return [...best.entries()].map(([category, hit]) => ({
      suggestion: hit.library.type === 'white' ? 'pass' : hit.library.suggestion,
      category,
      confidence: confidenceOf(hit.distance),
      label: 'image_library',
      library_name: hit.library.name,
      image_id: hit.imageId,
    }));
  }
}

const rank = (library: LibraryEntry) => (library.type === 'white' ? 2 : library.suggestion === 'block' ? 1 : 0);

/** A white library's hit wins over any black one; then block over review; then the nearer image. */
function outranks(
  a: { library: LibraryEntry; distance: number },
  b: { library: LibraryEntry; distance: number },
): boolean {
  if (rank(a.library) !== rank(b.library)) return rank(a.library) > rank(b.library);
  return a.distance < b.distance;
}

/**
 * The libraries a request applies for `categories`, or none when no library applies (then no image is hashed). A
 * policy's `image_library_names` must name libraries of the project (AIS.0401 otherwise, as an unknown glossary).
 */
export async function librariesFor(
  store: ImageLibraryStore,
  projectId: string,
  categories: readonly string[],
  named: readonly string[] = [],
): Promise<LibraryMatcher | undefined> {
  const [own, operator] = await Promise.all([store.compiledScope({ projectId }), store.compiledScope('operator')]);
  const names = new Set(named);
  for (const name of names) if (!own.libraries.some((l) => l.name === name)) throw new ApiError('AIS.0401');
  const checked = (library: LibraryEntry) => library.category === 'customized' || categories.includes(library.category);
  const applies = (library: LibraryEntry) =>
    checked(library) && (library.operator || names.size === 0 || names.has(library.name));
  const scopes = [own, operator].filter((scope) => scope.libraries.some(applies));
  return scopes.length > 0 ? new LibraryMatcher(scopes, applies) : undefined;
}

/**
 * An image's details with the libraries' verdicts: a white library's pass replaces what a detector found in its
 * category (the classifier's `porn`), a black library's hit is added to it.
 */
export function withLibraryVerdicts<D extends { category: string }>(
  details: readonly D[],
  verdicts: readonly LibraryDetail[],
): (D | LibraryDetail)[] {
  const passed = new Set(verdicts.filter((v) => v.suggestion === 'pass').map((v) => v.category as string));
  return [...details.filter((d) => !passed.has(d.category)), ...verdicts];
}
