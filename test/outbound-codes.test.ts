import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors as undiciErrors } from 'undici';
import { outboundApiError, withOutboundCodes } from '../src/errors/outbound-codes.js';
import { outboundFailureOf, TooLargeError } from '../src/net/outbound.js';
import { OutboundFailure, type OutboundReason } from '../src/net/outbound-failure.js';

const answer = (error: unknown) => {
  const { error_code, error_msg } = (error as { toBody(): { error_code: string; error_msg: string } }).toBody();
  return `${error_code} ${error_msg}`;
};

// What each place answered before the failures were typed, reason by reason (issue 23: the answers stay the same).
describe('outbound failures at the edge', () => {
  it('answers downloads, object stores, streams and ffmpeg as moderation always did', () => {
    const expected: Record<
      'download' | 'objectStore' | 'stream' | 'mediaFile',
      Partial<Record<OutboundReason, string>>
    > = {
      download: {
        badUrl: 'AIS.0022',
        badRedirect: 'AIS.0029',
        refused: 'ModelArts.4601',
        timeout: 'ModelArts.4603',
        tooLarge: 'ModelArts.4603',
        httpError: 'AIS.0029',
        unreachable: 'AIS.0029',
        empty: 'AIS.0029',
      },
      objectStore: {
        badUrl: 'ModelArts.4703',
        noAccess: 'ModelArts.4702',
        notFound: 'ModelArts.4706',
        denied: 'AIS.0024',
        refused: 'ModelArts.4601',
        tooLarge: 'AIS.0023',
        empty: 'AIS.0025',
        unreachable: 'ModelArts.4704',
        timeout: 'ModelArts.4704',
      },
      stream: { badUrl: 'AIS.0022', unresolved: 'AIS.0029', refused: 'ModelArts.4601', unreachable: 'AIS.0029' },
      mediaFile: { unsupported: 'AIS.0021', timeout: 'AIS.0023' },
    };
    for (const [source, reasons] of Object.entries(expected)) {
      for (const [reason, code] of Object.entries(reasons)) {
        const error = outboundApiError(
          'AIS',
          source as keyof typeof expected,
          new OutboundFailure(reason as OutboundReason),
        );
        assert.equal(error.code, code, `${source} ${reason}`);
      }
    }
  });

  it('answers model servers with the ModelArts codes and their parameters', () => {
    const upstream = (error: unknown) => answer(outboundApiError('ModelArts', 'upstream', outboundFailureOf(error)));
    assert.equal(
      upstream(new TooLargeError(1024)),
      'ModelArts.5003 The model service answered with an error: the answer is larger than 1024 bytes',
    );
    assert.equal(upstream(new OutboundFailure('refused', '10.0.0.1')), 'ModelArts.4601 The external URL is invalid.');
    assert.equal(
      upstream(new undiciErrors.HeadersTimeoutError()),
      'ModelArts.5004 The model service did not answer in time.',
    );
    const refusedConnection = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.equal(upstream(refusedConnection), 'ModelArts.5002 The model service is unavailable: ECONNREFUSED');
    assert.equal(upstream(new Error('no code')), 'ModelArts.5002 The model service is unavailable: unreachable');
  });

  it('passes on anything that is not an outbound failure', () => {
    const other = new Error('a bug');
    assert.equal(withOutboundCodes('AIS', 'download', other), other);
  });
});
