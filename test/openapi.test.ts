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
    const paths = served.json.paths;
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint']?.post);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint']?.get);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/endpoint/{custom_endpoint_id}']?.put);
    assert.ok(paths['/v1/{project_id}/maas/services/custom-endpoint/control/{custom_endpoint_id}']?.put);
    assert.ok(paths['/v2/{project_id}/maas/api-auth/api-keys']?.post);
    assert.ok(paths['/v1/{project_id}/maas/monitoring/show-statistics']?.post);
    assert.ok(paths['/v1/chat/completions']?.post);
    assert.equal(paths['/v1/{project_id}/maas/custom-endpoints'], undefined);
    assert.ok(paths['/v3/auth/tokens']);
    assert.deepEqual(served.json, JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  });
});
