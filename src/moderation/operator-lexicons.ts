import { readFileSync } from 'node:fs';
import { didYouMean } from '../ops/closest-name.js';
import { requestCategories } from './api-contract.js';
import type { CategoryLexicons } from './glossaries.js';

/**
 * The operator's category lexicons, from a JSON file (`{"politics": ["..."], "ban": ["..."]}`): what counts as
 * political or banned differs by jurisdiction, so no such list ships and the operator supplies one. A file that does
 * not read, or names a category the API does not have, stops the start.
 */
export function loadOperatorLexicons(file: string | undefined): CategoryLexicons {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the lexicons file ${file}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`the lexicons file ${file} must hold an object of term lists by category`);
  }
  const lexicons: CategoryLexicons = {};
  for (const [category, words] of Object.entries(parsed)) {
    if (!(requestCategories.text as readonly string[]).includes(category)) {
      throw new Error(
        `the lexicons file ${file}, /${category}: unknown category${didYouMean(category, requestCategories.text)} ` +
          `(the categories: ${requestCategories.text.join(', ')})`,
      );
    }
    if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) {
      throw new Error(`the lexicons file ${file}: "${category}" must be a list of strings`);
    }
    lexicons[category as keyof CategoryLexicons] = words;
  }
  return lexicons;
}
