import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import OpenAI from 'openai';
import { Registry } from 'prom-client';
import { serviceTypes } from '../src/maas/contract.js';
import { type CallRecord, CallStatistics } from '../src/maas/statistics/call-stats.js';
import type { Db } from '../src/storage/database.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

describe('MaaS call statistics (monitoring APIs)', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let monitoring: string;
  let endpointId: string;
  const span = () => ({ start_time: Date.now() - 3600_000, end_time: Date.now() + 60_000 });

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      // Written every 50 ms: reads must not depend on a flush having happened.
      maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true } },
      gateway: { trustProxy: ['127.0.0.1'] },
    });
    token = await server.token();
    monitoring = `/v1/${server.projectId}/maas/monitoring`;
    const m = maas(server, token);
    await m.deployModel('qwen2.5-7b', model.url);
    await m.deployModel('broken', model.url, { upstream_model: 'broken-model' });
    endpointId = (await m.createEndpoint({ endpoint_name: 'chat-prod', model_name: 'qwen2.5-7b' })).id;
    await m.createEndpoint({ endpoint_name: 'chat-broken', model_name: 'broken' });
    const alpha = await m.createKey({ label: 'alpha' });
    const beta = await m.createKey({ label: 'beta' });
    const call = (key: string, modelName: string, ip: string, content = 'one two three') =>
      server.call('POST', '/v1/chat/completions', {
        body: { model: modelName, messages: [{ role: 'user', content }] },
        headers: { Authorization: `Bearer ${key}`, 'X-Forwarded-For': ip },
      });
    // alpha: 2 good calls on the endpoint (3 + 4 tokens each) from 10.0.0.1, 1 failed call on the other endpoint.
    assert.equal((await call(alpha.api_key, 'chat-prod', '10.0.0.1')).status, 200);
    assert.equal((await call(alpha.api_key, 'chat-prod', '10.0.0.1')).status, 200);
    assert.equal((await call(alpha.api_key, 'chat-broken', '10.0.0.1')).status, 502);
    // beta: 1 good call on the model directly from 10.0.0.2, streamed.
    const client = new OpenAI({
      baseURL: `${server.baseUrl}/v1`,
      apiKey: beta.api_key,
      maxRetries: 0,
      defaultHeaders: { 'X-Forwarded-For': '10.0.0.2' },
    });
    const stream = await client.chat.completions.create({
      model: 'qwen2.5-7b',
      stream: true,
      messages: [{ role: 'user', content: 'a b' }],
    });
    for await (const chunk of stream) void chunk;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  const post = (path: string, body: Record<string, unknown>) =>
    server.call('POST', `${monitoring}/${path}`, { token, body });

  it('totals calls, errors and tokens (in thousands) by service type, key label and address', async () => {
    const endpoints = await post('show-statistics', { service_type: 3, infer_type: 'real_time', ...span() });
    assert.equal(endpoints.status, 200, endpoints.text);
    assert.deepEqual(endpoints.json, {
      total_request_count: 3,
      total_error_count: 1,
      total_token: 0.014,
      total_prompt_token: 0.006,
      total_completion_token: 0.008,
      total_completion_tasks: 0,
      total_infer_count: 0,
      // Extension: spend at the models' prices (these models have none).
      cost: 0,
      currency: 'CNY',
    });
    // Custom endpoints are service_type 3 in one version of the docs and 4 in another: both answer.
    assert.deepEqual(
      (await post('show-statistics', { service_type: 4, infer_type: 'real_time', ...span() })).json,
      endpoints.json,
    );
    const builtIn = await post('show-statistics', { service_type: 2, infer_type: 'real_time', ...span() });
    assert.equal(builtIn.json.total_request_count, 1);
    assert.equal(builtIn.json.total_token, 0.005);
    const byKey = await post('show-statistics', {
      service_type: 3,
      infer_type: 'real_time',
      api_keys: ['beta'],
      ...span(),
    });
    assert.equal(byKey.json.total_request_count, 0);
    const byIp = await post('show-statistics', {
      service_type: 2,
      infer_type: 'real_time',
      ips: ['10.0.0.2'],
      ...span(),
    });
    assert.equal(byIp.json.total_request_count, 1);
    const batch = await post('show-statistics', { service_type: 3, infer_type: 'batch', ...span() });
    assert.equal(batch.json.total_request_count, 0);
    // The span is asked for: nothing before the calls.
    const earlier = await post('show-statistics', {
      service_type: 3,
      infer_type: 'real_time',
      start_time: Date.now() - 7200_000,
      end_time: Date.now() - 3600_000,
    });
    assert.equal(earlier.json.total_request_count, 0);
  });

  it('lists calls, failure rate, tokens and latency per service, filtered by name', async () => {
    const res = await post('list-service-statistics', span());
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.total, 3);
    const prod = res.json.items.find((i: { service_name: string }) => i.service_name === 'chat-prod');
    assert.deepEqual(Object.keys(prod).sort(), [
      'average_latency_ms',
      'cost',
      'currency',
      'failure_rate',
      'service_id',
      'service_name',
      'service_type',
      'total_completion_token',
      'total_error_count',
      'total_prompt_token',
      'total_request_count',
      'total_token',
    ]);
    assert.equal(prod.service_id, endpointId);
    assert.equal(prod.service_type, 3);
    assert.equal(prod.total_request_count, 2);
    assert.equal(prod.failure_rate, 0);
    const broken = await post('list-service-statistics', { service_names: ['BROKEN'], ...span() });
    assert.equal(broken.json.total, 1);
    assert.equal(broken.json.items[0].failure_rate, 100);
    // "_" in a name filter is a literal underscore, not a wildcard.
    assert.equal((await post('list-service-statistics', { service_names: ['chat_'], ...span() })).json.total, 0);
  });

  it('draws a time series of one service with RPM, TPM and QPS', async () => {
    const res = await post(`${endpointId}/show-detail-chart`, { ...span(), interval: 60, timezone: 'Asia/Shanghai' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.interval, 60);
    const busy = res.json.items.filter((p: { total_request_count: number }) => p.total_request_count > 0);
    assert.equal(
      busy.reduce((n: number, p: { total_request_count: number }) => n + p.total_request_count, 0),
      2,
    );
    assert.ok(busy.every((p: { rpm: number; tpm: number }) => p.rpm >= 1 && p.tpm >= 7));
    assert.ok(res.json.items.length >= 60);
    const hourly = await post(`${endpointId}/show-detail-chart`, { ...span(), interval: 3600 });
    assert.ok(hourly.json.items.length <= 3);
  });

  it('lists the client addresses that made calls', async () => {
    const res = await post('source-ips', span());
    assert.deepEqual(res.json, { total: 2, ips: ['10.0.0.1', '10.0.0.2'] });
  });

  it('checks every request field', async () => {
    const bad = async (path: string, body: Record<string, unknown>, message: string) =>
      expectError(await post(path, body), 400, 'ModelArts.0101', `Invalid parameter: ${message}`);
    await bad('show-statistics', { infer_type: 'real_time', ...span() }, 'service_type is required');
    await bad(
      'show-statistics',
      { service_type: 9, infer_type: 'real_time', ...span() },
      'service_type must be 1, 2, 3 or 4',
    );
    await bad('show-statistics', { service_type: 3, ...span() }, 'infer_type is required');
    await bad(
      'show-statistics',
      { service_type: 3, infer_type: 'now', ...span() },
      'infer_type must be real_time or batch',
    );
    await bad('list-service-statistics', { end_time: 5 }, 'start_time is required');
    await bad('list-service-statistics', { start_time: 10, end_time: 5 }, 'start_time must not be after end_time');
    await bad(
      'list-service-statistics',
      { start_time: 1, end_time: 31 * 86_400_000 },
      'end_time must be at most 30 days after start_time',
    );
    await bad(
      'list-service-statistics',
      { ...span(), timezone: 'Mars/Olympus' },
      'timezone must be an IANA time zone name such as Asia/Shanghai',
    );
    await bad('source-ips', { ...span(), ips: ['not-an-ip'] }, 'ips must list IP addresses');
    await bad(
      'source-ips',
      { ...span(), api_keys: ['has space'] },
      'api_keys must list API key labels of up to 128 letters, digits, "_" or "-" ("" for calls made with a token)',
    );
    await bad(
      `${endpointId}/show-detail-chart`,
      { ...span(), interval: 7 },
      'interval must be one of 60, 300, 3600, 86400',
    );
    expectError(
      await post('show-statistics', { service_type: '3', infer_type: 'real_time', ...span() }),
      400,
      'ModelArts.2115',
      'Invalid JSON request body',
    );
  });

  it('keeps statistics across a restart and loses nothing on shutdown', async () => {
    const s = await startServer({ maas: { statisticsFlushMs: 3600_000, inference: { allowPrivateUpstreams: true } } });
    const dataDir = s.config.dataDir;
    const t = await s.token();
    const sm = maas(s, t);
    await sm.deployModel('m1', model.url);
    const key = await sm.createKey();
    for (let i = 0; i < 3; i++) {
      await s.call('POST', '/v1/chat/completions', {
        body: { model: 'm1', messages: [{ role: 'user', content: 'hi' }] },
        headers: { Authorization: `Bearer ${key.api_key}` },
      });
    }
    // Nothing was written yet (the interval is an hour): closing writes it.
    await s.close(true);
    const again = await startServer({ dataDir });
    try {
      const t2 = await again.token();
      assert.equal((await maas(again, t2).statistics({ service_type: 2 })).total_request_count, 3);
    } finally {
      await again.close();
    }
  });
});

/**
 * Sends a call and destroys its socket as soon as `leaveWhen` says so (after the first bytes of the answer by default):
 * the call is then metered after its connection is gone. Resolves once the socket is destroyed.
 */
function leaveEarly(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  leaveWhen?: () => boolean,
): Promise<void> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      // A connection of its own (no keep-alive reuse): nothing else has asked for its peer address before.
      { host: url.hostname, port: url.port, method: 'POST', path: url.pathname, headers, agent: false },
      (res) => {
        res.once('data', () => req.destroy());
      },
    );
    req.on('close', () => resolve());
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The error of our own destroy() is expected; anything before it is not.
      if (!req.destroyed) reject(error);
    });
    req.end(JSON.stringify(body));
    if (leaveWhen) {
      const timer = setInterval(() => {
        if (!leaveWhen()) return;
        clearInterval(timer);
        req.destroy();
      }, 10);
      req.on('close', () => clearInterval(timer));
    }
  });
}

describe('statistics after a client that leaves early', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let neighbourToken: string;
  let neighbourProject: string;
  let apiKey: string;
  let serviceId: string;

  before(async () => {
    model = await startFakeModelServer();
    // Written every 50 ms, as in production (only far more often): a write that fails shows at once.
    server = await startServer({ maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true } } });
    token = await server.token();
    const m = maas(server, token);
    // The upstream sends its first event and then holds the rest: the client leaves while the stream is open.
    await m.deployModel('gated', model.url, { upstream_model: 'gated-model' });
    await m.deployModel('plain', model.url);
    serviceId = await m.createService('direct-slow', model.url, { mount_to_maas_gateway: false });
    apiKey = (await m.createKey({ label: 'leaver' })).api_key;
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'bystander',
      admin_password: 'bystander-pass-1',
    });
    assert.equal(other.status, 201, other.text);
    neighbourProject = other.json.project_id;
    const login = await server.call('POST', '/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', password: 'bystander-pass-1', domain: { name: 'bystander' } } },
          },
          scope: { project: { id: neighbourProject } },
        },
      },
    });
    assert.equal(login.status, 201, login.text);
    neighbourToken = login.headers['x-subject-token'] as string;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  /** show-statistics of a project; every answer must be a 200, whatever the flushes before it did. */
  async function requestCount(projectId: string, authToken: string, serviceType: number): Promise<number> {
    const now = Date.now();
    const res = await server.call('POST', `/v1/${projectId}/maas/monitoring/show-statistics`, {
      token: authToken,
      body: { service_type: serviceType, infer_type: 'real_time', start_time: now - 3600_000, end_time: now + 60_000 },
    });
    assert.equal(res.status, 200, res.text);
    return res.json.total_request_count as number;
  }

  it('counts a stream whose client left after the first event, and keeps every account answering', async () => {
    await leaveEarly(
      server.baseUrl,
      '/v1/chat/completions',
      { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
      { model: 'gated', stream: true, messages: [{ role: 'user', content: 'one two three' }] },
    );
    // The call is metered once the gateway sees the connection gone: its own time, so polled.
    await pollUntil('the abandoned stream to be counted', async () =>
      (await requestCount(server.projectId, token, 2)) === 1 ? true : undefined,
    );
    // Another account's statistics are untouched by this one's call.
    assert.equal(await requestCount(neighbourProject, neighbourToken, 2), 0);
    // The address is the one the call came from, taken when it was admitted.
    const now = Date.now();
    const ips = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/source-ips`, {
      token,
      body: { start_time: now - 3600_000, end_time: now + 60_000 },
    });
    assert.equal(ips.status, 200, ips.text);
    assert.deepEqual(ips.json, { total: 1, ips: ['127.0.0.1'] });
    for (const path of ['list-service-statistics', 'source-ips']) {
      const res = await server.call('POST', `/v1/${neighbourProject}/maas/monitoring/${path}`, {
        token: neighbourToken,
        body: { start_time: now - 3600_000, end_time: now + 60_000 },
      });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
    }

    // Later calls are written too: the flushes go on working.
    const plain = await server.call('POST', '/v1/chat/completions', {
      body: { model: 'plain', messages: [{ role: 'user', content: 'hello' }] },
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    assert.equal(plain.status, 200, plain.text);
    assert.equal(await requestCount(server.projectId, token, 2), 2);
  });

  it('counts a direct call of a service whose client left before the answer', async () => {
    const before = model.requests.length;
    // slow-model answers after 2 s; the client leaves as soon as the service has the request.
    await leaveEarly(
      server.baseUrl,
      `/v1/infers/${serviceId}/v1/chat/completions`,
      { 'Content-Type': 'application/json', 'X-Auth-Token': token },
      { model: 'slow-model', messages: [{ role: 'user', content: 'wait' }] },
      () => model.requests.length > before,
    );
    await pollUntil('the abandoned direct call to be counted', async () =>
      (await requestCount(server.projectId, token, 1)) === 1 ? true : undefined,
    );
    assert.equal(await requestCount(neighbourProject, neighbourToken, 1), 0);
  });
});

/**
 * A database that refuses statements on demand, in either engine: every statement while `down` (it does not answer),
 * or any statement that carries the value `refuse` (a row it will never take, whatever the checks before it said).
 */
class FaultyDatabase implements KyselyPlugin {
  down = false;
  constructor(private readonly refuse: string) {}
  transformQuery({ node }: PluginTransformQueryArgs) {
    if (this.down) throw new Error('connection refused (test)');
    if (JSON.stringify(node).includes(JSON.stringify(this.refuse))) throw new Error('row refused (test)');
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}

describe('call statistics batch writer', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  /** A writer on the test server's database (its engine), flushed only when the test says so. */
  function writer(db: Db = server.platform.db) {
    const metrics = new Registry();
    const stats = new CallStatistics(db, { flushMs: 3600_000, retentionDays: 30 }, undefined, metrics);
    const dropped = async (reason: string) => {
      const values = (await metrics.getSingleMetric('aisp_maas_statistics_rows_dropped_total')!.get()).values;
      return values.find((v) => v.labels.reason === reason)?.value ?? 0;
    };
    return { stats, dropped };
  }
  const call = (projectId: string, extra: Partial<CallRecord> = {}): CallRecord => ({
    projectId,
    serviceType: serviceTypes.builtIn,
    serviceId: 'svc-1',
    serviceName: 'model-1',
    apiKeyLabel: 'key',
    sourceIp: '10.1.1.1',
    failed: false,
    promptTokens: 3,
    completionTokens: 4,
    latencyMs: 12,
    onFreeQuota: true,
    costNanos: 0,
    ...extra,
  });
  const callsOf = async (projectId: string) => {
    const rows = await server.platform.db
      .selectFrom('maas_call_stats')
      .select('calls')
      .where('project_id', '=', projectId)
      .execute();
    return rows.reduce((n, r) => n + Number(r.calls), 0);
  };

  it('writes the valid rows of a batch, and drops and counts an invalid one', async () => {
    const { stats, dropped } = writer();
    stats.record(call('batch-a'));
    stats.record(call('batch-a', { serviceId: 'svc-2' }));
    // A name the database cannot take (NULL where the column is NOT NULL).
    stats.record(call('batch-a', { serviceId: 'svc-3', serviceName: undefined as unknown as string }));
    // An address that was never known is written as '' (the call and its free tokens still count).
    stats.record(call('batch-b', { sourceIp: undefined as unknown as string }));
    await stats.flush();
    assert.equal(await callsOf('batch-a'), 2);
    assert.equal(await callsOf('batch-b'), 1);
    assert.equal(await dropped('invalid'), 1);
    assert.equal(stats.pendingQuotaTokens('batch-a', 0), 0, 'the dropped row is not carried to the next flush');
    // The next flush writes as usual.
    stats.record(call('batch-a'));
    await stats.flush();
    assert.equal(await callsOf('batch-a'), 3);
  });

  it('writes row by row when the database refuses a batch, and drops a row it keeps refusing', async () => {
    const faults = new FaultyDatabase('poison-service');
    const { stats, dropped } = writer(server.platform.db.withPlugin(faults));
    stats.record(call('rows-a'));
    stats.record(call('rows-b'));
    stats.record(call('rows-a', { serviceId: 'poison-service' }));
    await stats.flush();
    assert.equal(await callsOf('rows-a'), 1);
    assert.equal(await callsOf('rows-b'), 1);
    // The refused row is tried again in the next flushes, then given up (not carried forever).
    assert.equal(stats.pendingQuotaTokens('rows-a', 0), 7);
    await stats.flush();
    await stats.flush();
    assert.equal(await dropped('refused'), 1);
    assert.equal(stats.pendingQuotaTokens('rows-a', 0), 0);
    await stats.flush();
    assert.equal(await dropped('refused'), 1);
    assert.equal(await callsOf('rows-a'), 1);
  });

  it('keeps the whole batch while the database does not answer, and loses nothing once it does', async () => {
    const faults = new FaultyDatabase('never-used');
    const { stats, dropped } = writer(server.platform.db.withPlugin(faults));
    stats.record(call('away-a'));
    stats.record(call('away-b'));
    faults.down = true;
    await assert.rejects(stats.flush());
    await assert.rejects(stats.flush());
    assert.equal(stats.pendingQuotaTokens('away-a', 0), 7);
    faults.down = false;
    stats.record(call('away-a'));
    await stats.flush();
    assert.equal(await callsOf('away-a'), 2);
    assert.equal(await callsOf('away-b'), 1);
    assert.equal(await dropped('invalid'), 0);
    assert.equal(await dropped('refused'), 0);
  });
});
