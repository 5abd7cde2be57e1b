import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FakeModelServer } from './helpers/fake-model-server.js';
import { maas, startMaasWithModel } from './helpers/maas.js';
import { expectError, type TestServer } from './helpers/server.js';

const blocked = 'May contain sensitive information.';

describe('MaaS content guard: prompts and answers through Content Moderation', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let openai: OpenAI;
  let m: ReturnType<typeof maas>;

  const chat = (modelName: string, content: string, extra: Record<string, unknown> = {}) =>
    server.call('POST', '/v1/chat/completions', {
      body: { model: modelName, messages: [{ role: 'user', content }], ...extra },
      headers: { Authorization: `Bearer ${apiKey}` },
    });

  before(async () => {
    ({ model, server, token, m } = await startMaasWithModel());
    await m.deployModel('rude', model.url, { upstream_model: 'rude-model' });
    await m.createEndpoint({ endpoint_name: 'guarded', model_name: 'qwen2.5-7b' });
    await m.createEndpoint({ endpoint_name: 'rude-guarded', model_name: 'rude' });
    const agreement = await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements?lang=en`, { token });
    await m.createEndpoint({
      endpoint_name: 'unguarded',
      model_name: 'qwen2.5-7b',
      moderation: false,
      agreement_id: agreement.json.agreement_id,
    });
    apiKey = (await m.createKey()).api_key;
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('refuses a harmful prompt with 403 ModelArts.81011 before any model server hears it', async () => {
    const before = model.requests.length;
    for (const target of ['guarded', 'qwen2.5-7b']) {
      const res = await chat(target, 'you are a motherfucker');
      expectError(res, 403, 'ModelArts.81011', blocked);
      assert.equal(res.json.error.type, 'permission_error');
    }
    assert.equal(model.requests.length, before);
    // Obfuscation does not slip through.
    expectError(await chat('guarded', 'you are a m0therfuck3r'), 403, 'ModelArts.81011', blocked);
    // Harmless prompts pass, and the guard can be off for an endpoint.
    assert.equal((await chat('guarded', 'what is the capital of France?')).status, 200);
    assert.equal((await chat('unguarded', 'you are a motherfucker')).status, 200);
    await assert.rejects(
      openai.chat.completions.create({ model: 'guarded', messages: [{ role: 'user', content: 'motherfucker' }] }),
      { status: 403, code: 'ModelArts.81011', message: `403 ${blocked}` },
    );
  });

  it("applies the project's own glossaries: black lists block, white lists excuse", async () => {
    const glossaries = `/v3/${server.projectId}/moderation/glossaries`;
    const black = await server.call('POST', glossaries, {
      token,
      body: { name: 'codenames', type: 'black', words: ['project bluebird'] },
    });
    assert.equal(black.status, 201, black.text);
    expectError(await chat('guarded', 'tell me about Project Bluebird'), 403, 'ModelArts.81011', blocked);
    assert.equal((await chat('unguarded', 'tell me about Project Bluebird')).status, 200);

    // (Not "pussy willow": the built-in lists read that in its ordinary sense since issue 22's fourth round.)
    expectError(await chat('guarded', 'the pussy cat sat on the mat'), 403, 'ModelArts.81011', blocked);
    const white = await server.call('POST', glossaries, {
      token,
      body: { name: 'nursery', type: 'white', words: ['pussy cat'] },
    });
    assert.equal(white.status, 201, white.text);
    assert.equal((await chat('guarded', 'the pussy cat sat on the mat')).status, 200);
  });

  it('refuses a harmful answer that is not streamed (403), and counts the call as failed', async () => {
    const res = await chat('rude-guarded', 'say something');
    expectError(res, 403, 'ModelArts.81011', blocked);
    assert.ok(!res.text.includes('motherfucker'));
    const stats = await server.call('POST', `/v1/${server.projectId}/maas/monitoring/list-service-statistics`, {
      token,
      body: { start_time: Date.now() - 60_000, end_time: Date.now() + 60_000, service_names: ['rude-guarded'] },
    });
    assert.equal(stats.json.items[0].total_error_count, 1);
    // The model server did answer: its tokens are metered.
    assert.ok(stats.json.items[0].total_token > 0);
  });

  it('cuts a harmful streamed answer: an error event, and nothing more of the text', async () => {
    const res = await chat('rude-guarded', 'say something', { stream: true });
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('motherfucker'), res.text);
    assert.ok(!res.text.includes('some more words'), res.text);
    assert.ok(!res.text.includes('[DONE]'));
    const events = res.text
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => JSON.parse(e.slice(6)));
    const last = events.at(-1);
    assert.equal(last.error_code, 'ModelArts.81011');
    assert.equal(last.error.message, blocked);

    // The OpenAI SDK raises the error event as an error.
    const stream = await openai.chat.completions.create({
      model: 'rude-guarded',
      stream: true,
      messages: [{ role: 'user', content: 'say something' }],
    });
    let text = '';
    await assert.rejects(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    }, /May contain sensitive information/);
    assert.ok(!text.includes('motherfucker'));
  });

  /** Drains an SDK stream: the text of every part it carried (content, reasoning, tool-call arguments). */
  const drain = async (stream: AsyncIterable<any>) => {
    let text = '';
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta?.content ?? choice?.delta?.reasoning_content ?? choice?.text ?? '';
      for (const call of choice?.delta?.tool_calls ?? []) text += call.function?.arguments ?? '';
    }
    return text;
  };
  const refused = { status: 403, code: 'ModelArts.81011', message: `403 ${blocked}` };

  it('checks /v1/completions: prompts (a string or a list) and answers, streamed or not', async () => {
    const before = model.requests.length;
    for (const prompt of ['you are a motherfucker', ['a fine day', 'you are a motherfucker']]) {
      await assert.rejects(openai.completions.create({ model: 'guarded', prompt }), refused);
    }
    assert.equal(model.requests.length, before);
    await assert.rejects(openai.completions.create({ model: 'rude-guarded', prompt: 'say something' }), refused);
    const stream = await openai.completions.create({ model: 'rude-guarded', prompt: 'say something', stream: true });
    await assert.rejects(drain(stream), /May contain sensitive information/);
    const clean = await openai.completions.create({ model: 'guarded', prompt: ['a fine', 'day'] });
    assert.equal(clean.choices[0]!.text, 'echo: a fine,day');
    const cleanStream = await openai.completions.create({ model: 'guarded', prompt: 'a fine day', stream: true });
    assert.equal(await drain(cleanStream), 'echo: a fine day');
  });

  it("checks tool calls' arguments: in the request's messages, and in answers streamed or not", async () => {
    const before = model.requests.length;
    await assert.rejects(
      openai.chat.completions.create({
        model: 'guarded',
        messages: [
          { role: 'user', content: 'what do I say?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"say":"motherfucker"}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      }),
      refused,
    );
    assert.equal(model.requests.length, before);
    const ask = (content: string) => [{ role: 'user' as const, content }];
    await assert.rejects(openai.chat.completions.create({ model: 'guarded', messages: ask('[tool:rude]') }), refused);
    // Streamed, the rude word is cut across two pieces of call 0 with call 1's pieces in between.
    const stream = await openai.chat.completions.create({
      model: 'guarded',
      messages: ask('[tool:rude]'),
      stream: true,
    });
    let seen = '';
    await assert.rejects(async () => {
      for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) seen += call.function?.arguments ?? '';
      }
    }, /May contain sensitive information/);
    assert.ok(!seen.includes('fucker'), seen);

    const clean = await openai.chat.completions.create({ model: 'guarded', messages: ask('[tool:clean]') });
    assert.deepEqual(
      clean.choices[0]!.message.tool_calls!.map((c) => (c as { function: { arguments: string } }).function.arguments),
      ['{"say":"a fine day"}', '{"city":"Paris"}'],
    );
    const cleanStream = await openai.chat.completions.create({
      model: 'guarded',
      messages: ask('[tool:clean]'),
      stream: true,
    });
    const calls: string[] = [];
    for await (const chunk of cleanStream) {
      for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls[call.index] = (calls[call.index] ?? '') + (call.function?.arguments ?? '');
      }
    }
    assert.deepEqual(calls, ['{"say":"a fine day"}', '{"city":"Paris"}']);
    // The guard off: the same answer passes.
    assert.equal((await chat('unguarded', '[tool:rude]')).status, 200);
  });

  it('checks reasoning_content, streamed or not', async () => {
    const ask = (content: string) => [{ role: 'user' as const, content }];
    await assert.rejects(openai.chat.completions.create({ model: 'guarded', messages: ask('[reason:rude]') }), refused);
    const stream = await openai.chat.completions.create({
      model: 'guarded',
      messages: ask('[reason:rude]'),
      stream: true,
    });
    await assert.rejects(drain(stream), /May contain sensitive information/);

    const clean = await openai.chat.completions.create({ model: 'guarded', messages: ask('[reason:clean]') });
    const message = clean.choices[0]!.message as { content: string; reasoning_content?: string };
    assert.equal(message.reasoning_content, 'I think a fine day.');
    assert.equal(message.content, 'done.');
    const cleanStream = await openai.chat.completions.create({
      model: 'guarded',
      messages: ask('[reason:clean]'),
      stream: true,
    });
    assert.equal(await drain(cleanStream), 'I think a fine day.done.');
  });
});
