import assert from 'node:assert/strict';
import { startFakeModelServer } from './fake-model-server.js';
import { startServer, type TestServer } from './server.js';

/**
 * MaaS set-up through the documented APIs, for tests that need a model, an endpoint or a key on the way to what they
 * test. Each helper asserts the call succeeded and returns what the next step needs.
 */
export function maas(server: TestServer, token: string) {
  const pid = server.projectId;
  return {
    /** An operator model deployment (the cloud's built-in service) served by the given upstream base URLs. */
    async deployModel(name: string, urls: string | string[], extra: Record<string, unknown> = {}) {
      const replicas = (Array.isArray(urls) ? urls : [urls]).map((url) => ({ url }));
      const res = await server.operator('POST', '/operator/v1/maas/models', { name, replicas, ...extra });
      assert.equal(res.status, 201, res.text);
      return res.json as { model_id: string; name: string };
    },

    /** A tenant's real-time service (mounted to the MaaS gateway unless told otherwise). */
    async createService(name: string, upstreamUrl: string, extra: Record<string, unknown> = {}) {
      const res = await server.call('POST', `/v1/${pid}/services`, {
        token,
        body: { service_name: name, upstream_url: upstreamUrl, mount_to_maas_gateway: true, ...extra },
      });
      assert.equal(res.status, 201, res.text);
      return res.json.service_id as string;
    },

    /** A custom endpoint on an operator model (`model_name`) or on a tenant's service (`infer_service_id`). */
    async createEndpoint(body: Record<string, unknown>) {
      const res = await server.call('POST', `/v1/${pid}/maas/services/custom-endpoint/endpoint`, { token, body });
      assert.equal(res.status, 200, res.text);
      return res.json as { id: string; endpoint_name: string };
    },

    async createKey(body: Record<string, unknown> = {}) {
      const res = await server.call('POST', `/v2/${pid}/maas/api-auth/api-keys`, {
        token,
        body: { allow_all: true, ...body },
      });
      assert.equal(res.status, 200, res.text);
      return res.json as { id: string; label: string; api_key: string; monthly_budget: number | null };
    },

    /** Call statistics of the project over the last hour (show-statistics). */
    async statistics(body: Record<string, unknown> = {}) {
      const now = Date.now();
      const res = await server.call('POST', `/v1/${pid}/maas/monitoring/show-statistics`, {
        token,
        body: { service_type: 3, infer_type: 'real_time', start_time: now - 3600_000, end_time: now + 60_000, ...body },
      });
      assert.equal(res.status, 200, res.text);
      return res.json;
    },
  };
}

/**
 * The usual start of a MaaS test: a fake model server, a server that may call it (private upstreams allowed), the
 * admin's token, the helpers, and the operator model `qwen2.5-7b` on the fake server.
 */
export async function startMaasWithModel() {
  const model = await startFakeModelServer();
  const server = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
  const token = await server.token();
  const m = maas(server, token);
  await m.deployModel('qwen2.5-7b', model.url);
  return { model, server, token, m };
}
