import type { TSchema } from '@sinclair/typebox';
import { assertMatches } from './response-schemas.js';

/**
 * The Content Moderation job APIs' answers and callback bodies, checked against the job routes' own response schemas
 * (src/moderation/jobs/response-schemas.ts, which the OpenAPI document shows), closed to keys they do not list.
 */
export {
  AudioJob,
  AudioStreamJob as AudioStreamCallback,
  DocumentJob,
  JobCreated,
  jobList,
  StreamStopped,
  VideoJob,
  VideoStreamJob as VideoStreamCallback,
} from '../../src/moderation/jobs/response-schemas.js';

/** Asserts that a response or callback body is exactly its schema: its keys, types and enumerations, at every depth. */
export function assertShape(value: unknown, schema: TSchema): void {
  assertMatches(value, schema);
}
