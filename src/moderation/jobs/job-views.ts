import type { QueuedJob } from '../../queue/job-queue.js';
import type { ModerationJobsTable } from '../../storage/schema.js';
import type { ApiJobStatus } from '../api-contract.js';
import type { JobRequest } from './job-request.js';
import type { JobType } from './job-store.js';

const streamTypes = new Set<ModerationJobsTable['type']>(['video_stream', 'audio_stream']);

/**
 * The status a client sees: a job waiting for a worker is already `running`; a stopped live stream ended as it
 * should (`succeeded`, with what it found); a file job cancelled with this platform's cancel extension `failed`.
 */
function apiStatus(row: Pick<ModerationJobsTable, 'status' | 'type'>): ApiJobStatus {
  switch (row.status) {
    case 'queuing':
    case 'running':
      return 'running';
    case 'cancelled':
      return streamTypes.has(row.type) ? 'succeeded' : 'failed';
    default:
      return row.status;
  }
}

/** `request_params`: the echo of the create call each API documents (never the seed). */
export function requestParams(type: JobType, request: JobRequest): Record<string, unknown> {
  const callback = request.callback ? { callback: request.callback } : {};
  const eventType = request.event_type ? { event_type: request.event_type } : {};
  const frames = request.data.frame_interval !== undefined ? { frame_interval: request.data.frame_interval } : {};
  switch (type) {
    case 'audio':
    case 'audio_stream':
      return { ...eventType, data: { url: request.data.url }, ...callback, categories: request.categories ?? [] };
    case 'video':
    case 'video_stream':
      return {
        data: { url: request.data.url, ...frames },
        ...eventType,
        image_categories: request.image_categories ?? [],
        ...(request.audio_categories ? { audio_categories: request.audio_categories } : {}),
        ...callback,
      };
    case 'document':
      return {
        data: { url: request.data.url, format: request.data.format, ...frames },
        ...eventType,
        ...(request.image_categories ? { image_categories: request.image_categories } : {}),
        ...(request.text_categories ? { text_categories: request.text_categories } : {}),
        ...(request.video_image_categories ? { video_image_categories: request.video_image_categories } : {}),
        ...(request.audio_categories ? { audio_categories: request.audio_categories } : {}),
        ...callback,
      };
  }
}

/** What a live stream has found when it stops before anything was saved. */
function emptyResult(type: ModerationJobsTable['type']): unknown {
  return type === 'audio_stream'
    ? { suggestion: 'pass', details: [] }
    : { suggestion: 'pass', image_detail: [], audio_detail: [] };
}

function iso(time: number): string {
  return new Date(Number(time)).toISOString();
}

/**
 * The view's leading fields, from what a worker holds of its job as well as from a row: a callback sent while the
 * job runs carries them as the job was when its worker took it.
 */
export function leadingView(
  job: Pick<QueuedJob, 'requestId' | 'id' | 'type' | 'createdAt' | 'updatedAt'> & { request: JobRequest },
  status: ApiJobStatus,
): Record<string, unknown> {
  return {
    request_id: job.requestId,
    job_id: job.id,
    status,
    create_time: iso(job.createdAt),
    update_time: iso(job.updatedAt),
    request_params: requestParams(job.type as JobType, job.request),
  };
}

/**
 * A job as the query API answers it, and as its callback body carries it: `request_id`, `job_id`, `status`,
 * `create_time`, `update_time`, `request_params`, and `result` once succeeded. A failed job adds the catalogue's
 * `error_code` and `error_msg` (an extension the SDKs ignore).
 */
export function toQueryView(row: ModerationJobsTable): Record<string, unknown> {
  const status = apiStatus(row);
  const request = JSON.parse(row.request) as JobRequest;
  const result = row.result ? JSON.parse(row.result) : streamTypes.has(row.type) ? emptyResult(row.type) : undefined;
  return {
    ...leadingView(
      {
        requestId: row.request_id ?? '',
        id: row.id,
        type: row.type,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        request,
      },
      status,
    ),
    ...(status === 'succeeded' && result !== undefined ? { result } : {}),
    ...(status === 'failed' && row.error_code ? { error_code: row.error_code, error_msg: row.error_msg ?? '' } : {}),
  };
}

/** A job in this platform's list extension: the query view and the internal status it is in. */
export function toListedView(row: ModerationJobsTable): Record<string, unknown> {
  return {
    ...toQueryView(row),
    state: row.status,
    ...(row.callback_status ? { callback_status: row.callback_status } : {}),
  };
}
