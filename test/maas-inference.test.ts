import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, startServer, type Response, type TestServer } from './helpers/server.js';

/** An error as the OpenAI SDK sees it: its status, the catalogue's code, and the catalogue's message. */
async function expectSdkError(promise: Promise<unknown>, status: number, code: string, message: string) {
  await assert.rejects(promise, (error: InstanceType<typeof OpenAI.APIError>) => {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.equal(error.message, `${status} ${message}`);
    assert.equal((error.error as { message: string }).message, message);
    return true;
  });
}

/** An error body of the data plane: the cloud's fields and the OpenAI-style object, with the same code and text. */
function expectInferenceError(res: Response, status: number, code: string, message: string) {
  expectError(res, status, code, message);
  assert.equal(res.json.error.code, code);
  assert.equal(res.json.error.message, message);
  assert.equal(typeof res.json.error.type, 'string');
}

describe('MaaS inference: the data plane as the cloud answers it', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let openai: OpenAI;
  let m: ReturnType<typeof maas>;
  const endpointBase = () => `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`;

  const chat = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${apiKey}` }) =>
    server.call('POST', '/v1/chat/completions', { body, headers });

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: {
        inference: { allowPrivateUpstreams: true, headersTimeoutMs: 500, bodyTimeoutMs: 2000, connectTimeoutMs: 1000 },
      },
    });
    token = await server.token();
    m = maas(server, token);
    await m.deployModel('qwen2.5-7b', model.url);
    await m.createEndpoint({ endpoint_name: 'chat-prod', source: 'custom_from_maas', model_name: 'qwen2.5-7b' });
    const serviceId = await m.createService('own-svc', model.url, { upstream_model: 'own-model' });
    await m.createEndpoint({
      endpoint_name: 'svc-chat',
      source: 'custom_from_modelarts_v2',
      infer_service_id: serviceId,
    });
    apiKey = (await m.createKey({ label: 'ci' })).api_key;
    assert.match(apiKey, /^sk-/);
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('serves the OpenAI SDK: a model directly, an endpoint on it, an endpoint on a tenant service', async () => {
    const direct = await openai.chat.completions.create({
      model: 'qwen2.5-7b',
      messages: [{ role: 'user', content: 'hello there' }],
    });
    assert.equal(direct.choices[0]!.message.content, 'echo: hello there');
    assert.equal(direct.model, 'qwen2.5-7b');
    const viaEndpoint = await openai.chat.completions.create({
      model: 'chat-prod',
      messages: [{ role: 'user', content: 'through the endpoint' }],
    });
    assert.equal(viaEndpoint.model, 'chat-prod');
    assert.equal(model.requests.at(-1)!.body.model, 'qwen2.5-7b');
    const viaService = await openai.chat.completions.create({
      model: 'svc-chat',
      messages: [{ role: 'user', content: 'own service' }],
    });
    assert.equal(viaService.choices[0]!.message.content, 'echo: own service');
    assert.equal(model.requests.at(-1)!.body.model, 'own-model');
    const text = await openai.completions.create({ model: 'chat-prod', prompt: 'one two' });
    assert.equal(text.choices[0]!.text, 'echo: one two');

    const models = await openai.models.list();
    assert.deepEqual(models.data.map((x) => x.id).sort(), ['chat-prod', 'qwen2.5-7b', 'svc-chat']);
    assert.equal((await openai.models.retrieve('chat-prod')).id, 'chat-prod');
    await expectSdkError(openai.models.retrieve('nope'), 404, 'ModelArts.81009', 'Invalid model.');
  });

  it('answers at every documented chat path: V1, V2 and the OpenAI-compatible prefix', async () => {
    const body = { model: 'chat-prod', messages: [{ role: 'user', content: 'any path' }] };
    for (const path of ['/v1/chat/completions', '/v2/chat/completions', '/openai/v1/chat/completions']) {
      const res = await server.call('POST', path, { body, headers: { Authorization: `Bearer ${apiKey}` } });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.equal(res.json.choices[0].message.content, 'echo: any path');
    }
    const compatible = new OpenAI({ baseURL: `${server.baseUrl}/openai/v1`, apiKey, maxRetries: 0 });
    const answer = await compatible.chat.completions.create(body as never);
    assert.equal((answer as OpenAI.ChatCompletion).choices[0]!.message.content, 'echo: any path');
    assert.ok((await compatible.models.list()).data.length >= 3);
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
    // The gateway asked the upstream for usage, to meter the stream.
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
    await m.deployModel('gated', model.url, { upstream_model: 'gated-model' });
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

  it('passes embeddings and rerank to the model server', async () => {
    const embeddings = await openai.embeddings.create({
      model: 'qwen2.5-7b',
      input: ['one two', 'three'],
      encoding_format: 'float',
    });
    assert.equal(embeddings.data.length, 2);
    assert.deepEqual(embeddings.data[0]!.embedding, [7, 2, 0]);
    assert.equal(embeddings.model, 'qwen2.5-7b');
    assert.equal(model.requests.at(-1)!.path, '/v1/embeddings');
    const rerank = await server.call('POST', '/v1/rerank', {
      body: { model: 'chat-prod', query: 'red apple', documents: ['green pear', 'red apple pie', 'apple'] },
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    assert.equal(rerank.status, 200, rerank.text);
    assert.equal(rerank.json.results[0].index, 1);
    assert.equal(rerank.json.model, 'chat-prod');
    expectInferenceError(
      await server.call('POST', '/v1/rerank', {
        body: { model: 'chat-prod', query: 'red apple', documents: [] },
        headers: { Authorization: `Bearer ${apiKey}` },
      }),
      400,
      'ModelArts.81001',
      'Failed to format request body, documents is empty.',
    );
    await expectSdkError(
      openai.embeddings.create({ model: 'qwen2.5-7b', input: '' }),
      400,
      'ModelArts.81001',
      'Failed to format request body, input is empty.',
    );
  });

  it("sends a replica's own key upstream as a Bearer token, and never shows it", async () => {
    const deployed = await server.operator('POST', '/operator/v1/maas/models', {
      name: 'keyed',
      upstream_model: 'qwen2.5-7b',
      replicas: [{ url: model.url, api_key: 'upstream-secret-1' }],
    });
    assert.equal(deployed.status, 201, deployed.text);
    assert.equal(deployed.json.replicas[0].has_api_key, true);
    assert.ok(!deployed.text.includes('upstream-secret-1'));
    await openai.chat.completions.create({ model: 'keyed', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(model.requests.at(-1)!.headers!.authorization, 'Bearer upstream-secret-1');
    // The client's own key never goes upstream.
    await openai.chat.completions.create({ model: 'qwen2.5-7b', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(model.requests.at(-1)!.headers!.authorization, undefined);
  });

  it('answers ModelArts.81002 without a Bearer Authorization header', async () => {
    const body = { model: 'chat-prod', messages: [{ role: 'user', content: 'x' }] };
    const message = 'Failed to get the authorization header.';
    expectInferenceError(await chat(body, {}), 400, 'ModelArts.81002', message);
    expectInferenceError(await chat(body, { Authorization: 'Basic abc' }), 400, 'ModelArts.81002', message);
    expectInferenceError(
      await server.call('GET', '/v1/models', { headers: { Authorization: `Token ${apiKey}` } }),
      400,
      'ModelArts.81002',
      message,
    );
  });

  it('answers ModelArts.81003 for a key that is not one, or was deleted', async () => {
    const stranger = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: 'sk-not-a-key', maxRetries: 0 });
    await expectSdkError(
      stranger.chat.completions.create({ model: 'chat-prod', messages: [{ role: 'user', content: 'x' }] }),
      401,
      'ModelArts.81003',
      'Invalid authorization header.',
    );
    const doomed = await m.createKey({ label: 'doomed' });
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: doomed.api_key, maxRetries: 0 });
    assert.equal((await client.models.list()).data.length >= 1, true);
    const deleted = await server.call('DELETE', `/v1/${server.projectId}/maas/api-auth/api-keys/${doomed.id}`, {
      token,
    });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { result: 'success' });
    await expectSdkError(client.models.list(), 401, 'ModelArts.81003', 'Invalid authorization header.');
  });

  it('answers ModelArts.81001, in the cloud wordings, for a body or header it cannot take', async () => {
    const headers = { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' };
    const invalid = 'Invalid request body.';
    expectInferenceError(
      await server.call('POST', '/v1/chat/completions', { rawBody: '{"model": ', headers }),
      400,
      'ModelArts.81001',
      invalid,
    );
    expectInferenceError(
      await server.call('POST', '/v1/chat/completions', { rawBody: '[]', headers }),
      400,
      'ModelArts.81001',
      invalid,
    );
    expectInferenceError(
      await chat({ messages: [{ role: 'user', content: 'x' }] }),
      400,
      'ModelArts.81001',
      'Failed to format request body, model is empty.',
    );
    expectInferenceError(
      await chat({ model: 'chat-prod', messages: [] }),
      400,
      'ModelArts.81001',
      'Failed to format request body, messages is empty.',
    );
    expectInferenceError(
      await chat({ model: 'chat-prod', messages: [{ role: 'robot', content: 'x' }] }),
      400,
      'ModelArts.81001',
      'Failed to format request body, messages[0].role is robot, not one of system, user, assistant, tool, function, developer.',
    );
    expectInferenceError(
      await chat({ model: 'chat-prod', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }),
      400,
      'ModelArts.81001',
      invalid,
    );
    expectInferenceError(
      await chat(
        { model: 'chat-prod', messages: [{ role: 'user', content: 'x' }] },
        { Authorization: `Bearer ${apiKey}`, 'x-span-id': 's'.repeat(65) },
      ),
      400,
      'ModelArts.81001',
      'Invalid request header x-span-id, max length is 64.',
    );
    const ok = await chat(
      { model: 'chat-prod', messages: [{ role: 'user', content: 'x' }] },
      { Authorization: `Bearer ${apiKey}`, 'x-span-id': 's'.repeat(64) },
    );
    assert.equal(ok.status, 200, ok.text);
  });

  it('answers 404 ModelArts.81009 for an unknown, disabled or deleted endpoint, or a stopped model', async () => {
    await expectSdkError(
      openai.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
      404,
      'ModelArts.81009',
      'Invalid model.',
    );
    const endpoint = await m.createEndpoint({ endpoint_name: 'switchable', model_name: 'qwen2.5-7b' });
    const control = `/v1/${server.projectId}/maas/services/custom-endpoint/control/${endpoint.id}`;
    const call = () =>
      openai.chat.completions.create({ model: 'switchable', messages: [{ role: 'user', content: 'x' }] });
    assert.ok(await call());
    assert.equal((await server.call('PUT', control, { token, body: { action: 'deactivate' } })).status, 204);
    await expectSdkError(call(), 404, 'ModelArts.81009', 'Invalid model.');
    assert.equal((await server.call('PUT', control, { token, body: { action: 'activate' } })).status, 204);
    assert.ok(await call());
    await server.call('DELETE', `${endpointBase()}/${endpoint.id}`, { token });
    await expectSdkError(call(), 404, 'ModelArts.81009', 'Invalid model.');

    await m.deployModel('retiring', model.url, { upstream_model: 'qwen2.5-7b' });
    const stop = await server.operator('PUT', '/operator/v1/maas/models/retiring', {
      name: 'retiring',
      upstream_model: 'qwen2.5-7b',
      status: 'stopped',
      replicas: [{ url: model.url }],
    });
    assert.equal(stop.status, 200, stop.text);
    await expectSdkError(
      openai.chat.completions.create({ model: 'retiring', messages: [{ role: 'user', content: 'x' }] }),
      404,
      'ModelArts.81009',
      'Invalid model.',
    );
  });

  it('answers 403 ModelArts.81004 for a model open to other accounts only', async () => {
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'other-co',
      admin_password: 'other-password-1',
    });
    assert.equal(other.status, 201, other.text);
    await m.deployModel('exclusive', model.url, { upstream_model: 'qwen2.5-7b', accounts: ['other-co'] });
    await expectSdkError(
      openai.chat.completions.create({ model: 'exclusive', messages: [{ role: 'user', content: 'x' }] }),
      403,
      'ModelArts.81004',
      'Invalid request because you do not have access to it.',
    );
    assert.ok(!(await openai.models.list()).data.some((x) => x.id === 'exclusive'));
  });

  it('answers 403 ModelArts.81006 while the account is frozen or restricted', async () => {
    const s = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
    try {
      const t = await s.token();
      await maas(s, t).deployModel('m1', model.url);
      const key = (await maas(s, t).createKey()).api_key;
      const client = new OpenAI({ baseURL: `${s.baseUrl}/v1`, apiKey: key, maxRetries: 0 });
      const call = () => client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] });
      assert.ok(await call());
      for (const state of ['frozen', 'restricted']) {
        assert.equal((await s.operator('PUT', `/operator/v1/accounts/${s.accountName}/state`, { state })).status, 200);
        await expectSdkError(call(), 403, 'ModelArts.81006', 'The resource is frozen.');
      }
      await s.operator('PUT', `/operator/v1/accounts/${s.accountName}/state`, { state: 'normal' });
      assert.ok(await call());
    } finally {
      await s.close();
    }
  });

  it('answers 403 ModelArts.81005 once the project free tokens of the month are used up', async () => {
    const s = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
    try {
      const t = await s.token();
      const sm = maas(s, t);
      await sm.deployModel('m1', model.url);
      const serviceId = await sm.createService('own', model.url);
      await sm.createEndpoint({ endpoint_name: 'own-ep', infer_service_id: serviceId });
      const client = new OpenAI({ baseURL: `${s.baseUrl}/v1`, apiKey: (await sm.createKey()).api_key, maxRetries: 0 });
      const set = await s.operator('PUT', `/operator/v1/projects/${s.projectId}/maas`, { monthly_free_tokens: 10 });
      assert.equal(set.status, 200, set.text);
      const call = (modelName: string) =>
        client.chat.completions.create({
          model: modelName,
          messages: [{ role: 'user', content: 'one two three four' }],
        });
      // 4 prompt and 5 completion tokens: under 10, then at 18 the quota is gone.
      await call('m1');
      await call('m1');
      await expectSdkError(call('m1'), 403, 'ModelArts.81005', 'The free quota has been used up.');
      // The tenant's own service is not paid from the operator's free tokens.
      assert.ok(await call('own-ep'));
      const shown = await s.operator('GET', `/operator/v1/projects/${s.projectId}/maas`);
      assert.deepEqual(shown.json, {
        monthly_free_tokens: 10,
        used_tokens_this_month: 18,
        // Extension: the project's monthly budget and spend (none set here).
        monthly_budget: null,
        spent_this_month: 0,
        currency: 'CNY',
      });
      await s.operator('PUT', `/operator/v1/projects/${s.projectId}/maas`, { monthly_free_tokens: null });
      assert.ok(await call('m1'));
    } finally {
      await s.close();
    }
  });

  it('limits an endpoint to its rpm and tpm: 429 ModelArts.81101 and 81103 with Retry-After', async () => {
    await m.createEndpoint({ endpoint_name: 'slow-lane', model_name: 'qwen2.5-7b', rpm: 2 });
    const body = { model: 'slow-lane', messages: [{ role: 'user', content: 'x' }] };
    assert.equal((await chat(body)).status, 200);
    assert.equal((await chat(body)).status, 200);
    const limited = await chat(body);
    expectInferenceError(
      limited,
      429,
      'ModelArts.81101',
      'Too many requests, exceeded rate limit is 2 times per minute.',
    );
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    await expectSdkError(
      openai.chat.completions.create(body as never),
      429,
      'ModelArts.81101',
      'Too many requests, exceeded rate limit is 2 times per minute.',
    );

    await m.createEndpoint({ endpoint_name: 'few-tokens', model_name: 'qwen2.5-7b', tpm: 30 });
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    // A prompt larger than the whole minute's tokens can never pass.
    const huge = await chat({ model: 'few-tokens', messages: [{ role: 'user', content: words(40) }] });
    expectInferenceError(
      huge,
      429,
      'ModelArts.81103',
      'Too many requests. exceeded rate limit is 30 tokens per minute.',
    );
    assert.equal(huge.headers['retry-after'], '60');
    // Calls are charged what they used, prompt and answer (3 + 4 tokens here), beyond the prompt they reserved (3):
    // four fit in 30 tokens (7 * 3 + 3 <= 30), the fifth does not (7 * 4 + 3 > 30). The refused call used nothing.
    const small = { model: 'few-tokens', messages: [{ role: 'user', content: 'one two three' }] };
    for (let i = 0; i < 4; i++) assert.equal((await chat(small)).status, 200, `call ${i + 1}`);
    const fifth = await chat(small);
    expectInferenceError(
      fifth,
      429,
      'ModelArts.81103',
      'Too many requests. exceeded rate limit is 30 tokens per minute.',
    );
    assert.ok(Number(fifth.headers['retry-after']) >= 1);
  });
});
