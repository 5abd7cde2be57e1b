import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, didYouMean } from '../src/ops/closest-name.js';

describe('closest name', () => {
  const settings = ['AISP_LOG_LEVEL', 'AISP_PORT', 'AISP_OPERATOR_KEY', 'AISP_OCR_WORKERS'];
  const fields = ['name', 'upstream_model', 'rpm_limit', 'tpm_limit', 'replicas', 'weight'];

  it('finds a slip (a letter left out, swapped or added), case aside', () => {
    assert.equal(closestName('AISP_LOG_LEVL', settings), 'AISP_LOG_LEVEL');
    assert.equal(closestName('AISP_OPERATORKEY', settings), 'AISP_OPERATOR_KEY');
    assert.equal(closestName('aisp_port', settings), 'AISP_PORT');
    assert.equal(closestName('weigth', fields), 'weight');
    assert.equal(closestName('replica', fields), 'replicas');
  });

  it('finds the name a short one begins or is a word of', () => {
    assert.equal(closestName('rpm', fields), 'rpm_limit');
    assert.equal(closestName('upstream', fields), 'upstream_model');
    assert.equal(closestName('Limit', ['rpmLimit']), 'rpmLimit');
  });

  it('suggests nothing when nothing is close', () => {
    assert.equal(closestName('AISP_ZZZ', settings), undefined);
    assert.equal(closestName('colour', fields), undefined);
    assert.equal(closestName('x', []), undefined);
    assert.equal(didYouMean('colour', fields), '');
    assert.equal(didYouMean('rpm', fields), '; did you mean rpm_limit?');
  });
});
