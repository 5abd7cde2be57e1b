import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from './helpers/server.js';

describe('OpenAPI document', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('is served, and docs/openapi.json in the repository is the same document (npm run openapi rewrites it)', async () => {
    const served = await server.call('GET', '/openapi.json');
    assert.equal(served.status, 200);
    assert.ok(served.json.paths['/v1/{project_id}/maas/custom-endpoints']);
    assert.ok(served.json.paths['/v3/auth/tokens']);
    assert.deepEqual(served.json, JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  });
});
