import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readEnglishWordList, spellingGuardWords } from '../scripts/spelling-guard-words.js';
import { spellingGuard } from '../src/moderation/text/spelling-guard.js';

// The guard is generated from the lexicons: a lexicon change that makes a new real word collide (a group word one
// edit from an everyday word) must come with a regenerated guard, or that everyday word would be read as the group.
it('the shipped spelling guard is the one the word list and the current lexicons give (npm run build:spelling-guard)', () => {
  const expected = spellingGuardWords(readEnglishWordList());
  const shipped = [...spellingGuard].sort();
  const missing = expected.filter((w) => !spellingGuard.has(w));
  const stale = shipped.filter((w) => !expected.includes(w));
  assert.deepEqual({ missing: missing.slice(0, 20), stale: stale.slice(0, 20) }, { missing: [], stale: [] });
  assert.equal(shipped.length, expected.length);
});
