import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { request, type Response, spawnServer, tokenRequest } from './helpers/server.js';

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
      let token: string;
      let projectId: string;
      let serviceId: string;
      let created: Response;
      let kept: Response;
      const server = await spawnServer(env);
      // Stopped however the checks end: a failed assertion must not leave the process running (and the test hanging).
      try {
        // The bootstrap credentials file is private to the owner.
        assert.equal(statSync(path.join(dataDir, 'bootstrap-credentials.json')).mode & 0o077, 0);
        const login = await request(server.baseUrl, 'POST', '/v3/auth/tokens', {
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(tokenRequest('admin', 'persist-password', 'persist', 'main')),
        });
        assert.equal(login.status, 201, login.text);
        token = login.headers['x-subject-token'] as string;
        projectId = login.json.token.project.id;
        const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
        const endpoints = `/v1/${projectId}/maas/services/custom-endpoint/endpoint`;
        const svc = await request(server.baseUrl, 'POST', `/v1/${projectId}/services`, {
          headers,
          body: JSON.stringify({
            service_name: 'kept',
            upstream_url: 'http://127.0.0.1:9',
            mount_to_maas_gateway: true,
          }),
        });
        assert.equal(svc.status, 201, svc.text);
        serviceId = svc.json.service_id;
        const endpointBody = (name: string) =>
          JSON.stringify({ endpoint_name: name, source: 'custom_from_modelarts_v2', infer_service_id: serviceId });
        created = await request(server.baseUrl, 'POST', endpoints, { headers, body: endpointBody('survivor') });
        assert.equal(created.status, 200, created.text);
        // A stopped endpoint stays stopped.
        const stopped = await request(server.baseUrl, 'POST', endpoints, { headers, body: endpointBody('sleeper') });
        assert.equal(stopped.status, 200, stopped.text);
        const off = await request(
          server.baseUrl,
          'PUT',
          `/v1/${projectId}/maas/services/custom-endpoint/control/${stopped.json.id}`,
          { headers, body: JSON.stringify({ action: 'deactivate' }) },
        );
        assert.equal(off.status, 204, off.text);
        const deleted = await request(server.baseUrl, 'POST', endpoints, { headers, body: endpointBody('gone') });
        assert.equal(deleted.status, 200, deleted.text);
        const removed = await request(server.baseUrl, 'DELETE', `${endpoints}/${deleted.json.id}`, { headers });
        assert.equal(removed.status, 204, removed.text);
        const listed = await request(server.baseUrl, 'GET', endpoints, { headers });
        assert.equal(listed.status, 200, listed.text);
        assert.equal(listed.json.total, 2);
        kept = listed;
      } finally {
        await server.stop();
      }

      const again = await spawnServer(env);
      try {
        const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
        const endpoints = `/v1/${projectId}/maas/services/custom-endpoint/endpoint`;
        // The token issued before the restart is still valid: it is signed, and the key lives in the data folder.
        const listed = await request(again.baseUrl, 'GET', endpoints, { headers });
        assert.equal(listed.status, 200, listed.text);
        assert.deepEqual(listed.json, kept.json);
        const survivor = listed.json.items.find((e: { id: string }) => e.id === created.json.id);
        assert.deepEqual(survivor, created.json);
        assert.equal(
          listed.json.items.find((e: { endpoint_name: string }) => e.endpoint_name === 'sleeper').status,
          'stopped',
        );
        const services = await request(again.baseUrl, 'GET', `/v1/${projectId}/services`, { headers });
        assert.equal(services.status, 200, services.text);
        assert.ok(services.json.services.some((s: { service_id: string }) => s.service_id === serviceId));
        // A deleted endpoint's name stays taken.
        const reused = await request(again.baseUrl, 'POST', endpoints, {
          headers,
          body: JSON.stringify({
            endpoint_name: 'gone',
            source: 'custom_from_modelarts_v2',
            infer_service_id: serviceId,
          }),
        });
        assert.equal(reused.status, 400, reused.text);
        assert.equal(reused.json.error_code, 'ModelArts.6271');
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
