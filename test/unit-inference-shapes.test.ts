import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { familyOfPath } from '../src/errors/families.js';
import { type InferenceEndpoint, inferenceEndpoints, modelListPaths } from '../src/maas/inference/endpoints.js';

const endpoint = (kind: string): InferenceEndpoint => inferenceEndpoints.find((e) => e.kind === kind)!;
const refusal = (kind: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  try {
    endpoint(kind).check(body, headers);
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return `${code} ${message}`;
  }
  return 'passed';
};
const invalid = 'ModelArts.81001 Invalid request body.';
const user = [{ role: 'user', content: 'hi' }];

describe('unit: inference endpoint descriptors', () => {
  it('give every path to one endpoint, in the family the 404 fallback would choose', () => {
    const paths = inferenceEndpoints.flatMap((e) => e.paths);
    assert.equal(new Set(paths).size, paths.length, 'a path in two endpoints');
    for (const e of inferenceEndpoints) {
      for (const path of e.paths) assert.equal(familyOfPath(path), e.family, path);
      assert.match(e.upstreamPath, /^\/[a-z/]+$/);
    }
    for (const path of modelListPaths) {
      assert.equal(familyOfPath(path), 'MaaSInference', path);
      assert.equal(familyOfPath(`${path}/some-model`), 'MaaSInference', path);
    }
  });

  it('stream only where the check lets a stream through', () => {
    for (const e of inferenceEndpoints) {
      const body = { model: 'm', messages: user, prompt: 'p', input: 'i', query: 'q', documents: ['d'], stream: true };
      assert.equal(refusal(e.kind, body) === 'passed', e.streams, e.kind);
    }
  });

  it('extract the text the model reads, for tokens and the guard', () => {
    assert.equal(
      endpoint('chat').promptText({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, 'b'] }] }),
      'a\nb',
    );
    assert.equal(endpoint('completion').promptText({ prompt: ['x', 'y'] }), 'x\ny');
    assert.equal(endpoint('embedding').promptText({ input: 'e' }), 'e');
    assert.equal(endpoint('rerank').promptText({ query: 'q', documents: ['d'] }), '');
  });
});

describe('unit: request shapes (ModelArts.81001 wordings)', () => {
  it('needs a model, named by a string of at most 256 characters', () => {
    assert.equal(refusal('chat', { messages: user }), 'ModelArts.81001 Failed to format request body, model is empty.');
    assert.equal(
      refusal('chat', { model: '', messages: user }),
      'ModelArts.81001 Failed to format request body, model is empty.',
    );
    assert.equal(refusal('chat', { model: 5, messages: user }), invalid);
    assert.equal(refusal('chat', { model: 'm'.repeat(257), messages: user }), invalid);
    assert.equal(refusal('chat', { model: 'm', messages: user }), 'passed');
  });

  it('checks chat messages and their roles', () => {
    assert.match(refusal('chat', { model: 'm', messages: [] }), /messages is empty/);
    assert.equal(refusal('chat', { model: 'm', messages: 'hi' }), invalid);
    assert.equal(refusal('chat', { model: 'm', messages: ['hi'] }), invalid);
    assert.match(refusal('chat', { model: 'm', messages: [{ content: 'x' }] }), /messages\[0\]\.role is empty/);
    assert.equal(
      refusal('chat', { model: 'm', messages: [{ role: 'robot', content: 'x' }] }),
      'ModelArts.81001 Failed to format request body, messages[0].role is robot, not one of system, user, assistant, tool, function, developer.',
    );
    assert.equal(refusal('chat', { model: 'm', messages: [{ role: 'user', content: 5 }] }), invalid);
  });

  it('checks each endpoint its own required fields', () => {
    assert.match(refusal('completion', { model: 'm' }), /prompt is empty/);
    assert.equal(refusal('completion', { model: 'm', prompt: 5 }), invalid);
    assert.match(refusal('embedding', { model: 'm', input: '' }), /input is empty/);
    assert.equal(refusal('embedding', { model: 'm', input: 5 }), invalid);
    assert.match(refusal('rerank', { model: 'm', documents: ['d'] }), /query is empty/);
    assert.match(refusal('rerank', { model: 'm', query: 'q', documents: [] }), /documents is empty/);
  });

  it('judges the optional OpenAI fields by type, after the required ones', () => {
    const base = { model: 'm', messages: user };
    assert.equal(refusal('chat', { ...base, max_tokens: -1 }), invalid);
    assert.equal(refusal('chat', { ...base, n: 0 }), invalid);
    assert.equal(refusal('chat', { ...base, temperature: '1' }), invalid);
    assert.equal(refusal('chat', { ...base, stop: null, top_k: -1, stream: false }), 'passed');
    assert.equal(refusal('chat', { ...base, unknown_field: { any: 'thing' } }), 'passed');
    // The required field's wording comes first, whatever else is wrong.
    assert.match(refusal('chat', { model: 'm', temperature: 'x' }), /messages is empty/);
  });

  it('limits x-span-id to 64 characters', () => {
    assert.equal(
      refusal('chat', { model: 'm', messages: user }, { 'x-span-id': 's'.repeat(65) }),
      'ModelArts.81001 Invalid request header x-span-id, max length is 64.',
    );
    assert.equal(refusal('chat', { model: 'm', messages: user }, { 'x-span-id': 's'.repeat(64) }), 'passed');
  });
});
