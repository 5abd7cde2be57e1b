import { isOutboundFailure, type OutboundFailure, type OutboundReason } from '../net/outbound-failure.js';
import { ApiError } from './api-error.js';
import type { ErrorCode } from './catalogue.js';

/**
 * What each API family answers for a failure to get something from outside (net/outbound-failure.ts), as one table
 * beside the gateway's (families.ts), the way MinIO's `toAPIErrorCode` maps its typed errors to S3 codes. The code
 * depends on what was being read as well as on the reason: an empty download is AIS.0029 but an empty object
 * AIS.0025, a download over its cap ModelArts.4603 but an object over it AIS.0023. No other code maps these reasons.
 */
type Answer = ErrorCode | ((failure: OutboundFailure) => ApiError);

/** A code per reason, and `otherwise` for the reasons that source does not name (every row is total). */
type Row = Partial<Record<OutboundReason, Answer>> & { otherwise: Answer };

const unavailable = (failure: OutboundFailure) => new ApiError('ModelArts.5002', failure.detail ?? 'unreachable');

export const outboundFailureCodes = {
  AIS: {
    /** An http(s) URL downloaded (images, job files, a webpage's images). */
    download: {
      badUrl: 'AIS.0022',
      badRedirect: 'AIS.0029',
      refused: 'ModelArts.4601',
      timeout: 'ModelArts.4603',
      tooLarge: 'ModelArts.4603',
      httpError: 'AIS.0029',
      unreachable: 'AIS.0029',
      empty: 'AIS.0029',
      otherwise: 'AIS.0029',
    },
    /** An object read from the operator's store or the project's own (obs://, s3://, bucket URLs). */
    objectStore: {
      badUrl: 'ModelArts.4703',
      noAccess: 'ModelArts.4702',
      notFound: 'ModelArts.4706',
      denied: 'AIS.0024',
      refused: 'ModelArts.4601',
      tooLarge: 'AIS.0023',
      empty: 'AIS.0025',
      otherwise: 'ModelArts.4704',
    },
    /** A live stream: its URL checked at creation, then read by ffmpeg through the relay. */
    stream: {
      badUrl: 'AIS.0022',
      unresolved: 'AIS.0029',
      refused: 'ModelArts.4601',
      unreachable: 'AIS.0029',
      otherwise: 'AIS.0029',
    },
    /** A downloaded audio or video file read by ffmpeg. */
    mediaFile: {
      unsupported: 'AIS.0021',
      // ffmpeg's wall-clock cap on one file, answered as the other caps on a job's file are.
      timeout: 'AIS.0023',
      otherwise: 'AIS.0021',
    },
  },
  ModelArts: {
    /** A model server called for inference (MaaS and a tenant's real-time services). */
    upstream: {
      refused: 'ModelArts.4601',
      timeout: 'ModelArts.5004',
      tooLarge: (failure) => new ApiError('ModelArts.5003', `the answer is ${failure.detail}`),
      unreachable: unavailable,
      otherwise: unavailable,
    },
    /** A MaaS batch's input read from the project's object storage (`input_url`), capped at the batch input size. */
    batchInput: {
      badUrl: 'ModelArts.4703',
      noAccess: 'ModelArts.4702',
      notFound: 'ModelArts.4706',
      tooLarge: 'ModelArts.4705',
      refused: 'ModelArts.4601',
      otherwise: 'ModelArts.4704',
    },
  },
} satisfies Record<'AIS' | 'ModelArts', Record<string, Row>>;

type Table = typeof outboundFailureCodes;

/** The failure as the family answers it for that source. */
export function outboundApiError<F extends keyof Table>(
  family: F,
  source: keyof Table[F],
  failure: OutboundFailure,
): ApiError {
  const row = outboundFailureCodes[family][source] as Row;
  const answer = row[failure.reason] ?? row.otherwise;
  return typeof answer === 'function' ? answer(failure) : new ApiError(answer);
}

/** `error` as outboundApiError answers it when it is an OutboundFailure; any other error as it is. */
export function withOutboundCodes<F extends keyof Table>(family: F, source: keyof Table[F], error: unknown): unknown {
  return isOutboundFailure(error) ? outboundApiError(family, source, error) : error;
}
