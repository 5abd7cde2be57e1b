import type { Static, TObject } from '@sinclair/typebox';
import { aisAnswer } from '../errors/schema-answers.js';
import { compileBodyCheck } from '../errors/schema-check.js';
import type { Policy } from './policies.js';
import * as schemas from './schemas.js';
import { eventTypes } from './api-contract.js';

/**
 * The compiled checks of the synchronous operations' route schemas. They run inside the handlers, not in a hook:
 * the cloud checks the permission, the subscription and free calls, and a `biz_type` policy before any field, and
 * the image itself only after the glossaries the fields name.
 */
const answer = aisAnswer({ enumCodes: { '/event_type': 'AIS.0005' }, typeCodes: { '/url': 'AIS.0022' } });

/** A schema's check with and without a `biz_type` policy (see `schemas.withPolicy`), compiled once. */
function byPolicy<T extends TObject>(schema: T, eventTypeValues: readonly string[]) {
  const plain = compileBodyCheck(schema, answer);
  const policy = compileBodyCheck(schemas.withPolicy(schema, eventTypeValues), answer);
  // With a policy the categories are not read, so the one static type serves both.
  return (body: unknown, withPolicy: Policy | undefined): Static<T> =>
    withPolicy ? (policy(body) as Static<T>) : plain(body);
}

export const checkTextRequest = byPolicy(schemas.TextRequest, eventTypes.text);
export const checkImageFields = byPolicy(schemas.ImageFields, eventTypes.image);
export const checkImageSource = compileBodyCheck(schemas.ImageSource, answer);
export const checkBatchUrls = compileBodyCheck(schemas.BatchUrls, answer);
