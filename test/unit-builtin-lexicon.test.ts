import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { builtinLexiconFile, builtinTerms, readLexiconFile } from '../src/moderation/text/builtin-lexicon.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-lexicon-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const shipped = JSON.parse(readFileSync(builtinLexiconFile, 'utf8'));

/** Writes `content` as a lexicon file and reads it back: the error message, or 'ok'. */
function read(content: unknown): string {
  const file = path.join(dir, 'lexicon.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  try {
    readLexiconFile(pathToFileURL(file));
    return 'ok';
  } catch (error) {
    return (error as Error).message.replace(file, 'FILE');
  }
}

describe('the built-in lexicon file (models/text/lexicon.json)', () => {
  it('is the data of the built-in lists, every category present', () => {
    assert.equal(read(shipped), 'ok');
    assert.deepEqual(Object.keys(shipped.categories).sort(), ['abuse', 'ad', 'ban', 'politics', 'porn', 'terrorism']);
    const counted = new Set(builtinTerms.map((t) => `${t.category}:${t.term}`));
    assert.equal(counted.size, builtinTerms.length, 'a term stands once per category');
    assert.ok(builtinTerms.some((t) => t.category === 'abuse' && t.term === 'bitches' && t.tier === 'block'));
  });

  it('refuses unknown keys, naming where they are and what is known there', () => {
    const categories = shipped.categories;
    assert.equal(
      read({ ...shipped, categories: { ...categories, porn: { blok: ['x'] } } }),
      'the built-in lexicon FILE has an unknown key at /categories/porn/blok (known: block, review, context)',
    );
    assert.match(
      read({ ...shipped, categories: { ...categories, politic: {} } }),
      /unknown key at \/categories\/politic /,
    );
    assert.match(read({ ...shipped, comment: 'x' }), /unknown key at \/comment \(known: categories, containingWords/);
  });

  it('refuses wrong types, missing parts and a file that is not JSON', () => {
    assert.equal(
      read({ ...shipped, newsContext: ['news', 3] }),
      'the built-in lexicon FILE is invalid at /newsContext/1: Expected string',
    );
    assert.match(read({ ...shipped, newsContext: [''] }), /invalid at \/newsContext\/0/);
    const { ban: _ban, ...withoutBan } = shipped.categories;
    assert.match(read({ ...shipped, categories: withoutBan }), /invalid at \/categories\/ban: Expected required/);
    assert.match(read('{"categories":'), /^cannot read the built-in lexicon FILE: /);
  });
});
