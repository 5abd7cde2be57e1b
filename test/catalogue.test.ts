import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { documented } from '../src/errors/catalogue.js';

const sharedCatalogue = '../shared/error-codes.md';
const sharedInferenceCatalogue = '../shared/error-codes-inference.md';

describe('error catalogue', () => {
  // The contract lives beside the repository (as in CI); a clone on its own has only the copy in code.
  it(
    'matches ../shared/error-codes.md and error-codes-inference.md code by code',
    { skip: !existsSync(sharedCatalogue) && 'no ../shared/error-codes.md here' },
    () => {
      const rows = new Map<string, { status: number; message: string }>();
      for (const file of [sharedCatalogue, sharedInferenceCatalogue]) {
        for (const line of readFileSync(file, 'utf8').split('\n')) {
          const m = /^\| (\d{3}) \| ((?:ModelArts|AIS|APIG)\.\d{4,5}) \| (.*?) \|/.exec(line);
          if (m) rows.set(m[2]!, { status: Number(m[1]), message: m[3]! });
        }
      }
      assert.ok(rows.size > 60);
      assert.ok(rows.has('ModelArts.81015'));
      assert.deepEqual(Object.keys(documented).sort(), [...rows.keys()].sort());
      for (const [code, entry] of Object.entries(documented)) {
        const row = rows.get(code)!;
        assert.equal(entry.status, row.status, code);
        // APIG.0301 lists its three messages in one cell; the code keeps the shared prefix with %s.
        if (code === 'APIG.0301') {
          for (const reason of ['decrypt token fail', 'token expires', 'verify aksk signature fail']) {
            assert.ok(row.message.includes(entry.message.replace('%s', reason)), reason);
          }
        } else {
          assert.equal(entry.message, row.message, code);
        }
      }
    },
  );
});
