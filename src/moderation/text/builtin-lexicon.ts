import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';

/**
 * The built-in term lists per category (English and Chinese), matched after normalisation (normalizer.ts) by one
 * Aho–Corasick automaton. They are the base that per-project glossaries extend; the trained model
 * (model/text-model.ts) covers what lists cannot (abuse without swear words, spam wording). The words are data, in
 * models/text/lexicon.json beside the trained model, read and checked once when this module is first imported; this
 * module holds their shape and how entries expand.
 *
 * Each category has three tiers:
 *   - `block`: explicit terms; a hit blocks (confidence 0.95 exact, 0.85 obfuscated).
 *   - `review`: ambiguous or mild terms (casual profanity, words with innocent senses); a hit goes to review.
 *   - `context`: descriptive terms that news and history use ("massacre", 大屠杀, drug names); a hit goes to review,
 *     and is dropped when the text carries a news or history marker (`newsContext`).
 * An entry "base|s|ing" stands for the base and each base+suffix ("bitch|es|y" = bitch, bitches, bitchy); Latin terms
 * match whole words. CJK terms match inside longer runs, except where one of `containingWords` (a longer word that
 * holds the term with another meaning, 大麻烦 for 大麻) covers the hit.
 *
 * No political list ships (`politics` is empty): what counts differs by jurisdiction. The operator's lexicons file
 * (AISP_MODERATION_LEXICONS_FILE) and projects' category lexicons supply one; until then `politics` finds nothing.
 */
export const textCategories = ['porn', 'abuse', 'ad', 'terrorism', 'ban', 'politics', 'meaningless'] as const;
export type TextCategory = (typeof textCategories)[number];
export type LexiconCategory = Exclude<TextCategory, 'meaningless'>;
const lexiconTiers = ['block', 'review', 'context'] as const;
export type LexiconTier = (typeof lexiconTiers)[number];

const Entries = Type.Array(Type.String({ minLength: 1 }));
const strict = { additionalProperties: false };
const Tiers = Type.Object(
  { block: Type.Optional(Entries), review: Type.Optional(Entries), context: Type.Optional(Entries) },
  strict,
);
/** The file's shape. Every category is there (`{}` for none); any other key, a misspelt tier say, is refused. */
const LexiconFile = Type.Object(
  {
    categories: Type.Object(
      { porn: Tiers, abuse: Tiers, ad: Tiers, terrorism: Tiers, ban: Tiers, politics: Tiers },
      strict,
    ),
    containingWords: Entries,
    newsContext: Entries,
  },
  strict,
);
type LexiconFile = Static<typeof LexiconFile>;
type FileCategory = keyof LexiconFile['categories'];
// The file's categories are the lexicon categories: when one list changes alone, this line does not compile.
true satisfies [FileCategory, LexiconCategory] extends [LexiconCategory, FileCategory] ? true : never;

/** models/text/lexicon.json in the project (from dist/src/moderation/text/, four levels up). */
export const builtinLexiconFile = new URL('../../../../models/text/lexicon.json', import.meta.url);

/** Reads and checks a lexicon file: one that does not read or match stops the start, naming what is wrong where. */
export function readLexiconFile(file: URL): LexiconFile {
  const name = fileURLToPath(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the built-in lexicon ${name}: ${(error as Error).message}`);
  }
  const error = Value.Errors(LexiconFile, parsed).First();
  if (error) {
    const at = error.path || '/';
    throw new Error(
      error.type === ValueErrorType.ObjectAdditionalProperties
        ? `the built-in lexicon ${name} has an unknown key at ${at} (known: ${Object.keys(error.schema.properties).join(', ')})`
        : `the built-in lexicon ${name} is invalid at ${at}: ${error.message}`,
    );
  }
  return parsed as LexiconFile;
}

const lexicon = readLexiconFile(builtinLexiconFile);

/**
 * Longer CJK words that contain a listed term with another meaning: a hit inside one of them is not a hit.
 */
export const containingWords: readonly string[] = lexicon.containingWords;

/**
 * Markers of news and history: a `context`-tier hit in a text that has one of these is dropped
 * (南京大屠杀纪念馆, "police seized 3 kg of cocaine").
 */
export const newsContext: readonly string[] = lexicon.newsContext;

/** Expands "base|s|ing" into ["base", "bases", "basing"]. */
export function expandEntry(entry: string): string[] {
  const [base, ...suffixes] = entry.split('|');
  return [base!, ...suffixes.map((s) => base + s)];
}

function expand(list: readonly string[] | undefined): string[] {
  return (list ?? []).flatMap(expandEntry);
}

/** Every built-in term with its category and tier. */
export const builtinTerms: { term: string; category: LexiconCategory; tier: LexiconTier }[] = (() => {
  const seen = new Set<string>();
  const terms: { term: string; category: LexiconCategory; tier: LexiconTier }[] = [];
  for (const [category, lists] of Object.entries(lexicon.categories)) {
    for (const tier of lexiconTiers) {
      for (const term of expand(lists[tier])) {
        // A term listed twice keeps its first (strongest) tier.
        if (seen.has(`${category}:${term}`)) continue;
        seen.add(`${category}:${term}`);
        terms.push({ term, category: category as LexiconCategory, tier });
      }
    }
  }
  return terms;
})();

export const newsContextTerms: string[] = expand(newsContext);

/** How a keyword finding in each category is answered when it comes from the `block` tier. */
export const categorySuggestion: Record<TextCategory | 'customized', 'block' | 'review'> = {
  porn: 'block',
  abuse: 'block',
  terrorism: 'block',
  ban: 'block',
  ad: 'block',
  politics: 'block',
  meaningless: 'review',
  customized: 'block',
};
