/**
 * Which words of an English word list the spelling guard must hold: every word a spelling reading of
 * spelling-variants.ts would change (a misspelling of a group name or a hateful word, or words run together), and
 * every pair of real words that makes a content or group word when joined ("in sects"). Shared by the script that
 * writes src/moderation/text/spelling-guard.ts and the test that checks the shipped guard is current.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { englishSpellingTargets, joinedWords } from '../src/moderation/text/semantic.js';
import { SpellingVariants } from '../src/moderation/text/spelling-variants.js';

/** The word list: a file named (one word a line, or a JSON array), else the pinned npm an-array-of-english-words. */
export function readEnglishWordList(path?: string): string[] {
  const file = path ?? createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
  const source = readFileSync(file, 'utf8');
  return source.trimStart().startsWith('[') ? JSON.parse(source) : source.split(/\r?\n/);
}

/** The guarded words and word pairs, sorted. */
export function spellingGuardWords(words: readonly string[]): string[] {
  const variants = new SpellingVariants(englishSpellingTargets);
  const guarded = new Set<string>();
  for (const raw of words) {
    const word = raw.trim().toLowerCase();
    if (!/^[a-z]+$/.test(word)) continue;
    if (variants.lookup(word, false) !== undefined || joinedWords.split(word, false, 3) !== undefined)
      guarded.add(word);
  }
  const dictionary = new Set(words.map((w) => w.trim().toLowerCase()));
  for (const target of joinedWords.mergeable)
    for (let at = 2; at + 2 <= target.length; at++) {
      const [left, right] = [target.slice(0, at), target.slice(at)];
      if (dictionary.has(left) && dictionary.has(right)) guarded.add(`${left} ${right}`);
    }
  return [...guarded].sort();
}
