import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';

const redisUrl = process.env.AISP_TEST_REDIS_URL;
/** A thousandth a token: "one two three" (3 tokens, as estimated and as answered) with max_tokens 4 costs 0.007. */
const price = { input_price_per_million_tokens: 1000, output_price_per_million_tokens: 1000 };
const callCost = 0.007;
const question = { messages: [{ role: 'user' as const, content: 'one two three' }], max_tokens: 4 };

function callsOn(baseUrls: string[], key: string, model: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      request(baseUrls[i % baseUrls.length]!, 'POST', '/v1/chat/completions', {
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model, ...question }),
      }),
    ),
  );
}

describe('MaaS budgets', () => {
  let server: TestServer;
  let upstream: FakeModelServer;
  let token: string;

  before(async () => {
    upstream = await startFakeModelServer();
    server = await startServer({ maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true } } });
    token = await server.token();
    const m = maas(server, token);
    await m.deployModel('metered', upstream.url, price);
    await m.deployModel('metered-broken', upstream.url, { ...price, upstream_model: 'broken-model' });
    await m.deployModel('unpriced', upstream.url);
  });
  after(async () => {
    await server.close();
    await upstream.close();
  });

  it("refuses a key's calls once its monthly budget is spent, OpenAI-style, before the upstream", async () => {
    const m = maas(server, token);
    const key = await m.createKey({ label: 'budgeted', monthly_budget: callCost * 2 });
    assert.equal(key.monthly_budget, 0.014);
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.api_key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'metered', ...question });
    await client.chat.completions.create({ model: 'metered', ...question });
    const before = upstream.requests.length;
    await assert.rejects(client.chat.completions.create({ model: 'metered', ...question }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 429);
      assert.equal(error.type, 'insufficient_quota');
      assert.equal(error.code, 'ModelArts.81110');
      assert.equal(error.message, '429 The API key has used up its monthly budget.');
      return true;
    });
    assert.equal(upstream.requests.length, before, 'a refused call never reaches the upstream');
    // Calls that cost nothing still pass.
    await client.chat.completions.create({ model: 'unpriced', ...question });
  });

  it('gives a reservation back when the call fails', async () => {
    const key = await maas(server, token).createKey({ label: 'failing', monthly_budget: callCost });
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.api_key, maxRetries: 0 });
    for (let i = 0; i < 3; i++) {
      await assert.rejects(client.chat.completions.create({ model: 'metered-broken', ...question }));
    }
    await client.chat.completions.create({ model: 'metered', ...question });
  });

  it('never overspends under 30 concurrent calls', async () => {
    const key = await maas(server, token).createKey({ label: 'burst', monthly_budget: callCost * 5 });
    const results = await callsOn([server.baseUrl], key.api_key, 'metered', 30);
    assert.equal(results.filter((r) => r.status === 200).length, 5);
    const refused = results.find((r) => r.status !== 200)!;
    expectError(refused, 429, 'ModelArts.81110', 'The API key has used up its monthly budget.');
    assert.equal(refused.json.error.type, 'insufficient_quota');
    const spent = await m2Statistics(['burst']);
    assert.equal(spent, callCost * 5);
  });

  it("refuses a project's calls once the operator's budget for it is spent (ModelArts.81005)", async () => {
    const settings = `/operator/v1/projects/${server.projectId}/maas`;
    // The month's spend before the budget was set (the calls of the tests above) counts against it too.
    const nanos = (amount: number) => Math.round(amount * 1e9);
    const earlier = nanos((await server.operator('GET', settings)).json.spent_this_month);
    assert.ok(earlier >= nanos(callCost * 7), `the calls above spent ${earlier} nano-units`);
    const budget = (earlier + nanos(callCost * 2)) / 1e9;
    const set = await server.operator('PUT', settings, { monthly_budget: budget });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.monthly_budget, budget);
    assert.equal(set.json.currency, 'CNY');
    const key = await maas(server, token).createKey({ label: 'project-bound' });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(...(await callsOn([server.baseUrl], key.api_key, 'metered', 1)));
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 403],
    );
    expectError(results[2]!, 403, 'ModelArts.81005', 'The free quota has been used up.');
    const shown = await server.operator('GET', settings);
    assert.equal(nanos(shown.json.spent_this_month), nanos(budget));
    // The free tokens are left as they were; a null budget lifts the limit.
    assert.equal(shown.json.monthly_free_tokens, set.json.monthly_free_tokens);
    await server.operator('PUT', settings, { monthly_budget: null });
    assert.equal((await callsOn([server.baseUrl], key.api_key, 'metered', 1))[0]!.status, 200);
    expectError(
      await server.operator('PUT', settings, { monthly_budget: -1 }),
      400,
      'ModelArts.0101',
      'Invalid parameter: monthly_budget must be a number from 0 to 1000000000 or null',
    );
  });

  it('checks monthly_budget on keys', async () => {
    const res = await server.call('POST', `/v2/${server.projectId}/maas/api-auth/api-keys`, {
      token,
      body: { allow_all: true, monthly_budget: -0.5 },
    });
    expectError(res, 400, 'ModelArts.0101', 'Invalid parameter: monthly_budget must be a number from 0 to 1000000');
  });

  /** Spend shown by the statistics of some key labels (operator models); reads flush the counts first. */
  async function m2Statistics(labels: string[]): Promise<number> {
    const now = Date.now();
    const res = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/show-statistics`, {
      token,
      body: {
        service_type: 2,
        infer_type: 'real_time',
        api_keys: labels,
        start_time: now - 3600_000,
        end_time: now + 60_000,
      },
    });
    assert.equal(res.status, 200, res.text);
    return res.json.cost;
  }
});

/**
 * A key's and its project's budgets after a restart on the same database: spend 2 of 3 calls' worth, restart, and
 * only one more call fits. With Redis the counters outlive the restart and the statistics are not added to them.
 */
async function spendAcrossRestart(redisUrl?: string): Promise<void> {
  const upstream = await startFakeModelServer();
  const settings = { ...(redisUrl ? { redisUrl } : {}), maas: { inference: { allowPrivateUpstreams: true } } };
  const first = await startServer(settings);
  const dataDir = first.config.dataDir;
  let again: TestServer | undefined;
  try {
    const m = maas(first, await first.token());
    await m.deployModel('metered', upstream.url, price);
    const projectSettings = `/operator/v1/projects/${first.projectId}/maas`;
    assert.equal((await first.operator('PUT', projectSettings, { monthly_budget: callCost * 10 })).status, 200);
    const key = await m.createKey({ label: 'restarted', monthly_budget: callCost * 3 });
    const statuses = async (server: TestServer, count: number) =>
      (await callsOn([server.baseUrl], key.api_key, 'metered', count)).map((r) => r.status);
    assert.deepEqual(await statuses(first, 1), [200]);
    assert.deepEqual(await statuses(first, 1), [200]);
    await first.close(true);

    again = await startServer({ ...settings, dataDir });
    assert.equal((await again.operator('GET', projectSettings)).json.spent_this_month, callCost * 2);
    assert.deepEqual(await statuses(again, 1), [200]);
    const refused = (await callsOn([again.baseUrl], key.api_key, 'metered', 1))[0]!;
    expectError(refused, 429, 'ModelArts.81110', 'The API key has used up its monthly budget.');
    assert.equal((await again.operator('GET', projectSettings)).json.spent_this_month, callCost * 3);
    assert.equal(upstream.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 3);
  } finally {
    await again?.close();
    await upstream.close();
  }
}

describe('MaaS budgets across a restart', () => {
  it("keep a key's and its project's month's spend (the memory ledger seeds from the statistics)", () =>
    spendAcrossRestart());

  it(
    'do not count the spend twice with Redis (its counters persist; no seed over them)',
    {
      skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run (CI does)',
    },
    () => spendAcrossRestart(redisUrl),
  );
});

describe('MaaS budgets across instances', () => {
  it(
    "share a key's budget through Redis: 30 concurrent calls on two servers never overspend",
    { skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run (CI does)' },
    async () => {
      const upstream = await startFakeModelServer();
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-budget-'));
      const settings = { dataDir, redisUrl: redisUrl!, maas: { inference: { allowPrivateUpstreams: true } } };
      const a = await startServer(settings);
      const b = await startServer(settings);
      try {
        const m = maas(a, await a.token());
        await m.deployModel('metered', upstream.url, price);
        const key = await m.createKey({ label: 'shared', monthly_budget: callCost * 5 });
        const results = await callsOn([a.baseUrl, b.baseUrl], key.api_key, 'metered', 30);
        // Five across both instances; each alone would have let five through.
        assert.equal(results.filter((r) => r.status === 200).length, 5);
        assert.equal(upstream.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 5);
      } finally {
        await b.close(true);
        await a.close();
        await upstream.close();
      }
    },
  );

  it('hold per instance while Redis is unreachable', async () => {
    const upstream = await startFakeModelServer();
    const s = await startServer({
      redisUrl: 'redis://127.0.0.1:1',
      maas: { inference: { allowPrivateUpstreams: true } },
    });
    try {
      const m = maas(s, await s.token());
      await m.deployModel('metered', upstream.url, price);
      const key = await m.createKey({ label: 'offline', monthly_budget: callCost * 2 });
      const results = await callsOn([s.baseUrl], key.api_key, 'metered', 4);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 429, 429]);
    } finally {
      await s.close();
      await upstream.close();
    }
  });
});
