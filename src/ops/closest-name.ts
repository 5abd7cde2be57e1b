import { distance } from 'fastest-levenshtein';

/**
 * The known name a misspelt one most likely meant, for "did you mean" hints: the nearest by edit distance (case
 * ignored), when near enough to be a slip (at most 40% of the longer name's letters, and at least 2 edits allowed), or
 * else the one that starts with it or holds it as a word (`rpm` for `rpm_limit`). Undefined when nothing is close:
 * a wild guess helps less than none.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; edits: number } | undefined;
  let containing: string | undefined;
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const edits = distance(wanted, lower);
    if (edits <= Math.max(2, Math.floor(0.4 * Math.max(wanted.length, lower.length))) && (!best || edits < best.edits))
      best = { name: candidate, edits };
    if (!containing && wanted.length >= 3 && (lower.startsWith(wanted) || wordsOf(candidate).includes(wanted)))
      containing = candidate;
  }
  return best?.name ?? containing;
}

/** The words of a name, lower-cased: `rpm_limit` and `rpmLimit` both give rpm, limit. */
function wordsOf(name: string): string[] {
  return name
    .split(/[_\W]+|(?=[A-Z])/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** `; did you mean X?` for the closest known name, or nothing. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = closestName(name, known);
  return match === undefined ? '' : `; did you mean ${match}?`;
}
