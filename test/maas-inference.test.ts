import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { expectError, freePort, request, startServer, type TestServer } from './helpers/server.js';

describe('MaaS inference through custom endpoints', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let endpointId: string;
  let openai: OpenAI;

  const createService = async (name: string, upstream: string, upstreamModel: string, mounted = true) => {
    const res = await server.call('POST', `/v1/${server.projectId}/services`, {
      token,
      body: {
        service_name: name,
        upstream_url: upstream,
        upstream_model: upstreamModel,
        mount_to_maas_gateway: mounted,
      },
    });
    assert.equal(res.status, 201, res.text);
    return res.json.service_id as string;
  };
  const createEndpoint = async (name: string, serviceId: string) => {
    const res = await server.call('POST', `/v1/${server.projectId}/maas/custom-endpoints`, {
      token,
      body: { endpoint_name: name, service_id: serviceId },
    });
    assert.equal(res.status, 201, res.text);
    return res.json.endpoint_id as string;
  };
  const chat = (body: unknown, key = apiKey) =>
    server.call('POST', '/v1/chat/completions', { body, headers: { Authorization: `Bearer ${key}` } });

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: {
        inference: { allowPrivateUpstreams: true, headersTimeoutMs: 500, bodyTimeoutMs: 2000, connectTimeoutMs: 1000 },
      },
    });
    token = await server.token();
    endpointId = await createEndpoint('chat-prod', await createService('qwen', model.url, 'qwen2.5-7b'));
    const key = await server.call('POST', `/v1/${server.projectId}/maas/api-keys`, { token, body: { name: 'ci' } });
    assert.equal(key.status, 201, key.text);
    apiKey = key.json.api_key;
    assert.match(apiKey, /^sk-/);
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('serves chat completions to the official OpenAI SDK, routing model names to upstream models', async () => {
    const completion = await openai.chat.completions.create({
      model: 'chat-prod',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.equal(completion.choices[0]!.message.content, 'echo: hello there');
    assert.equal(completion.model, 'chat-prod');
    assert.equal(model.requests.at(-1)!.body.model, 'qwen2.5-7b');
    const text = await openai.completions.create({ model: 'chat-prod', prompt: 'one two' });
    assert.equal(text.choices[0]!.text, 'echo: one two');
    const models = await openai.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ['chat-prod'],
    );
  });

  it('streams through the SDK, with usage only when the client asks for it', async () => {
    const stream = await openai.chat.completions.create({
      model: 'chat-prod',
      stream: true,
      messages: [{ role: 'user', content: 'stream me please' }],
    });
    let text = '';
    let sawUsage = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) sawUsage = true;
      assert.equal(chunk.model, 'chat-prod');
    }
    assert.equal(text, 'echo: stream me please');
    assert.equal(sawUsage, false);
    // The gateway asked upstream for usage to meter the stream.
    assert.equal(model.requests.at(-1)!.body.stream_options.include_usage, true);

    const withUsage = await openai.chat.completions.create({
      model: 'chat-prod',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count me' }],
    });
    let usage;
    for await (const chunk of withUsage) if (chunk.usage) usage = chunk.usage;
    assert.deepEqual(usage, { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });
  });

  it('relays stream events as they come, without buffering the answer', async () => {
    await createEndpoint('gated', await createService('gated-svc', model.url, 'gated-model'));
    const stream = await openai.chat.completions.create({
      model: 'gated',
      stream: true,
      messages: [{ role: 'user', content: 'a b c' }],
    });
    const iterator = stream[Symbol.asyncIterator]();
    // The upstream holds back everything after its first word until released: the first word must arrive first.
    const first = await iterator.next();
    assert.equal(first.value.choices[0].delta.content, 'echo:');
    model.release();
    let rest = '';
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      rest += next.value.choices[0]?.delta?.content ?? '';
    assert.equal(rest, ' a b c');
  });

  it('meters calls and tokens per endpoint', async () => {
    const s = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
    try {
      const t = await s.token();
      const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
        token: t,
        body: { service_name: 'm', upstream_url: model.url, mount_to_maas_gateway: true },
      });
      const ep = await s.call('POST', `/v1/${s.projectId}/maas/custom-endpoints`, {
        token: t,
        body: { endpoint_name: 'metered', service_id: svc.json.service_id },
      });
      const key = await s.call('POST', `/v1/${s.projectId}/maas/api-keys`, { token: t, body: { name: 'k' } });
      const client = new OpenAI({ baseURL: `${s.baseUrl}/v1`, apiKey: key.json.api_key, maxRetries: 0 });
      await client.chat.completions.create({
        model: 'metered',
        messages: [{ role: 'user', content: 'one two three' }],
      });
      const stream = await client.chat.completions.create({
        model: 'metered',
        stream: true,
        messages: [{ role: 'user', content: 'four five' }],
      });
      for await (const _ of stream) {
        /* drain */
      }
      const usage = await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints/${ep.json.endpoint_id}/usage`, {
        token: t,
      });
      assert.equal(usage.status, 200, usage.text);
      assert.deepEqual(usage.json.totals, {
        calls: 2,
        failed_calls: 0,
        prompt_tokens: 5,
        completion_tokens: 7,
        total_tokens: 12,
      });
    } finally {
      await s.close();
    }
  });

  it('enforces per-endpoint rate limits and monthly token quotas', async () => {
    const svc = await createService('limited-svc', model.url, 'm');
    const created = await server.call('POST', `/v1/${server.projectId}/maas/custom-endpoints`, {
      token,
      body: { endpoint_name: 'limited', service_id: svc, rate_limit_per_minute: 2 },
    });
    assert.equal(created.json.rate_limit_per_minute, 2);
    assert.equal(created.json.monthly_token_quota, null);
    const body = { model: 'limited', messages: [{ role: 'user', content: 'one two' }] };
    assert.equal((await chat(body)).status, 200);
    assert.equal((await chat(body)).status, 200);
    expectError(
      await chat(body),
      400,
      'APIG.0308',
      'The request is sent too fast and exceeds the default rate limit of the service.',
    );

    // "one two" in, "echo: one two" out: 5 tokens a call, so a quota of 6 allows two calls.
    const quotaed = await server.call('POST', `/v1/${server.projectId}/maas/custom-endpoints`, {
      token,
      body: { endpoint_name: 'quotaed', service_id: svc, monthly_token_quota: 6 },
    });
    const quotaBody = { model: 'quotaed', messages: [{ role: 'user', content: 'one two' }] };
    assert.equal((await chat(quotaBody)).status, 200);
    assert.equal((await chat(quotaBody)).status, 200);
    expectError(
      await chat(quotaBody),
      429,
      'ModelArts.3507',
      'The custom endpoint has used up its monthly token quota.',
    );
    const raised = await server.call(
      'PUT',
      `/v1/${server.projectId}/maas/custom-endpoints/${quotaed.json.endpoint_id}`,
      { token, body: { monthly_token_quota: null } },
    );
    assert.equal(raised.json.monthly_token_quota, null);
    assert.equal((await chat(quotaBody)).status, 200);
    expectError(
      await server.call('PUT', `/v1/${server.projectId}/maas/custom-endpoints/${quotaed.json.endpoint_id}`, {
        token,
        body: { rate_limit_per_minute: 0 },
      }),
      400,
      'ModelArts.0101',
      'Invalid parameter: rate_limit_per_minute must be an integer from 1 to 1000000, or null',
    );
    expectError(
      await server.call('PUT', `/v1/${server.projectId}/maas/custom-endpoints/${quotaed.json.endpoint_id}`, {
        token,
        body: { rate_limit_per_minute: '5' },
      }),
      400,
      'ModelArts.2115',
      'Invalid JSON request body',
    );
  });

  it('answers the token codes for missing, malformed, unknown and revoked keys', async () => {
    const body = { model: 'chat-prod', messages: [{ role: 'user', content: 'x' }] };
    expectError(
      await server.call('POST', '/v1/chat/completions', { body }),
      400,
      'ModelArts.4101',
      'The token is empty.',
    );
    expectError(
      await server.call('POST', '/v1/chat/completions', { body, headers: { Authorization: 'Basic abc' } }),
      400,
      'ModelArts.4102',
      'Failed to parse the token.',
    );
    expectError(await chat(body, 'sk-' + 'x'.repeat(43)), 400, 'ModelArts.4103', 'The token is invalid.');
    const extra = await server.call('POST', `/v1/${server.projectId}/maas/api-keys`, {
      token,
      body: { name: 'temporary' },
    });
    assert.equal((await chat(body, extra.json.api_key)).status, 200);
    assert.equal(
      (await server.call('DELETE', `/v1/${server.projectId}/maas/api-keys/${extra.json.api_key_id}`, { token })).status,
      204,
    );
    expectError(await chat(body, extra.json.api_key), 400, 'ModelArts.4103', 'The token is invalid.');
    const listed = await server.call('GET', `/v1/${server.projectId}/maas/api-keys`, { token });
    assert.ok(listed.json.api_keys.every((k: Record<string, unknown>) => k.api_key === undefined));
  });

  it('answers the request codes: bad JSON, missing or malformed model, key scope, unknown endpoint, unmounted service', async () => {
    expectError(
      await server.call('POST', '/v1/chat/completions', {
        rawBody: '{"model":',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      }),
      400,
      'ModelArts.4105',
      'The JSON format of the request body is incorrect.',
    );
    expectError(
      await chat({ messages: [] }),
      400,
      'ModelArts.4201',
      'The request URL does not contain the service ID.',
    );
    expectError(
      await chat({ model: 'bad name!', messages: [] }),
      400,
      'ModelArts.4202',
      'The request URL format is invalid.',
    );
    expectError(
      await chat({ model: 'no-such-endpoint', messages: [] }),
      400,
      'ModelArts.6291',
      'CustomEndpointNotFound',
    );
    const scoped = await server.call('POST', `/v1/${server.projectId}/maas/api-keys`, {
      token,
      body: { name: 'scoped', endpoints: ['other'] },
    });
    expectError(
      await chat({ model: 'chat-prod', messages: [] }, scoped.json.api_key),
      400,
      'ModelArts.4203',
      'No access permission.',
    );
    const svc = await createService('unmounted-later', model.url, 'm');
    await createEndpoint('unmounted', svc);
    await server.call('PUT', `/v1/${server.projectId}/services/${svc}`, {
      token,
      body: { mount_to_maas_gateway: false },
    });
    expectError(
      await chat({ model: 'unmounted', messages: [] }),
      400,
      'ModelArts.4204',
      'The API is not subscribed to.',
    );
  });

  it('answers documented errors when the upstream is down, slow or failing, never hanging', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    await createEndpoint('down', await createService('down-svc', `http://127.0.0.1:${await freePort()}/v1`, 'm'));
    expectError(
      await chat({ model: 'down', messages }),
      502,
      'ModelArts.5002',
      'The model service is unavailable: ECONNREFUSED',
    );
    await createEndpoint('slow', await createService('slow-svc', model.url, 'slow-model'));
    expectError(
      await chat({ model: 'slow', messages }),
      504,
      'ModelArts.5004',
      'The model service did not answer in time.',
    );
    await createEndpoint('broken', await createService('broken-svc', model.url, 'broken-model'));
    expectError(
      await chat({ model: 'broken', messages }),
      502,
      'ModelArts.5003',
      'The model service answered with an error: 500 model crashed',
    );
    const usage = await server.call('GET', `/v1/${server.projectId}/maas/custom-endpoints/${endpointId}/usage`, {
      token,
    });
    assert.ok(usage.json.totals.calls >= 1);
  });

  it('lets the operator allow one address range for upstreams without opening private addresses', async () => {
    const s = await startServer({ maas: { inference: { allowedAddresses: ['127.0.0.1/32'] } } });
    try {
      const t = await s.token();
      const key = (await s.call('POST', `/v1/${s.projectId}/maas/api-keys`, { token: t, body: { name: 'k' } })).json
        .api_key;
      const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
      for (const [name, url, status] of [
        ['allowed', model.url, 200],
        ['elsewhere', model.url.replace('127.0.0.1', '127.0.0.2'), 400],
      ] as const) {
        const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
          token: t,
          body: { service_name: name, upstream_url: url, mount_to_maas_gateway: true },
        });
        await s.call('POST', `/v1/${s.projectId}/maas/custom-endpoints`, {
          token: t,
          body: { endpoint_name: name, service_id: svc.json.service_id },
        });
        const body = JSON.stringify({ model: name, messages: [{ role: 'user', content: 'x' }] });
        const res = await request(s.baseUrl, 'POST', '/v1/chat/completions', { headers, body });
        assert.equal(res.status, status, res.text);
        if (status === 400) assert.equal(res.json.error_code, 'ModelArts.4601');
      }
    } finally {
      await s.close();
    }
  });

  it('refuses upstreams on private addresses unless allowed, and frozen accounts', async () => {
    const s = await startServer();
    try {
      const t = await s.token();
      const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
        token: t,
        body: { service_name: 'local', upstream_url: model.url, mount_to_maas_gateway: true },
      });
      await s.call('POST', `/v1/${s.projectId}/maas/custom-endpoints`, {
        token: t,
        body: { endpoint_name: 'local', service_id: svc.json.service_id },
      });
      const key = (await s.call('POST', `/v1/${s.projectId}/maas/api-keys`, { token: t, body: { name: 'k' } })).json
        .api_key;
      const body = JSON.stringify({ model: 'local', messages: [{ role: 'user', content: 'x' }] });
      const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
      expectError(
        await request(s.baseUrl, 'POST', '/v1/chat/completions', { headers, body }),
        400,
        'ModelArts.4601',
        'The external URL is invalid.',
      );
      // A host name is checked at connection time, on the address it resolves to.
      await s.call('PUT', `/v1/${s.projectId}/services/${svc.json.service_id}`, {
        token: t,
        body: { upstream_url: model.url.replace('127.0.0.1', 'localhost') },
      });
      expectError(
        await request(s.baseUrl, 'POST', '/v1/chat/completions', { headers, body }),
        400,
        'ModelArts.4601',
        'The external URL is invalid.',
      );
      await s.operator('PUT', '/operator/v1/accounts/acme/state', { state: 'frozen' });
      expectError(
        await request(s.baseUrl, 'POST', '/v1/chat/completions', { headers, body }),
        400,
        'ModelArts.4106',
        'The account is restricted.',
      );
    } finally {
      await s.close();
    }
  });
});
