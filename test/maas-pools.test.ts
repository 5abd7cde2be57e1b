import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { sample } from './helpers/metrics.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';

const hostOf = (url: string) => new URL(url).host;
const chat = (model: string, stream = false) => ({
  model,
  stream,
  messages: [{ role: 'user', content: 'hello there' }],
});

describe('MaaS pools: spread, ejection, retries, fallback', () => {
  let server: TestServer;
  let first: FakeModelServer;
  let second: FakeModelServer;
  let key: string;
  let m: ReturnType<typeof maas>;

  const infer = (body: unknown, path = '/v1/chat/completions') =>
    request(server.baseUrl, 'POST', path, {
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const metrics = async () => (await server.operator('GET', '/metrics')).text;

  before(async () => {
    first = await startFakeModelServer();
    second = await startFakeModelServer();
    server = await startServer({
      maas: {
        inference: { allowPrivateUpstreams: true },
        pool: { healthCheckIntervalMs: 100, ejectMs: 200, retryBackoffMs: 1, failuresToEject: 2 },
      },
    });
    const token = await server.token();
    m = maas(server, token);
    key = (await m.createKey({ label: 'pools' })).api_key;
  });
  after(async () => {
    await server.close();
    await first.close();
    await second.close();
  });

  it('spreads calls over the replicas by weight', async () => {
    await m.deployModel('weighted', [first.url, second.url], {
      moderation: false,
      replicas: [
        { url: first.url, weight: 3 },
        { url: second.url, weight: 1 },
      ],
    });
    const before = [first.requests.length, second.requests.length];
    for (let i = 0; i < 200; i++) assert.equal((await infer(chat('weighted'))).status, 200);
    const served = [first.requests.length - before[0]!, second.requests.length - before[1]!];
    assert.equal(served[0]! + served[1]!, 200);
    // 3:1 by weight: 150 expected on the first; a fair coin would be far outside this range.
    assert.ok(served[0]! >= 125 && served[0]! <= 175, `first served ${served[0]}, second ${served[1]}`);
  });

  it('sends the request id and a trace context upstream', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await request(server.baseUrl, 'POST', '/v1/chat/completions', {
      headers: {
        Authorization: `Bearer ${key}`,
        'Content-Type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify(chat('weighted')),
    });
    assert.equal(res.status, 200);
    const seen = [...first.requests, ...second.requests].find(
      (r) => r.headers?.['x-request-id'] === res.headers['x-request-id'],
    )?.headers;
    assert.ok(seen, 'the upstream got the request id');
    assert.match(String(seen.traceparent), new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    assert.notEqual(String(seen.traceparent).slice(36, 52), '00f067aa0ba902b7');
  });

  it('takes a dead replica out of rotation with no client-visible error, and back once it answers again', async () => {
    const doomed = await startFakeModelServer();
    const port = new URL(doomed.url).port;
    await m.deployModel('failover', [first.url, doomed.url], { moderation: false });
    for (let i = 0; i < 10; i++) assert.equal((await infer(chat('failover'))).status, 200);
    assert.ok(doomed.requests.length > 0, 'both replicas served before one went away');
    await doomed.close();

    const results = await Promise.all(Array.from({ length: 40 }, () => infer(chat('failover'))));
    assert.deepEqual(
      results.filter((r) => r.status !== 200).map((r) => r.text),
      [],
    );
    let text = await metrics();
    assert.equal(sample(text, 'aisp_maas_replica_up', { deployment: 'failover', replica: hostOf(doomed.url) }), 0);
    assert.ok(sample(text, 'aisp_maas_retries_total', { deployment: 'failover' }) >= 1);
    assert.ok(
      sample(text, 'aisp_maas_upstream_attempts_total', {
        deployment: 'failover',
        replica: hostOf(doomed.url),
        outcome: 'connect_error',
      }) >= 1,
    );

    // The same server comes back on the same port: the health checks put it back in rotation.
    const revived = await startFakeModelServer(Number(port));
    try {
      // The health checks run on their own time: polled for with a deadline.
      text = await pollUntil(
        'the revived replica back in rotation',
        async () => {
          const now = await metrics();
          return sample(now, 'aisp_maas_replica_up', { deployment: 'failover', replica: hostOf(doomed.url) }) === 1
            ? now
            : undefined;
        },
        5000,
        100,
      );
      assert.equal(sample(text, 'aisp_maas_replica_up', { deployment: 'failover', replica: hostOf(doomed.url) }), 1);
      for (let i = 0; i < 20; i++) assert.equal((await infer(chat('failover'))).status, 200);
      assert.ok(revived.requests.length > 0, 'the revived replica takes calls again');
    } finally {
      await revived.close();
    }
  });

  it('retries 429 and 5xx on another replica, and never a 4xx', async () => {
    // A replica that is always busy (429) next to one that answers: every call succeeds.
    await m.deployModel('busy-model', [first.url, second.url], { moderation: false });
    // The fake servers answer "busy-model" with 429 on both: so the call fails after its attempts, as 5003.
    const before = first.requests.length + second.requests.length;
    const busy = await infer(chat('busy-model'));
    expectError(busy, 502, 'ModelArts.5003', 'The model service answered with an error: 429 too busy');
    assert.equal(first.requests.length + second.requests.length - before, 3, 'three attempts');

    await m.deployModel('teapot-model', [first.url, second.url], { moderation: false });
    const beforeTeapot = first.requests.length + second.requests.length;
    expectError(
      await infer(chat('teapot-model')),
      502,
      'ModelArts.5003',
      'The model service answered with an error: 400 bad request to the model',
    );
    assert.equal(first.requests.length + second.requests.length - beforeTeapot, 1, 'a 4xx is not retried');
  });

  it('never retries a stream after its first byte', async () => {
    await m.deployModel('break-model', [first.url, second.url], { moderation: false });
    const before = first.requests.length + second.requests.length;
    const res = await infer(chat('break-model', true));
    assert.equal(res.status, 200);
    const events = res.text.split('\n\n').filter(Boolean);
    assert.match(events[0]!, /"content":"first"/);
    assert.match(events.at(-1)!, /ModelArts\.5002/);
    assert.equal(events.filter((e) => /"content":"first"/.test(e)).length, 1, 'the answer is not repeated');
    assert.equal(first.requests.length + second.requests.length - before, 1, 'one upstream call');
  });

  it('hands calls to the fallback model when every replica fails before answering', async () => {
    const gone = await startFakeModelServer();
    await gone.close();
    await m.deployModel('backup', second.url, { moderation: false, upstream_model: 'backup-served' });
    await m.deployModel('primary', gone.url, { moderation: false, fallback_model: 'backup' });
    const openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key, maxRetries: 0 });
    const before = second.requests.length;
    const answer = await openai.chat.completions.create({
      model: 'primary',
      messages: [{ role: 'user', content: 'are you there' }],
    });
    assert.equal(answer.model, 'primary', 'the client sees the model it called');
    assert.equal(answer.choices[0]!.message.content, 'echo: are you there');
    assert.equal(second.requests.at(-1)!.body.model, 'backup-served');
    assert.ok(second.requests.length > before);
    assert.ok(sample(await metrics(), 'aisp_maas_fallbacks_total', { deployment: 'primary' }) >= 1);

    const stream = await openai.chat.completions.create({
      model: 'primary',
      stream: true,
      messages: [{ role: 'user', content: 'still there' }],
    });
    let text = '';
    for await (const part of stream) text += part.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'echo: still there');
  });

  it("spreads a tenant's service over its replica_urls, with failover (this platform's extension)", async () => {
    const gone = await startFakeModelServer();
    await gone.close();
    const serviceId = await m.createService('pooled-svc', gone.url, {
      upstream_model: 'svc-model',
      replica_urls: [second.url],
    });
    const shown = await server.call('GET', `/v1/${server.projectId}/services/${serviceId}`, {
      token: await server.token(),
    });
    assert.deepEqual(shown.json.replica_urls, [second.url]);
    await m.createEndpoint({
      endpoint_name: 'svc-pooled',
      source: 'custom_from_modelarts_v2',
      infer_service_id: serviceId,
    });
    const before = second.requests.length;
    for (let i = 0; i < 10; i++) assert.equal((await infer(chat('svc-pooled'))).status, 200);
    assert.equal(second.requests.length - before, 10, 'every call answered by the live replica');
  });

  it('counts calls, tokens and time to first token per service', async () => {
    await m.createEndpoint({ endpoint_name: 'pooled', model_name: 'weighted', moderation: true });
    assert.equal((await infer(chat('pooled'))).status, 200);
    assert.equal((await infer(chat('pooled', true))).status, 200);
    expectError(
      await infer({ model: 'nothing-here', messages: [{ role: 'user', content: 'x' }] }),
      404,
      'ModelArts.81009',
      'Invalid model.',
    );
    const text = await metrics();
    assert.equal(sample(text, 'aisp_maas_calls_total', { service: 'pooled', code: 'ok' }), 2);
    assert.ok(sample(text, 'aisp_maas_tokens_total', { service: 'pooled', direction: 'prompt' }) >= 4);
    assert.ok(sample(text, 'aisp_maas_tokens_total', { service: 'pooled', direction: 'completion' }) >= 6);
    assert.equal(sample(text, 'aisp_maas_time_to_first_token_seconds_count', { service: 'pooled' }), 2);
    assert.ok(sample(text, 'aisp_maas_upstream_response_seconds_count', { deployment: 'weighted' }) >= 200);
  });
});

describe('MaaS limits under concurrency', () => {
  let server: TestServer;
  let model: FakeModelServer;

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('lets exactly rpm calls through when they arrive at once', async () => {
    const m = maas(server, await server.token());
    await m.deployModel('qwen2.5-7b', model.url);
    await m.createEndpoint({ endpoint_name: 'tight', model_name: 'qwen2.5-7b', rpm: 10 });
    const key = (await m.createKey({ label: 'burst' })).api_key;
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(server.baseUrl, 'POST', '/v1/chat/completions', {
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(chat('tight')),
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 10);
    const refused = results.find((r) => r.status === 429)!;
    expectError(refused, 429, 'ModelArts.81101', 'Too many requests, exceeded rate limit is 10 times per minute.');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
  });

  it("holds a key to its own rpm and tpm, whatever it calls (this platform's extension)", async () => {
    const m = maas(server, await server.token());
    const limited = await m.createKey({ label: 'limited', rpm: 5, tpm: 1000 });
    assert.equal((limited as unknown as { rpm: number }).rpm, 5);
    const call = (key: string, content = 'hi') =>
      request(server.baseUrl, 'POST', '/v1/chat/completions', {
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'qwen2.5-7b', messages: [{ role: 'user', content }] }),
      });
    const results = await Promise.all(Array.from({ length: 15 }, () => call(limited.api_key)));
    assert.equal(results.filter((r) => r.status === 200).length, 5);
    expectError(
      results.find((r) => r.status !== 200)!,
      429,
      'ModelArts.81101',
      'Too many requests, exceeded rate limit is 5 times per minute.',
    );
    // Another key of the same project is not held back by it.
    assert.equal((await call((await m.createKey({ label: 'free' })).api_key)).status, 200);

    const small = await m.createKey({ label: 'small', tpm: 10 });
    expectError(
      await call(small.api_key, 'a prompt of many more words than ten tokens can ever hold, so it cannot pass'),
      429,
      'ModelArts.81103',
      'Too many requests. exceeded rate limit is 10 tokens per minute.',
    );
  });
});
