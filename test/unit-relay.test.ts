import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GuardChecker } from '../src/moderation/content-guard.js';
import { relayJson, relaySse, renameModel, type SseRelayOptions } from '../src/maas/inference/relay.js';
import { CallCancellation, type UpstreamResponse } from '../src/maas/inference/upstream-call.js';
import { answerPartsOf, CallUsage } from '../src/maas/inference/usage-estimate.js';

/** An upstream body delivered in the given pieces, each one socket read, the last one completing it. */
function upstreamOf(pieces: (string | Buffer)[]): UpstreamResponse {
  const state = { complete: false, hasQueuedData: false };
  return {
    get complete() {
      return state.complete;
    },
    get hasQueuedData() {
      return state.hasQueuedData;
    },
    async *chunks() {
      for (let i = 0; i < pieces.length; i++) {
        state.complete = i === pieces.length - 1;
        const piece = pieces[i]!;
        yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      }
    },
  } as unknown as UpstreamResponse;
}

/** A reply whose socket takes every write: what the client was sent, and whether the call was finished first. */
function clientOf() {
  const sent: string[] = [];
  const log: string[] = [];
  const raw = {
    writeHead: (status: number) => log.push(`head ${status}`),
    flushHeaders: () => undefined,
    write: (text: string) => (sent.push(text), true),
    end: (text?: string) => {
      if (text !== undefined) sent.push(text);
      log.push('end');
    },
    destroy: () => log.push('destroy'),
  };
  const headers: Record<string, string> = {};
  const reply = {
    raw,
    hijack: () => undefined,
    header: (name: string, value: string) => ((headers[name] = value), reply),
    send: (body: string) => (sent.push(body), log.push('send'), reply),
  };
  return { reply: reply as unknown as FastifyReply, sent, log, headers };
}

const request = { id: 'req-1' } as FastifyRequest;

function optionsOf(log: string[], overrides: Partial<SseRelayOptions> = {}): SseRelayOptions {
  return {
    model: 'mine',
    upstreamModel: 'up-1',
    clientWantsUsage: false,
    cancellation: new CallCancellation(),
    limits: { maxEventBytes: 64 * 1024, maxStreamSeconds: 60, clientStallTimeoutMs: 1000 },
    guard: undefined,
    answerParts: answerPartsOf,
    finish: async () => void log.push('finish'),
    ...overrides,
  };
}

const chunk = (content: string, model = 'up-1') =>
  `data: ${JSON.stringify({ id: 'c', model, choices: [{ index: 0, delta: { content } }] })}\n\n`;
const usageEvent = (model = 'up-1') =>
  `data: ${JSON.stringify({ id: 'c', model, choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } })}\n\n`;
const done = 'data: [DONE]\n\n';

async function relay(pieces: (string | Buffer)[], overrides: Partial<SseRelayOptions> = {}) {
  const client = clientOf();
  const usage = new CallUsage('hello there');
  usage.answered = true;
  await relaySse(request, client.reply, upstreamOf(pieces), optionsOf(client.log, overrides), usage);
  return { text: client.sent.join(''), log: client.log, usage };
}

describe('unit: SSE relay', () => {
  it('relays events cut anywhere across reads whole and in order, with the model renamed', async () => {
    const stream = chunk('Hel') + chunk('lo') + usageEvent() + done;
    const expected = (chunk('Hel') + chunk('lo') + done).replaceAll('"model":"up-1"', '"model":"mine"');
    // Every cut point: mid-word, mid-key, between the two newlines of an event's end.
    for (let cut = 1; cut < stream.length; cut += 7) {
      const { text, usage } = await relay([stream.slice(0, cut), stream.slice(cut)]);
      assert.equal(text, expected, `cut at ${cut}`);
      assert.deepEqual(usage.totals(), { promptTokens: 7, completionTokens: 3, failed: false });
    }
  });

  it('keeps a character split across reads whole', async () => {
    const bytes = Buffer.from(chunk('héllo, 世界') + done);
    const at = bytes.indexOf(Buffer.from('世')) + 1;
    const { text } = await relay([bytes.subarray(0, at), bytes.subarray(at)]);
    assert.ok(text.includes('héllo, 世界'), text);
  });

  it('drops the usage event the gateway asked for, and keeps it (renamed) for a client that asked', async () => {
    const dropped = await relay([chunk('a') + usageEvent() + done]);
    assert.ok(!dropped.text.includes('"usage"'), dropped.text);
    const kept = await relay([chunk('a') + usageEvent() + done], { clientWantsUsage: true });
    assert.ok(kept.text.includes('"usage":{"prompt_tokens":7,"completion_tokens":3}'), kept.text);
    assert.ok(!kept.text.includes('up-1'), kept.text);
    assert.deepEqual(kept.usage.totals(), { promptTokens: 7, completionTokens: 3, failed: false });
  });

  it('finds usage in an event that also carries choices, and estimates when there is none', async () => {
    const withChoices = `data: ${JSON.stringify({ model: 'up-1', choices: [{ delta: { content: 'x' } }], usage: { prompt_tokens: 2, completion_tokens: 1 } })}\n\n`;
    const reported = await relay([chunk('a') + withChoices + done]);
    assert.deepEqual(reported.usage.totals(), { promptTokens: 2, completionTokens: 1, failed: false });
    assert.ok(!reported.text.includes('"usage"'), 'the gateway asked for it, the client did not');
    const estimated = await relay([chunk('hello world') + done]);
    const totals = estimated.usage.totals();
    assert.ok(totals.promptTokens > 0 && totals.completionTokens > 0, JSON.stringify(totals));
  });

  it('renames another model name by parsing, and relays non-JSON data as it came', async () => {
    const { text } = await relay([chunk('a', 'other') + 'data: not json\n\n' + done]);
    assert.ok(text.includes('"model":"mine"') && !text.includes('"other"'), text);
    assert.ok(text.includes('data: not json\n\n'), text);
  });

  it('reads CR line ends through the parser', async () => {
    const { text } = await relay([chunk('a').replaceAll('\n', '\r\n') + done.replaceAll('\n', '\r\n')]);
    assert.ok(text.includes('"model":"mine"') && text.includes('[DONE]'), text);
  });

  it('meters the call before the stream ends, once', async () => {
    const { log } = await relay([chunk('a') + done]);
    assert.deepEqual(log, ['head 200', 'finish', 'end']);
  });

  it('ends with ModelArts.5003 when one event grows past the cap before it ends', async () => {
    const { text, usage } = await relay([chunk('a'), `data: {"x":"${'x'.repeat(2000)}`, '"}\n\n'], {
      limits: { maxEventBytes: 1000, maxStreamSeconds: 60, clientStallTimeoutMs: 1000 },
    });
    assert.match(text, /"error_code":"ModelArts.5003"/);
    assert.equal(usage.failed, true);
  });

  it('with the guard on, never sends a blocked batch and ends with ModelArts.81011', async () => {
    const guard: GuardChecker = { blockedBy: (text) => (text.includes('forbidden') ? 'abuse' : undefined) };
    // The term is cut across two events: the guard still sees it whole.
    const { text, usage } = await relay([chunk('fine. '), chunk('forbi') + chunk('dden') + done], { guard });
    assert.ok(text.includes('fine. '), text);
    assert.ok(!text.includes('forbi'), text);
    assert.match(text, /"error_code":"ModelArts.81011"/);
    assert.equal(usage.failed, true);
  });

  it('with the guard on, reads each tool call and the reasoning on from their own pieces, interleaved', async () => {
    const guard: GuardChecker = { blockedBy: (text) => (text.includes('forbidden') ? 'abuse' : undefined) };
    const delta = (delta: object) =>
      `data: ${JSON.stringify({ id: 'c', model: 'up-1', choices: [{ index: 0, delta }] })}\n\n`;
    const call = (index: number, args: string) => delta({ tool_calls: [{ index, function: { arguments: args } }] });
    // Two parallel calls interleaved: "forbi" + "dden" only joins up within call 0.
    const tools = await relay([call(0, '{"a":"forbi'), call(1, '{"b":"x'), call(0, 'dden"}') + done], { guard });
    assert.match(tools.text, /"error_code":"ModelArts.81011"/);
    assert.ok(!tools.text.includes('dden'), tools.text);
    // Joined across parts (content "forbi", then a call's "dden") is no term: nothing is blocked.
    const apart = await relay([delta({ content: 'forbi' }), call(0, 'dden') + done], { guard });
    assert.ok(!apart.text.includes('81011') && apart.text.includes('[DONE]'), apart.text);
    const reasoning = await relay(
      [delta({ reasoning_content: 'so forb' }), delta({ reasoning_content: 'idden' }) + done],
      {
        guard,
      },
    );
    assert.match(reasoning.text, /"error_code":"ModelArts.81011"/);
  });
});

describe('unit: JSON relay and model renaming', () => {
  it('renames the model only where it appears once in compact form', () => {
    assert.equal(renameModel('{"model":"up","x":1}', 'up', '"model":"mine"'), '{"model":"mine","x":1}');
    assert.equal(renameModel('{"model":"up","m":{"model":"up"}}', 'up', '"model":"mine"'), undefined);
    assert.equal(renameModel('{"model": "up"}', 'up', '"model":"mine"'), undefined);
    assert.equal(renameModel('{"model":"up"}', 42, '"model":"mine"'), undefined);
  });

  it('answers with the client model, usage taken, metered before it is sent', async () => {
    const client = clientOf();
    const usage = new CallUsage('hi');
    usage.answered = true;
    const answer = {
      model: 'up',
      choices: [{ message: { content: 'yo' } }],
      usage: { prompt_tokens: 4, completion_tokens: 2 },
    };
    await relayJson(
      client.reply,
      { answer, text: JSON.stringify(answer) },
      {
        model: 'mine',
        guard: undefined,
        answerParts: answerPartsOf,
        finish: async () => void client.log.push('finish'),
      },
      usage,
    );
    assert.deepEqual(client.log, ['finish', 'send']);
    assert.deepEqual(JSON.parse(client.sent[0]!).model, 'mine');
    assert.deepEqual(usage.totals(), { promptTokens: 4, completionTokens: 2, failed: false });
  });

  it('refuses an answer the guard blocks with ModelArts.81011, metered as failed', async () => {
    const client = clientOf();
    const usage = new CallUsage('hi');
    usage.answered = true;
    const answer = { model: 'up', choices: [{ message: { content: 'forbidden' } }] };
    const guard = { blockedBy: (text: string) => (text.includes('forbidden') ? 'abuse' : undefined) } as GuardChecker;
    await assert.rejects(
      relayJson(
        client.reply,
        { answer, text: JSON.stringify(answer) },
        { model: 'mine', guard, answerParts: answerPartsOf, finish: async () => void client.log.push('finish') },
        usage,
      ),
      { code: 'ModelArts.81011' },
    );
    assert.deepEqual(client.log, ['finish']);
    assert.equal(usage.failed, true);
  });
});
