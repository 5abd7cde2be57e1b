import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../src/errors/api-error.js';
import { catalogue } from '../src/errors/catalogue.js';
import { errorBody, type Family, familyError, familyOfPath, familyTable, isFaultCode } from '../src/errors/families.js';

describe('unit: the family-by-failure table', () => {
  it('picks the family of a path, unknown paths included', () => {
    const cases: [string, Family][] = [
      ['/v3/p1/moderation/text', 'AIS'],
      ['/v3/p1/moderation', 'AIS'],
      ['/v1/chat/completions', 'MaaSInference'],
      ['/v1/chat/completions?x=1', 'MaaSInference'],
      ['/v2/chat/completions', 'MaaSInference'],
      ['/openai/v1/embeddings', 'MaaSInference'],
      ['/v1/models/some-model', 'MaaSInference'],
      ['/v1/rerank', 'MaaSInference'],
      ['/openai/v1/rerank', 'APIG'],
      ['/v1/chat/completionsX', 'APIG'],
      ['/v1/infers/abc/v1/chat/completions', 'ModelArtsInfer'],
      ['/v1/p1/services', 'ModelArts'],
      ['/v2/p1/maas/api-auth/api-keys', 'ModelArts'],
      ['/v3/auth/tokens', 'IAM'],
      ['/v3.0/OS-CREDENTIAL/credentials', 'IAM'],
      ['/metrics', 'APIG'],
      ['/', 'APIG'],
    ];
    for (const [path, family] of cases) assert.equal(familyOfPath(path), family, path);
  });

  it('answers every failure in every family with a catalogued code', () => {
    for (const [family, answers] of Object.entries(familyTable)) {
      for (const [failure, [code]] of Object.entries(answers)) {
        assert.ok(code in catalogue, `${family} ${failure}: ${code}`);
        assert.ok(familyError(family as Family, failure as never) instanceof ApiError);
      }
    }
  });

  it('answers the same failure in each family its own way', () => {
    const code = (family: Family, failure: Parameters<typeof familyError>[1]) => familyError(family, failure).code;
    assert.equal(code('MaaSInference', 'noToken'), 'ModelArts.81002');
    assert.equal(code('ModelArts', 'noToken'), 'ModelArts.4101');
    assert.equal(code('AIS', 'noToken'), 'APIG.0301');
    assert.equal(code('AIS', 'unknownRoute'), 'AIS.0005');
    assert.equal(code('IAM', 'badJson'), 'IAM.0005');
    assert.equal(code('ModelArtsInfer', 'bodyTooLarge'), 'ModelArts.4104');
    assert.equal(code('APIG', 'badContentLength'), 'ModelArts.4104');
  });

  it('fills the message from the detail only where the answer has no fixed wording', () => {
    assert.equal(familyError('APIG', 'noToken', 'ignored').message, familyError('APIG', 'noToken').message);
    assert.match(familyError('APIG', 'noToken').message, /decrypt token fail/);
    assert.equal(familyError('APIG', 'badRequest', 'no Host').message, 'The request is malformed: no Host');
    assert.equal(familyError('APIG', 'badJson', 'ignored').message, 'The request is malformed: the body is not JSON');
  });

  it('tells faults (logged, never shown) from the caller’s mistakes', () => {
    assert.equal(isFaultCode('AIS', 'AIS.0405'), true);
    assert.equal(isFaultCode('AIS', 'AIS.0003'), true);
    assert.equal(isFaultCode('AIS', 'AIS.0401'), false);
    assert.equal(isFaultCode('MaaSInference', 'ModelArts.0500'), true);
  });

  it('shapes errors of the OpenAI-compatible family for OpenAI SDKs too', () => {
    const error = new ApiError('ModelArts.81101', '10');
    const maas = errorBody('MaaSInference', error);
    assert.equal(maas.error_code, 'ModelArts.81101');
    assert.deepEqual(maas.error, { message: error.message, type: 'rate_limit_error', code: 'ModelArts.81101' });
    assert.equal(errorBody('ModelArts', error).error, undefined);
  });
});
