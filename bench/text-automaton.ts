/**
 * Why the text matcher has its own typed-array automaton (src/moderation/text/automaton.ts) instead of the
 * `ahocorasick` package (a dev dependency, for this measurement only): both timed on the same lexicon and the same
 * 1 KB texts, in alternating rounds, with the ratio range printed. The project takes a well-kept package unless its
 * own code is much faster where it counts: the whole moderation call, not the search alone.
 *
 *   npm run build && node dist/bench/text-automaton.js [rounds]
 *
 * Per round, each side's best of 20 passes over 64 texts (half English, half Chinese, a quarter with a swear word,
 * as bench/text-quality.ts), in µs per text:
 *   - search: the patterns the moderator compiles (built-in terms of every tier, containing-word exceptions, news
 *     markers), searched in the already-normalised texts;
 *   - moderation path: the whole moderateText call (normaliser, lists, detectors, model), with the package (as
 *     shipped) and with the typed-array automaton swapped in under the same TermMatcher; the answers are checked
 *     to be identical first.
 */
import assert from 'node:assert/strict';
import AhoCorasick from 'ahocorasick';
import {
  builtinTerms,
  containingWords,
  newsContextTerms,
  textCategories,
} from '../src/moderation/text/builtin-lexicon.js';
import { type TermMatch, TermMatcher } from '../src/moderation/text/matcher.js';
import { type NormalizedText, normalizeTerm, normalizeText } from '../src/moderation/text/normalizer.js';
import { moderateText } from '../src/moderation/text/text-moderator.js';
import { kilobyteTexts } from './text-quality.js';
import { Automaton } from '../src/moderation/text/automaton.js';

const patterns = [
  ...new Set([...builtinTerms.map((t) => t.term), ...containingWords, ...newsContextTerms].map(normalizeTerm)),
].filter((p) => [...p].length >= 2);
const texts = kilobyteTexts();
const normalized = texts.map((t) => normalizeText(t));

const library = new AhoCorasick(patterns);
const typedArrays = new Automaton(patterns);

function packageSearch(): number {
  let hits = 0;
  for (const { text } of normalized) for (const [, found] of library.search(text)) hits += found.length;
  return hits;
}

function typedArraySearch(): number {
  let hits = 0;
  for (const { codes } of normalized) typedArrays.search(codes, codes.length, () => hits++);
  return hits;
}

// The package under the moderator: TermMatcher.match with its search, the rest (collect) unchanged. It reaches into
// TermMatcher's private members on purpose: a swap for this measurement only, so that the product keeps one code path.
interface MatcherInternals {
  entries: Map<string, unknown>;
  collect(original: string, n: NormalizedText, start: number, end: number, pattern: string, found: unknown[]): void;
}
const typedArrayMatch = TermMatcher.prototype.match;
const compiled = new WeakMap<object, AhoCorasick | undefined>();
function packageMatch<Tag>(this: TermMatcher<Tag>, original: string, n: NormalizedText): TermMatch<Tag>[] {
  const self = this as unknown as MatcherInternals;
  if (!compiled.has(this))
    compiled.set(this, self.entries.size > 0 ? new AhoCorasick([...self.entries.keys()]) : undefined);
  const automaton = compiled.get(this);
  const found: TermMatch<Tag>[] = [];
  if (!automaton || n.text.length === 0) return found;
  // ahocorasick reports [index of the last character, patterns ending there]; indexes are UTF-16 code units.
  for (const [last, list] of automaton.search(n.text)) {
    for (const pattern of list) self.collect(original, n, last + 1 - pattern.length, last + 1, pattern, found);
  }
  return found;
}

function withPackage<T>(run: () => T): T {
  TermMatcher.prototype.match = packageMatch;
  try {
    return run();
  } finally {
    TermMatcher.prototype.match = typedArrayMatch;
  }
}

function moderateAll(): number {
  let flagged = 0;
  for (const t of texts) if (moderateText(t, textCategories).suggestion !== 'pass') flagged++;
  return flagged;
}

/** Best µs per text over `passes` passes. */
function time(run: () => number, passes = 20): number {
  let best = Infinity;
  for (let p = 0; p < passes; p++) {
    const start = process.hrtime.bigint();
    run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000 / texts.length);
  }
  return best;
}

// Same hits, same answers: what is compared is speed alone.
assert.equal(packageSearch(), typedArraySearch());
const answers = texts.map((t) => JSON.stringify(moderateText(t, textCategories)));
withPackage(() => texts.forEach((t, i) => assert.equal(JSON.stringify(moderateText(t, textCategories)), answers[i])));

const rounds = Number(process.argv[2] ?? 6);
console.log(`${patterns.length} patterns, ${texts.length} texts of about 1 KB, ${rounds} alternating rounds`);
console.log('µs per text, ahocorasick package vs typed-array automaton (best of 20 passes each):');
const ratios = { search: [] as number[], path: [] as number[] };
for (let r = 0; r < rounds; r++) {
  // Alternate which side goes first, so that warm-up and machine load favour neither.
  const sides = r % 2 === 0 ? (['package', 'typed'] as const) : (['typed', 'package'] as const);
  const t = {} as Record<(typeof sides)[number], { search: number; path: number }>;
  for (const side of sides) {
    t[side] =
      side === 'package'
        ? { search: time(packageSearch), path: withPackage(() => time(moderateAll)) }
        : { search: time(typedArraySearch), path: time(moderateAll) };
  }
  ratios.search.push(t.package.search / t.typed.search);
  ratios.path.push(t.package.path / t.typed.path);
  console.log(
    `round ${r + 1}: search ${t.package.search.toFixed(1)} vs ${t.typed.search.toFixed(1)} ` +
      `(x${ratios.search.at(-1)!.toFixed(1)}); moderateText ${t.package.path.toFixed(1)} vs ` +
      `${t.typed.path.toFixed(1)} (x${ratios.path.at(-1)!.toFixed(2)})`,
  );
}
const range = (xs: number[], digits: number) =>
  `${Math.min(...xs).toFixed(digits)} to ${Math.max(...xs).toFixed(digits)}`;
console.log(`package / typed-array: search x${range(ratios.search, 1)}, moderation path x${range(ratios.path, 2)}`);
