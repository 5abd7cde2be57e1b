import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerTextOf,
  CallUsage,
  estimateTokens,
  promptTextOf,
  saneTokenCount,
} from '../src/maas/inference/usage-estimate.js';

describe('unit: usage estimation', () => {
  it('believes whole, non-negative token counts up to ten million only', () => {
    for (const ok of [0, 1, 4096, 10_000_000]) assert.equal(saneTokenCount(ok), true, String(ok));
    for (const bad of [-1, 1.5, 10_000_001, Number.NaN, Infinity, '12', null, undefined]) {
      assert.equal(saneTokenCount(bad), false, String(bad));
    }
  });

  it('counts tokens with the tokenizer, and long text at four characters a token', () => {
    assert.equal(estimateTokens(''), 0);
    const hello = estimateTokens('Hello, how are you today?');
    assert.ok(hello >= 5 && hello <= 10, String(hello));
    // A run without a space is cut in slices: cheap, and about what the tokenizer says.
    const run = estimateTokens('a'.repeat(100_000));
    assert.ok(run > 0 && run < 100_000, String(run));
    assert.equal(estimateTokens('x'.repeat(300 * 1024)), Math.ceil((300 * 1024) / 4));
  });

  it('takes an upstream report when it is sane, each count on its own', () => {
    const usage = new CallUsage('the prompt');
    usage.answered = true;
    usage.report({ prompt_tokens: 12, completion_tokens: -3 });
    usage.relayed('some answer text');
    const totals = usage.totals();
    assert.equal(totals.promptTokens, 12);
    assert.equal(totals.completionTokens, estimateTokens('some answer text'));
    usage.report('nonsense');
    usage.report({ prompt_tokens: 1e12, completion_tokens: 5 });
    assert.deepEqual(usage.totals(), { promptTokens: 12, completionTokens: 5, failed: false });
  });

  it('charges nothing for a call refused or failed before an upstream answered, unless it reported usage', () => {
    const refused = new CallUsage('a long prompt that would cost tokens');
    refused.failed = true;
    assert.deepEqual(refused.totals(), { promptTokens: 0, completionTokens: 0, failed: true });
    refused.report({ prompt_tokens: 3 });
    assert.equal(refused.totals().promptTokens, 3);
  });

  it('reads events relayed unparsed for their text only when no usage was reported', () => {
    const usage = new CallUsage('p');
    usage.answered = true;
    const event = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;
    usage.relayedUnreadEvents(event('hello ') + event('world'));
    usage.relayedUnread(JSON.stringify({ choices: [{ text: '!' }] }));
    assert.equal(usage.totals().completionTokens, estimateTokens('!hello world'));
  });

  it('finds the prompt and answer text in requests and answers', () => {
    assert.equal(promptTextOf({ messages: [{ role: 'user', content: 'a' }, { content: [{ text: 'b' }] }] }), 'a\nb');
    assert.equal(promptTextOf({ prompt: 'p', input: ['i', 'j'] }), 'p\ni\nj');
    assert.equal(
      answerTextOf({ choices: [{ message: { content: 'm' } }, { delta: { content: 'd' } }, { text: 't' }] }),
      'mdt',
    );
    assert.equal(answerTextOf({ choices: 'nope' }), '');
  });
});
