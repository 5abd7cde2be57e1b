/**
 * Writes src/moderation/text/spelling-guard.ts: every word of an English word list that a spelling reading of
 * spelling-variants.ts would change (a misspelling of a group name or a hateful word, or words run together), so
 * that real words stay what they are ("this" is not "thais", "therapists" is not "the rapists").
 *
 *   npm run build:spelling-guard        (or: node dist/scripts/spelling-guard.js [word list])
 *
 * The list: the npm package an-array-of-english-words (MIT, a pinned dev dependency), its index.json, unless another
 * list (one word a line, or a JSON array) is named. Rerun when the lexicons change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { englishSpellingTargets, joinedWords } from '../src/moderation/text/semantic.js';
import { SpellingVariants } from '../src/moderation/text/spelling-variants.js';

const path = process.argv[2] ?? createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
const source = readFileSync(path, 'utf8');
const words: string[] = source.trimStart().startsWith('[') ? JSON.parse(source) : source.split(/\r?\n/);
const variants = new SpellingVariants(englishSpellingTargets);
const guarded = new Set<string>();
for (const raw of words) {
  const word = raw.trim().toLowerCase();
  if (!/^[a-z]+$/.test(word)) continue;
  if (variants.lookup(word, false) !== undefined || joinedWords.split(word, false, 3) !== undefined) guarded.add(word);
}
// Two real words that make a content or group word together ("in sects"): kept apart.
const dictionary = new Set(words.map((w) => w.trim().toLowerCase()));
for (const target of joinedWords.mergeable)
  for (let at = 2; at + 2 <= target.length; at++) {
    const [left, right] = [target.slice(0, at), target.slice(at)];
    if (dictionary.has(left) && dictionary.has(right)) guarded.add(`${left} ${right}`);
  }
const sorted = [...guarded].sort();
const lines: string[] = [];
for (let i = 0; i < sorted.length; i += 12) lines.push(`  '${sorted.slice(i, i + 12).join(',')},' +`);
const target = new URL('../../src/moderation/text/spelling-guard.ts', import.meta.url);
const file = readFileSync(target, 'utf8');
const body = `const words =\n${lines.join('\n').replace(/,' \+$/, "'")};`;
writeFileSync(target, file.replace(/const words =[\s\S]*?;\n/, `${body}\n`));
console.log(`${sorted.length} words guarded (of ${words.length}) in src/moderation/text/spelling-guard.ts`);
