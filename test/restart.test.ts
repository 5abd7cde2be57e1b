import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { request, spawnServer, tokenRequest } from './helpers/server.js';

describe('persistence across a restart of the server process', () => {
  it('keeps accounts, services, endpoints and tokens', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-restart-'));
    const env = {
      AISP_DATA_DIR: dataDir,
      AISP_BOOTSTRAP_ACCOUNT: 'persist',
      AISP_BOOTSTRAP_PASSWORD: 'persist-password',
      AISP_BOOTSTRAP_PROJECT: 'main',
    };
    try {
      let server = await spawnServer(env);
      // The bootstrap credentials file is private to the owner.
      assert.equal(statSync(path.join(dataDir, 'bootstrap-credentials.json')).mode & 0o077, 0);
      const login = await request(server.baseUrl, 'POST', '/v3/auth/tokens', {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(tokenRequest('admin', 'persist-password', 'persist', 'main')),
      });
      assert.equal(login.status, 201, login.text);
      const token = login.headers['x-subject-token'] as string;
      const projectId = login.json.token.project.id;
      const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
      const svc = await request(server.baseUrl, 'POST', `/v1/${projectId}/services`, {
        headers,
        body: JSON.stringify({ service_name: 'kept', upstream_url: 'http://127.0.0.1:9', mount_to_maas_gateway: true }),
      });
      const created = await request(server.baseUrl, 'POST', `/v1/${projectId}/maas/custom-endpoints`, {
        headers,
        body: JSON.stringify({ endpoint_name: 'survivor', service_id: svc.json.service_id }),
      });
      assert.equal(created.status, 201, created.text);
      const deleted = await request(server.baseUrl, 'POST', `/v1/${projectId}/maas/custom-endpoints`, {
        headers,
        body: JSON.stringify({ endpoint_name: 'gone', service_id: svc.json.service_id }),
      });
      await request(server.baseUrl, 'DELETE', `/v1/${projectId}/maas/custom-endpoints/${deleted.json.endpoint_id}`, {
        headers,
      });
      await server.stop();

      server = await spawnServer(env);
      try {
        // The token issued before the restart is still valid: it is signed, and the key lives in the data folder.
        const shown = await request(
          server.baseUrl,
          'GET',
          `/v1/${projectId}/maas/custom-endpoints/${created.json.endpoint_id}`,
          { headers },
        );
        assert.equal(shown.status, 200, shown.text);
        assert.deepEqual(shown.json, created.json);
        const reused = await request(server.baseUrl, 'POST', `/v1/${projectId}/maas/custom-endpoints`, {
          headers,
          body: JSON.stringify({ endpoint_name: 'gone', service_id: svc.json.service_id }),
        });
        assert.equal(reused.json.error_code, 'ModelArts.6271');
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
