import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hardening: inference streams and metering', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  const endpoints = new Map<string, string>();

  /** An endpoint named after the fake model it routes to, on a real-time service mounted to the MaaS gateway. */
  /** An endpoint on the fake model's `upstreamModel`, with the content guard on unless `guard: false`. */
  const endpointFor = async (upstreamModel: string, { guard = true } = {}) => {
    const name = upstreamModel.replace(/-model$/, guard ? '-ep' : '-unguarded');
    const m = maas(server, token);
    const serviceId = await m.createService(`${name}-svc`, model.url, { upstream_model: upstreamModel });
    const unguarded = guard
      ? {}
      : {
          moderation: false,
          agreement_id: (
            await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements?lang=en`, { token })
          ).json.agreement_id,
        };
    const endpoint = await m.createEndpoint({
      endpoint_name: name,
      source: 'custom_from_modelarts_v2',
      infer_service_id: serviceId,
      ...unguarded,
    });
    endpoints.set(name, endpoint.id);
    return name;
  };
  /**
   * What the statistics API counted for one endpoint (list-service-statistics, the endpoint's row), in tokens rather
   * than the API's thousands; all zero when the endpoint has no row (never called).
   */
  const usageOf = async (name: string) => {
    const now = Date.now();
    const res = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/list-service-statistics`, {
      token,
      body: { service_type: 3, start_time: now - 3600_000, end_time: now + 60_000 },
    });
    assert.equal(res.status, 200, res.text);
    const row = res.json.items.find((item: { service_id: string }) => item.service_id === endpoints.get(name));
    if (row) assert.equal(row.service_name, name);
    const tokens = (thousands: number | undefined) => Math.round((thousands ?? 0) * 1000);
    return {
      calls: row?.total_request_count ?? 0,
      failed_calls: row?.total_error_count ?? 0,
      prompt_tokens: tokens(row?.total_prompt_token),
      completion_tokens: tokens(row?.total_completion_token),
      total_tokens: tokens(row?.total_token),
    };
  };
  /**
   * The endpoint's statistics once at least `calls` calls are counted there: metering runs on the server's time (a
   * stream's end, a client that left, the statistics writer), so the test polls for it with a deadline, never sleeps.
   */
  const meteredAtLeast = (name: string, calls: number) =>
    pollUntil(
      `${calls} calls of ${name} in the statistics`,
      async () => {
        const totals = await usageOf(name);
        return totals.calls >= calls ? totals : undefined;
      },
      10_000,
      50,
    );
  const chat = (body: unknown) =>
    server.call('POST', '/v1/chat/completions', { body, headers: { Authorization: `Bearer ${apiKey}` } });

  /** A streaming chat request on a raw connection, handing back the response to read (or not) at will. */
  const openStream = (modelName: string, extra: Record<string, unknown> = {}) =>
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
      req.end(
        JSON.stringify({ model: modelName, stream: true, messages: [{ role: 'user', content: 'go' }], ...extra }),
      );
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
    apiKey = (await maas(server, token).createKey({ label: 'hard' })).api_key;
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
    const metered = await meteredAtLeast(name, 3);
    assert.equal(metered.failed_calls, 3);
  });

  it('waits for a client that reads slowly, and drops one that stalls, without buffering the answer', async () => {
    const name = await endpointFor('firehose-model');
    const res = await openStream(name);
    res.pause();
    // The time the client reads nothing is what is tested: a fixed wait, not a poll.
    await sleep(1500);
    // Without backpressure the gateway would read the upstream as fast as it writes (200 MiB in about a second).
    assert.ok(model.firehose.written < 40 * 1024 * 1024, `upstream wrote ${model.firehose.written} bytes`);
    await pollUntil(
      'the stalled client to be dropped',
      async () => (model.firehose.closed ? true : undefined),
      5000,
      100,
    );
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

  for (const upstreamModel of ['raw-model', 'crlf-model']) {
    it(`relays events cut anywhere with the model renamed, and estimates usage never sent (${upstreamModel})`, async () => {
      // Without the guard: the events go out as they came (only the model renamed), as fast as that is.
      const name = await endpointFor(upstreamModel, { guard: false });
      const text = await readAll(await openStream(name));
      assert.ok(!text.includes(upstreamModel), text);
      const events = text
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6));
      assert.equal(events.at(-1), '[DONE]');
      const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
      assert.deepEqual(
        chunks.map((chunk) => chunk.model),
        chunks.map(() => name),
      );
      assert.equal(chunks.map((chunk) => chunk.choices[0].delta.content).join(''), 'one two three four');
      const totals = await meteredAtLeast(name, 1);
      assert.equal(totals.calls, 1);
      assert.ok(
        totals.completion_tokens >= 4 && totals.completion_tokens < 20,
        `completion ${totals.completion_tokens}`,
      );
    });
  }

  const writeEndpoints = new Map<string, string>();
  for (const [upstreamModel, guard, clientWantsUsage] of [
    ['one-write-model', false, false],
    ['one-write-model', false, true],
    ['own-write-model', false, false],
    ['own-write-model', false, true],
    ['own-write-model', true, false],
    ['own-write-model', true, true],
  ] as const) {
    const reads = upstreamModel === 'one-write-model' ? 'one read' : 'a read each';
    it(`relays events and usage (${clientWantsUsage ? 'kept' : 'dropped'}) that came in ${reads}, guard ${guard ? 'on' : 'off'}`, async () => {
      // One endpoint for both runs of a model and guard (its metering adds up: 3 completion tokens a call).
      const key = `${upstreamModel} ${guard}`;
      if (!writeEndpoints.has(key)) writeEndpoints.set(key, await endpointFor(upstreamModel, { guard }));
      const name = writeEndpoints.get(key)!;
      const extra = clientWantsUsage ? { stream_options: { include_usage: true } } : {};
      const text = await readAll(await openStream(name, extra));
      assert.ok(!text.includes(upstreamModel), text);
      // Whole events and nothing else: a blank line after each.
      const events = text.split('\n\n');
      assert.equal(events.pop(), '');
      assert.ok(
        events.every((event) => event.startsWith('data: ') && !event.includes('\n')),
        text,
      );
      assert.equal(events.at(-1), 'data: [DONE]');
      const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice(6)));
      assert.deepEqual(
        chunks.map((chunk) => chunk.model),
        chunks.map(() => name),
      );
      assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'one two three');
      const usageEvents = chunks.filter((chunk) => chunk.usage);
      assert.deepEqual(
        usageEvents.map((chunk) => chunk.usage),
        clientWantsUsage ? [{ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 }] : [],
      );
      const totals = await meteredAtLeast(name, clientWantsUsage ? 2 : 1);
      assert.equal(totals.completion_tokens, 3 * (clientWantsUsage ? 2 : 1));
    });
  }

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
    const totals = await meteredAtLeast(name, 1);
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
    for (const [body, message] of [
      [{ model: name, messages: 'hi' }, 'Invalid request body.'],
      [
        { model: name, messages: [{ content: 'no role' }] },
        'Failed to format request body, messages[0].role is empty.',
      ],
      [{ model: name, messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'Invalid request body.'],
      [{ model: name, messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }, 'Invalid request body.'],
    ] as const) {
      const res = await chat(body);
      expectError(res, 400, 'ModelArts.81001', message);
      // The OpenAI SDKs read the same error from an `error` object.
      assert.deepEqual(res.json.error, { message, type: 'invalid_request_error', code: 'ModelArts.81001' });
    }
    assert.equal(model.requests.length, before);
    assert.equal((await usageOf(name)).calls, 0);
  });
});
