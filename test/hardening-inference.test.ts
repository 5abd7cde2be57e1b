import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hardening: inference streams and metering', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  const endpoints = new Map<string, string>();

  /** An endpoint named after the fake model it routes to. */
  const endpointFor = async (upstreamModel: string) => {
    const name = upstreamModel.replace(/-model$/, '-ep');
    const service = await server.call('POST', `/v1/${server.projectId}/services`, {
      token,
      body: {
        service_name: `${name}-svc`,
        upstream_url: model.url,
        upstream_model: upstreamModel,
        mount_to_maas_gateway: true,
      },
    });
    const endpoint = await server.call('POST', `/v1/${server.projectId}/maas/custom-endpoints`, {
      token,
      body: { endpoint_name: name, service_id: service.json.service_id },
    });
    endpoints.set(name, endpoint.json.endpoint_id);
    return name;
  };
  const usageOf = async (name: string) =>
    (await server.call('GET', `/v1/${server.projectId}/maas/custom-endpoints/${endpoints.get(name)}/usage`, { token }))
      .json.totals;
  const chat = (body: unknown) =>
    server.call('POST', '/v1/chat/completions', { body, headers: { Authorization: `Bearer ${apiKey}` } });

  /** A streaming chat request on a raw connection, handing back the response to read (or not) at will. */
  const openStream = (modelName: string) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const url = new URL('/v1/chat/completions', server.baseUrl);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(JSON.stringify({ model: modelName, stream: true, messages: [{ role: 'user', content: 'go' }] }));
    });
  const readAll = async (res: http.IncomingMessage) => {
    let text = '';
    res.setEncoding('utf8');
    for await (const chunk of res) text += chunk;
    return text;
  };

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: { inference: { allowPrivateUpstreams: true, maxEventBytes: 64 * 1024, clientStallTimeoutMs: 1000 } },
    });
    token = await server.token();
    const key = await server.call('POST', `/v1/${server.projectId}/maas/api-keys`, { token, body: { name: 'hard' } });
    apiKey = key.json.api_key;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('ends a stream whose event never ends at the event cap, and the server stays responsive', async () => {
    const name = await endpointFor('flood-model');
    const floods = await Promise.all([openStream(name), openStream(name), openStream(name)]);
    const started = Date.now();
    const health = await request(server.baseUrl, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.ok(Date.now() - started < 1000, `health took ${Date.now() - started} ms`);
    for (const flood of floods) {
      const text = await readAll(flood);
      const last = JSON.parse(
        text
          .trim()
          .split('\n')
          .at(-1)!
          .replace(/^data: /, ''),
      );
      assert.equal(last.error_code, 'ModelArts.5003');
      assert.equal(last.error_msg, 'The model service answered with an error: an event is larger than 65536 bytes');
    }
    await sleep(100);
    assert.equal((await usageOf(name)).failed_calls, 3);
  });

  it('waits for a client that reads slowly, and drops one that stalls, without buffering the answer', async () => {
    const name = await endpointFor('firehose-model');
    const res = await openStream(name);
    res.pause();
    await sleep(1500);
    // Without backpressure the gateway would read the upstream as fast as it writes (200 MiB in about a second).
    assert.ok(model.firehose.written < 40 * 1024 * 1024, `upstream wrote ${model.firehose.written} bytes`);
    const deadline = Date.now() + 5000;
    while (!model.firehose.closed && Date.now() < deadline) await sleep(100);
    assert.equal(model.firehose.closed, true, 'the stalled client was not dropped');
    res.destroy();
  });

  it('keeps characters split across upstream chunks whole', async () => {
    const name = await endpointFor('split-model');
    const text = await readAll(await openStream(name));
    assert.doesNotMatch(text, /\ufffd/);
    const content = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    assert.equal(content, 'héllo 你好');
  });

  it('meters a client that leaves after finish_reason, before the usage event', async () => {
    const name = await endpointFor('late-usage-model');
    const res = await openStream(name);
    res.setEncoding('utf8');
    let seen = '';
    for await (const chunk of res) {
      seen += chunk;
      if (seen.includes('"finish_reason":"stop"')) break;
    }
    res.destroy();
    await sleep(1500);
    const totals = await usageOf(name);
    assert.equal(totals.calls, 1);
    assert.ok(totals.completion_tokens >= 5, `completion tokens ${totals.completion_tokens}`);
    assert.ok(totals.prompt_tokens >= 1, `prompt tokens ${totals.prompt_tokens}`);
  });

  it('clamps negative or absurd usage to the estimate', async () => {
    const name = await endpointFor('absurd-model');
    const res = await chat({ model: name, messages: [{ role: 'user', content: 'count these few words' }] });
    assert.equal(res.status, 200, res.text);
    const totals = await usageOf(name);
    assert.ok(totals.prompt_tokens > 0 && totals.prompt_tokens < 100, `prompt tokens ${totals.prompt_tokens}`);
    assert.ok(totals.completion_tokens > 0 && totals.completion_tokens < 100, `completion ${totals.completion_tokens}`);
  });

  it('answers an upstream that sends JSON that is not an object as its error, metered as failed', async () => {
    const name = await endpointFor('null-model');
    expectError(
      await chat({ model: name, messages: [{ role: 'user', content: 'hi' }] }),
      502,
      'ModelArts.5003',
      'The model service answered with an error: the answer is not a JSON object',
    );
    assert.deepEqual(await usageOf(name), {
      calls: 1,
      failed_calls: 1,
      prompt_tokens: 1,
      completion_tokens: 0,
      total_tokens: 1,
    });
  });

  it('answers a bad chat body itself, without calling or metering the model server', async () => {
    const name = await endpointFor('plain-model');
    const before = model.requests.length;
    for (const body of [
      { model: name, messages: 'hi' },
      { model: name, messages: [{ content: 'no role' }] },
      { model: name, messages: [{ role: 'user', content: 'x' }], stream: 'yes' },
      { model: name, messages: [{ role: 'user', content: 'x' }], max_tokens: -1 },
    ]) {
      expectError(await chat(body), 400, 'ModelArts.4105', 'The JSON format of the request body is incorrect.');
    }
    assert.equal(model.requests.length, before);
    assert.equal((await usageOf(name)).calls, 0);
  });
});
