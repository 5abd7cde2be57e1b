import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FakeModelServer } from './helpers/fake-model-server.js';
import { maas, startMaasWithModel } from './helpers/maas.js';
import { sample } from './helpers/metrics.js';
import { pollUntil } from './helpers/poll.js';
import { startServer, type TestServer } from './helpers/server.js';

const redisUrl = process.env.AISP_TEST_REDIS_URL;

/** An SDK call with its raw response: the parsed answer and the `X-AISP-Cache` header. */
async function chatWithHeader(openai: OpenAI, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const { data, response } = await openai.chat.completions
    .create({ messages: [{ role: 'user', content: 'hello cache' }], ...body } as never, { headers })
    .withResponse();
  return { data: data as unknown as Record<string, unknown>, cache: response.headers.get('x-aisp-cache') };
}

describe('MaaS response cache (cache_ttl_seconds)', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let openai: OpenAI;
  let m: ReturnType<typeof maas>;
  const upstreamCalls = () => model.requests.filter((r) => r.path === '/v1/chat/completions').length;

  before(async () => {
    ({ model, server, token, m } = await startMaasWithModel());
    await m.deployModel('cached-model', model.url, { upstream_model: 'qwen', cache_ttl_seconds: 600 });
    await m.createEndpoint({ endpoint_name: 'cached', model_name: 'qwen2.5-7b', cache_ttl_seconds: 600 });
    await m.createEndpoint({ endpoint_name: 'brief', model_name: 'qwen2.5-7b', cache_ttl_seconds: 1 });
    await m.createEndpoint({ endpoint_name: 'plain', model_name: 'qwen2.5-7b' });
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: (await m.createKey()).api_key, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('takes cache_ttl_seconds on endpoints and models (0 by default), and refuses a bad one', async () => {
    const list = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, { token });
    const ttl = (name: string) => list.json.items.find((e: any) => e.endpoint_name === name).cache_ttl_seconds;
    assert.equal(ttl('cached'), 600);
    assert.equal(ttl('plain'), 0);
    assert.equal((await server.operator('GET', '/operator/v1/maas/models/cached-model')).json.cache_ttl_seconds, 600);
    for (const bad of [-1, 86_401, 1.5, 'ten']) {
      const res = await server.call('POST', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
        token,
        body: { endpoint_name: 'bad-ttl', model_name: 'qwen2.5-7b', cache_ttl_seconds: bad },
      });
      assert.equal(res.status, 400, `${bad}: ${res.text}`);
    }
    const badModel = await server.operator('POST', '/operator/v1/maas/models', {
      name: 'bad-ttl',
      replicas: [{ url: model.url }],
      cache_ttl_seconds: -5,
    });
    assert.equal(badModel.status, 400, badModel.text);
  });

  it('answers an identical call from the cache: the same answer, X-AISP-Cache hit, no upstream call', async () => {
    const before = upstreamCalls();
    const first = await chatWithHeader(openai, { model: 'cached', temperature: 0.5 });
    assert.equal(first.cache, 'miss');
    const second = await chatWithHeader(openai, { model: 'cached', temperature: 0.5 });
    assert.equal(second.cache, 'hit');
    assert.deepEqual(second.data, first.data);
    assert.equal(upstreamCalls(), before + 1);
    // The key is the body's exact bytes: the same fields in another order are another entry.
    const reordered = await chatWithHeader(openai, { temperature: 0.5, model: 'cached' });
    assert.equal(reordered.cache, 'miss');
    assert.equal(upstreamCalls(), before + 2);
    // An operator model with a ttl caches too; without one, no header at all.
    assert.equal((await chatWithHeader(openai, { model: 'cached-model' })).cache, 'miss');
    assert.equal((await chatWithHeader(openai, { model: 'cached-model' })).cache, 'hit');
    assert.equal((await chatWithHeader(openai, { model: 'plain' })).cache, null);
    assert.equal((await chatWithHeader(openai, { model: 'plain' })).cache, null);

    // Hits are counted: in the statistics (with the answer's tokens) and in the metrics.
    // Statistics are written in batches: polled until the three calls are in (the filter also matches `cached-model`).
    const stats = await pollUntil('three calls in the statistics', async () => {
      const res = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/list-service-statistics`, {
        token,
        body: { start_time: Date.now() - 60_000, end_time: Date.now() + 60_000, service_names: ['cached'] },
      });
      const item = (res.json.items as { service_name: string; total_request_count: number }[]).find(
        (row) => row.service_name === 'cached',
      );
      return item?.total_request_count === 3 ? item : undefined;
    });
    assert.equal((stats as unknown as { total_error_count: number }).total_error_count, 0);
    const metrics = (await server.operator('GET', '/metrics')).text;
    assert.ok(sample(metrics, 'aisp_maas_cache_total', { result: 'hit' }) >= 2, metrics);
    assert.ok(sample(metrics, 'aisp_maas_cache_total', { result: 'miss' }) >= 2, metrics);
  });

  it('replays a streamed answer as the same SSE events, ending [DONE]; a non-streamed call does not get it', async () => {
    const streamed = async () => {
      const res = await fetch(`${server.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${openai.apiKey}`, 'Content-Type': 'application/json' },
        // Written as the OpenAI Node SDK writes its bodies (indented by two), so that its call below sends the same bytes.
        body: JSON.stringify(
          { model: 'cached', stream: true, messages: [{ role: 'user', content: 'stream me' }] },
          null,
          2,
        ),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      return { cache: res.headers.get('x-aisp-cache'), text: await res.text() };
    };
    const before = upstreamCalls();
    const first = await streamed();
    const second = await streamed();
    assert.equal(first.cache, 'miss');
    assert.equal(second.cache, 'hit');
    assert.equal(second.text, first.text);
    assert.ok(second.text.endsWith('data: [DONE]\n\n'), second.text);
    assert.equal(upstreamCalls(), before + 1);

    // The SDK reads the replay as any stream.
    const stream = await openai.chat.completions.create({
      model: 'cached',
      stream: true,
      messages: [{ role: 'user', content: 'stream me' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'echo: stream me');
    assert.equal(upstreamCalls(), before + 1);
    // The same messages without `stream` are another request.
    const plain = await chatWithHeader(openai, { model: 'cached', messages: [{ role: 'user', content: 'stream me' }] });
    assert.equal(plain.cache, 'miss');
  });

  it('misses on any other parameter, message or project', async () => {
    await chatWithHeader(openai, { model: 'cached', max_tokens: 10 });
    assert.equal((await chatWithHeader(openai, { model: 'cached', max_tokens: 10 })).cache, 'hit');
    assert.equal((await chatWithHeader(openai, { model: 'cached', max_tokens: 11 })).cache, 'miss');
    assert.equal((await chatWithHeader(openai, { model: 'cached', max_tokens: 10, top_p: 0.9 })).cache, 'miss');
    const other = { model: 'cached', max_tokens: 10, messages: [{ role: 'user', content: 'hello cache!' }] };
    assert.equal((await chatWithHeader(openai, other)).cache, 'miss');

    // Another project of the same account calls the same operator model with the same body: never the first's answer.
    await chatWithHeader(openai, { model: 'cached-model', n: 1 });
    assert.equal((await chatWithHeader(openai, { model: 'cached-model', n: 1 })).cache, 'hit');
    const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'elsewhere' } } });
    assert.equal(project.status, 201, project.text);
    const elsewhere = await server.token({ project: 'elsewhere' });
    const key = await server.call('POST', `/v2/${project.json.project.id}/maas/api-auth/api-keys`, {
      token: elsewhere,
      body: { allow_all: true },
    });
    assert.equal(key.status, 200, key.text);
    const theirs = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.json.api_key, maxRetries: 0 });
    assert.equal((await chatWithHeader(theirs, { model: 'cached-model', n: 1 })).cache, 'miss');
    assert.equal((await chatWithHeader(theirs, { model: 'cached-model', n: 1 })).cache, 'hit');
  });

  it('counts a hit against rpm, never against tpm', async () => {
    await m.createEndpoint({
      endpoint_name: 'metered',
      model_name: 'qwen2.5-7b',
      cache_ttl_seconds: 600,
      rpm: 5,
      tpm: 20,
    });
    const content = 'one two three four five six seven';
    const body = { model: 'metered', messages: [{ role: 'user' as const, content }] };
    // The miss uses about 16 tokens of the 20; four hits would use 64 more if they were charged.
    assert.equal((await chatWithHeader(openai, body)).cache, 'miss');
    for (let i = 0; i < 4; i++) assert.equal((await chatWithHeader(openai, body)).cache, 'hit');
    // The sixth call in the minute is over the rpm of 5: the hits counted.
    await assert.rejects(openai.chat.completions.create(body), { status: 429, code: 'ModelArts.81101' });
  });

  it('forgets an answer after its ttl', async () => {
    const body = { model: 'brief', messages: [{ role: 'user', content: `ttl ${Date.now()}` }] };
    assert.equal((await chatWithHeader(openai, body)).cache, 'miss');
    // Within the second, a hit (unless this machine is slow enough that it expired already: then a fresh miss).
    const early = await chatWithHeader(openai, body);
    assert.ok(early.cache === 'hit' || early.cache === 'miss');
    await pollUntil(
      'the cached answer to expire',
      async () => ((await chatWithHeader(openai, body)).cache === 'miss' ? true : undefined),
      5000,
      100,
    );
  });

  it('skips the lookup for Cache-Control: no-cache, and keeps the fresh answer', async () => {
    const body = { model: 'cached', messages: [{ role: 'user', content: 'fresh please' }] };
    await chatWithHeader(openai, body);
    const before = upstreamCalls();
    const fresh = await chatWithHeader(openai, body, { 'Cache-Control': 'no-cache' });
    assert.equal(fresh.cache, 'miss');
    assert.equal(upstreamCalls(), before + 1);
    const again = await chatWithHeader(openai, body);
    assert.equal(again.cache, 'hit');
    assert.deepEqual(again.data, fresh.data, 'the fresh answer replaced the old one');
  });

  it('keeps no failed answer', async () => {
    await m.deployModel('broken', model.url, { upstream_model: 'broken-model', cache_ttl_seconds: 600 });
    const body = { model: 'broken', messages: [{ role: 'user' as const, content: 'x' }] };
    for (let i = 0; i < 2; i++) {
      await assert.rejects(openai.chat.completions.create(body), (error: any) => {
        assert.equal(error.headers?.get?.('x-aisp-cache') ?? error.headers?.['x-aisp-cache'], 'miss');
        return true;
      });
    }
  });

  it(
    'shares answers through Redis between instances',
    { skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run' },
    async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-cache-'));
      const settings = { dataDir, redisUrl: redisUrl!, maas: { inference: { allowPrivateUpstreams: true } } };
      const a = await startServer(settings);
      const b = await startServer(settings);
      try {
        const shared = maas(a, await a.token());
        await shared.deployModel('qwen2.5-7b', model.url);
        await shared.createEndpoint({ endpoint_name: 'shared', model_name: 'qwen2.5-7b', cache_ttl_seconds: 60 });
        const apiKey = (await shared.createKey()).api_key;
        const viaA = new OpenAI({ baseURL: `${a.baseUrl}/v1`, apiKey, maxRetries: 0 });
        const viaB = new OpenAI({ baseURL: `${b.baseUrl}/v1`, apiKey, maxRetries: 0 });
        const body = { model: 'shared', messages: [{ role: 'user', content: `shared ${dataDir}` }] };
        const first = await chatWithHeader(viaA, body);
        assert.equal(first.cache, 'miss');
        const second = await chatWithHeader(viaB, body);
        assert.equal(second.cache, 'hit');
        assert.deepEqual(second.data, first.data);
      } finally {
        await b.close(true);
        await a.close();
      }
    },
  );
});
