import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../src/errors/api-error.js';
import { batchInputLines, type BatchInputLimits, checkBatchInput } from '../src/maas/batches/batch-input.js';

const readBatchInput = (text: string, limits: BatchInputLimits) => [...batchInputLines(text, limits)];

const line = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    custom_id: id,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'm', messages: [{ role: 'user', content: id }] },
    ...extra,
  });

/** The message of the ModelArts.81122 that reading `text` throws. */
function refusal(text: string, limits: BatchInputLimits = { maxLines: 10 }): string {
  try {
    readBatchInput(text, limits);
  } catch (error) {
    assert.ok(isApiError(error));
    assert.equal(error.code, 'ModelArts.81122');
    return error.message;
  }
  assert.fail('the input was taken');
}

describe('batch input (JSONL) as OpenAI reads it', () => {
  it('reads lines in order, skipping blank lines and a last line without a line break', () => {
    const lines = readBatchInput(`${line('a')}\n\n${line('b')}\r\n${line('c')}`, { maxLines: 3 });
    assert.deepEqual(
      lines.map((l) => [l.customId, l.url, (l.body.messages as { content: string }[])[0]!.content]),
      [
        ['a', '/v1/chat/completions', 'a'],
        ['b', '/v1/chat/completions', 'b'],
        ['c', '/v1/chat/completions', 'c'],
      ],
    );
  });

  it('names the first line at fault, counting blank lines', () => {
    const prefix = 'The batch input file is invalid: ';
    assert.equal(refusal(`${line('a')}\n\n${line('a')}`), `${prefix}line 3: duplicate custom_id a`);
    assert.equal(refusal('[1]'), `${prefix}line 1: not a JSON object`);
    assert.equal(refusal(line('', {})), `${prefix}line 1: custom_id must be a non-empty string`);
    assert.equal(refusal(line('x'.repeat(513))), `${prefix}line 1: custom_id is longer than 512 characters`);
    assert.equal(
      refusal(line('a', { url: '/v1/rerank' })),
      `${prefix}line 1: url must be one of /v1/chat/completions, /v1/completions, /v1/embeddings`,
    );
    assert.equal(refusal(line('a', { body: [] })), `${prefix}line 1: body must be a JSON object`);
    assert.equal(
      refusal(line('a'), { maxLines: 10, endpoint: '/v1/embeddings' }),
      `${prefix}line 1: url must be /v1/embeddings, as the batch's endpoint`,
    );
    assert.equal(refusal(`${line('a')}\n${line('b')}`, { maxLines: 1 }), `${prefix}a batch holds at most 1 requests`);
  });

  it('drops __proto__ keys rather than reaching prototypes', () => {
    const [read] = readBatchInput(
      '{"custom_id":"a","method":"POST","url":"/v1/embeddings","body":{"model":"m","__proto__":{"x":1}}}',
      { maxLines: 1 },
    );
    assert.equal(({} as { x?: number }).x, undefined);
    assert.deepEqual(Object.keys(read!.body), ['model']);
  });

  it('checks an upload as it reads a batch, counting its requests without keeping them', () => {
    assert.equal(checkBatchInput(`${line('a')}\n\n${line('b')}\r\n${line('c')}\n`, { maxLines: 3 }), 3);
    for (const text of [`${line('a')}\n${line('a')}`, '[1]', '', '\n \n', `${line('a')}\n${line('b')}`]) {
      let readRefusal = '';
      try {
        readBatchInput(text, { maxLines: 1 });
      } catch (error) {
        readRefusal = (error as Error).message;
      }
      assert.throws(
        () => checkBatchInput(text, { maxLines: 1 }),
        (error: unknown) => isApiError(error) && error.code === 'ModelArts.81122' && error.message === readRefusal,
      );
      assert.notEqual(readRefusal, '');
    }
  });
});
