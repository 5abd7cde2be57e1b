import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

/** `HH:MM` (UTC) `minutes` from now. */
function clockIn(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

describe('MaaS prices and spend', () => {
  let server: TestServer;
  let upstream: FakeModelServer;
  let token: string;
  let client: OpenAI;
  let monitoring: string;
  const span = () => ({ start_time: Date.now() - 3600_000, end_time: Date.now() + 60_000 });

  before(async () => {
    upstream = await startFakeModelServer();
    server = await startServer({ maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true } } });
    token = await server.token();
    monitoring = `/v1/${server.projectId}/maas/monitoring`;
    const m = maas(server, token);
    // "one two three" is 3 prompt tokens; "echo: one two three" 4 completion tokens.
    await m.deployModel('priced', upstream.url, {
      input_price_per_million_tokens: 2,
      output_price_per_million_tokens: 8.5,
      currency: 'CNY',
    });
    // A peak window around now (its prices apply), and one later in the day (which does not).
    await m.deployModel('peaky', upstream.url, {
      input_price_per_million_tokens: 1,
      output_price_per_million_tokens: 1,
      price_windows: [
        {
          start: clockIn(-10),
          end: clockIn(60),
          input_price_per_million_tokens: 100,
          output_price_per_million_tokens: 200,
        },
      ],
    });
    await m.deployModel('off-peak', upstream.url, {
      input_price_per_million_tokens: 1,
      output_price_per_million_tokens: 3,
      price_windows: [
        {
          start: clockIn(120),
          end: clockIn(180),
          input_price_per_million_tokens: 50,
          output_price_per_million_tokens: 50,
        },
      ],
    });
    const key = await m.createKey({ label: 'spender' });
    client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.api_key, maxRetries: 0 });
    const ask = (model: string) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'one two three' }] });
    for (let i = 0; i < 3; i++) await ask('priced');
    await ask('peaky');
    await ask('off-peak');
    // Streamed calls are priced on the usage the stream reports.
    const stream = await client.chat.completions.create({
      model: 'priced',
      stream: true,
      messages: [{ role: 'user', content: 'one two three' }],
    });
    for await (const chunk of stream) void chunk;
  });
  after(async () => {
    await server.close();
    await upstream.close();
  });

  const post = (path: string, body: Record<string, unknown>) =>
    server.call('POST', `${monitoring}/${path}`, { token, body });

  it('shows the prices on the model', async () => {
    const res = await server.operator('GET', '/operator/v1/maas/models/peaky');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.input_price_per_million_tokens, 1);
    assert.equal(res.json.currency, 'CNY');
    assert.equal(res.json.price_windows.length, 1);
    assert.equal(res.json.price_windows[0].output_price_per_million_tokens, 200);
    const free = await server.operator('POST', '/operator/v1/maas/models', {
      name: 'free',
      replicas: [{ url: upstream.url }],
    });
    assert.equal(free.json.input_price_per_million_tokens, null);
  });

  it('costs every call at its prices and shows spend beside tokens, per model, key and day', async () => {
    // priced: 4 calls × (3 × 2 + 4 × 8.5) = 160 millionths; peaky: 3 × 100 + 4 × 200 = 1100; off-peak: 3 + 12 = 15.
    const totals = await post('show-statistics', { service_type: 2, infer_type: 'real_time', ...span() });
    assert.equal(totals.status, 200, totals.text);
    assert.equal(totals.json.total_request_count, 6);
    assert.equal(totals.json.cost, 0.001275);
    assert.equal(totals.json.currency, 'CNY');

    const perModel = await post('list-service-statistics', { service_type: 2, ...span() });
    assert.equal(perModel.status, 200, perModel.text);
    const cost = Object.fromEntries(
      perModel.json.items.map((i: { service_name: string; cost: number }) => [i.service_name, i.cost]),
    );
    assert.deepEqual(cost, { priced: 0.00016, peaky: 0.0011, 'off-peak': 0.000015 });

    const byKey = await post('show-statistics', {
      service_type: 2,
      infer_type: 'real_time',
      api_keys: ['spender'],
      ...span(),
    });
    assert.equal(byKey.json.cost, 0.001275);
    const otherKey = await post('show-statistics', {
      service_type: 2,
      infer_type: 'real_time',
      api_keys: ['nobody'],
      ...span(),
    });
    assert.equal(otherKey.json.cost, 0);

    const priced = perModel.json.items.find((i: { service_name: string }) => i.service_name === 'priced');
    const daily = await post(`${priced.service_id}/show-detail-chart`, { ...span(), interval: 86400 });
    assert.equal(daily.status, 200, daily.text);
    const spent = daily.json.items.reduce((n: number, p: { cost: number }) => n + p.cost, 0);
    assert.equal(Math.round(spent * 1e6), 160);
  });

  it("prices a tenant's own service for showback", async () => {
    const m = maas(server, token);
    const serviceId = await m.createService('shown', upstream.url, {
      upstream_model: 'x',
      input_price_per_million_tokens: 10,
      output_price_per_million_tokens: 20,
    });
    const shown = await server.call('GET', `/v1/${server.projectId}/services/${serviceId}`, { token });
    assert.equal(shown.json.output_price_per_million_tokens, 20, shown.text);
    await m.createEndpoint({ endpoint_name: 'shown-ep', infer_service_id: serviceId });
    await client.chat.completions.create({ model: 'shown-ep', messages: [{ role: 'user', content: 'one two three' }] });
    const res = await post('show-statistics', { service_type: 3, infer_type: 'real_time', ...span() });
    // 3 × 10 + 4 × 20 = 110 millionths.
    assert.equal(res.json.cost, 0.00011, res.text);
  });

  it('checks the price fields', async () => {
    const deploy = (extra: Record<string, unknown>) =>
      server.operator('POST', '/operator/v1/maas/models', { name: 'bad', replicas: [{ url: upstream.url }], ...extra });
    const bad = async (extra: Record<string, unknown>, message: string) =>
      expectError(await deploy(extra), 400, 'ModelArts.0101', `Invalid parameter: ${message}`);
    await bad(
      { input_price_per_million_tokens: -1 },
      'input_price_per_million_tokens must be a number from 0 to 1000000',
    );
    await bad({ currency: 'USD' }, 'currency must be CNY');
    await bad(
      {
        price_windows: [
          { start: '8:00', end: '22:00', input_price_per_million_tokens: 1, output_price_per_million_tokens: 1 },
        ],
      },
      'price_windows start must be HH:MM',
    );
    await bad(
      {
        price_windows: [
          { start: '08:00', end: '08:00', input_price_per_million_tokens: 1, output_price_per_million_tokens: 1 },
        ],
      },
      'price_windows[0] must end at another time than it starts',
    );
    expectError(
      await deploy({ output_price_per_million_tokens: 'cheap' }),
      400,
      'ModelArts.2115',
      'Invalid JSON request body',
    );
  });
});
