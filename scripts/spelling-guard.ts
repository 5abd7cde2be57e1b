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
import { readEnglishWordList, spellingGuardWords } from './spelling-guard-words.js';

const words = readEnglishWordList(process.argv[2]);
const sorted = spellingGuardWords(words);
const lines: string[] = [];
for (let i = 0; i < sorted.length; i += 12) lines.push(`  '${sorted.slice(i, i + 12).join(',')},' +`);
const target = new URL('../../src/moderation/text/spelling-guard.ts', import.meta.url);
const file = readFileSync(target, 'utf8');
const body = `const words =\n${lines.join('\n').replace(/,' \+$/, "'")};`;
writeFileSync(target, file.replace(/const words =[\s\S]*?;\n/, `${body}\n`));
console.log(`${sorted.length} words guarded (of ${words.length}) in src/moderation/text/spelling-guard.ts`);
