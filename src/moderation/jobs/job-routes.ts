import type { FastifyInstance } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { Permissions } from '../../identity/index.js';
import { outboundApiError, withOutboundCodes } from '../../errors/outbound-codes.js';
import { type AddressPolicy, checkHostNow } from '../../net/address-guard.js';
import { OutboundFailure } from '../../net/outbound-failure.js';
import { readUrl } from '../../net/url.js';
import type { ModerationAccess, ModerationService } from '../access.js';
import { admitModeration, jsonRoute } from '../admit.js';
import type { GlossaryStore } from '../glossaries.js';
import { librariesFor } from '../image-libraries/library-matching.js';
import type { ImageLibraryStore } from '../image-libraries/library-store.js';
import { policyOf, type PolicyStore } from '../policies.js';
import { validateSourceUrl } from '../sources/media-source.js';
import { createRequestParsers } from './create-requests.js';
import type { JobRunner } from './job-runner.js';
import type { JobStatus, JobStore, JobType } from './job-store.js';
import { toQueryView } from './job-views.js';
import { JobCreated, jobAnswer, jobList, StreamStopped } from './response-schemas.js';
import * as schemas from './schemas.js';

export interface JobRouteDeps {
  store: JobStore;
  runner: JobRunner;
  access: ModerationAccess;
  glossaries: GlossaryStore;
  imageLibraries: ImageLibraryStore;
  policies: PolicyStore;
  /**
   * Whether a speech recogniser is there (audio work is refused with AIS.0007 without it): asked per job, as the
   * operator model that recognises speech may be deployed or stopped while the server runs.
   */
  audioEnabled: () => Promise<boolean>;
  /** The address guard of downloads, applied to stream URLs at creation. */
  addresses: AddressPolicy;
  bodyLimitBytes: number;
}

interface Kind {
  path: string;
  type: JobType;
  service: ModerationService;
  /** A live stream: a callback is mandatory, one job per stream, and it is stopped at `jobs/stop/{job_id}`. */
  live: boolean;
}

const kinds: Kind[] = [
  { path: 'audio', type: 'audio', service: 'audio', live: false },
  { path: 'video', type: 'video', service: 'video', live: false },
  { path: 'document', type: 'document', service: 'document', live: false },
  { path: 'video-stream', type: 'video_stream', service: 'video_stream', live: true },
  { path: 'audio-stream', type: 'audio_stream', service: 'audio_stream', live: true },
];

/** The cloud API's stream protocols (HLS and HTTP-FLV are http(s)); RTSP is not one of them. */
const streamProtocols = ['rtmp:', 'rtmps:', 'http:', 'https:'];

/**
 * A live stream URL: a streaming protocol, no credentials, and a host whose addresses the guard allows now (a name
 * that does not resolve is AIS.0029). This is the early, clear answer (ModelArts.4601); the guarantee is the relay
 * ffmpeg reads through, which checks every connection when it is made (net/stream-relay.ts).
 */
async function validateStreamUrl(value: unknown, addresses: AddressPolicy): Promise<string> {
  if (value === undefined || value === null || value === '') throw new ApiError('AIS.0011');
  if (typeof value !== 'string') throw new ApiError('AIS.0022');
  const parsed = readUrl(value);
  const url = parsed.ok ? parsed.url : undefined;
  if (!url || !streamProtocols.includes(url.protocol) || !url.hostname || url.username || url.password) {
    throw outboundApiError('AIS', 'stream', new OutboundFailure('badUrl'));
  }
  try {
    await checkHostNow(url.hostname, addresses, { mustResolve: true });
  } catch (error) {
    throw withOutboundCodes('AIS', 'stream', error);
  }
  return url.toString();
}

const jobStatuses: JobStatus[] = ['queuing', 'running', 'succeeded', 'failed', 'cancelled'];

/**
 * The job operations as the cloud documents them: create (200 `{request_id, job_id}`), query, and for live streams
 * stop (200 `{result: "success"}`); plus this platform's extensions, listing your jobs and cancelling one.
 */
export function registerJobRoutes(app: FastifyInstance, deps: JobRouteDeps): void {
  const tags = ['Content Moderation jobs'];
  const jobOf = async (
    request: { params: unknown },
    caller: { principal: { userId: string } },
    projectId: string,
    type: JobType,
  ) => deps.store.getOwned(projectId, caller.principal.userId, type, (request.params as { job_id: string }).job_id);

  for (const kind of kinds) {
    const base = `/v3/:project_id/moderation/${kind.path}/jobs`;

    app.post(
      base,
      {
        config: jsonRoute(deps.bodyLimitBytes),
        schema: {
          tags,
          summary: `Create a ${kind.path} moderation job`,
          body: schemas.createJobBody[kind.type],
          response: { 200: JobCreated },
        },
      },
      async (request) => {
        const { caller, projectId, body } = admitModeration(request, Permissions.moderationJobCreate);
        await deps.access.admit(projectId, kind.service);
        const { request: stored, url } = await createRequestParsers[kind.type]({
          body,
          url: (value) =>
            kind.live ? validateStreamUrl(value, deps.addresses) : Promise.resolve(validateSourceUrl(value)),
          policy: policyOf(deps.policies, projectId, body),
        });
        const needsSpeech =
          kind.type === 'audio' || kind.type === 'audio_stream' || Boolean(stored.audio_categories?.length);
        if (needsSpeech && !(await deps.audioEnabled())) throw new ApiError('AIS.0007');
        // Unknown glossaries are refused now rather than failing the job later.
        await deps.glossaries.matchers(projectId, [
          ...(stored.glossary_names ?? []),
          ...(stored.white_glossary_names ?? []),
        ]);
        // And image libraries a policy names that the project does not have.
        if (stored.image_library_names)
          await librariesFor(deps.imageLibraries, projectId, [], stored.image_library_names);
        const job = await deps.store.create({
          type: kind.type,
          projectId,
          accountId: caller.principal.accountId,
          userId: caller.principal.userId,
          requestId: request.id,
          request: stored,
          ...(stored.callback ? { callbackUrl: stored.callback } : {}),
          ...(kind.live ? { streamKey: url } : {}),
        });
        deps.access.record(projectId, kind.service);
        deps.runner.wake();
        return { request_id: request.id, job_id: job.id };
      },
    );

    app.get(
      `${base}/:job_id`,
      { schema: { tags, summary: `Show a ${kind.path} job and its result`, response: { 200: jobAnswer[kind.type] } } },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobRead);
        return toQueryView(await jobOf(request, caller, projectId, kind.type));
      },
    );

    if (kind.live) {
      app.post(
        `${base}/stop/:job_id`,
        {
          schema: {
            tags,
            summary: `Stop a ${kind.path} job (its final result is called back)`,
            response: { 200: StreamStopped },
          },
        },
        async (request) => {
          const { caller, projectId } = admitModeration(request, Permissions.moderationJobCreate);
          await stopJob(deps, await jobOf(request, caller, projectId, kind.type));
          return { result: 'success' };
        },
      );
    }

    // ---- extensions: list your jobs, cancel one ----------------------------------------------------------------
    app.get(
      base,
      {
        schema: {
          tags: ['Content Moderation extensions'],
          summary: `List your ${kind.path} jobs`,
          querystring: schemas.ListQuery,
          response: { 200: jobList(kind.type) },
        },
      },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobRead);
        const query = request.query as Record<string, string | undefined>;
        const offset = query.offset === undefined ? 0 : Number(query.offset);
        const limit = query.limit === undefined ? 10 : Number(query.limit);
        if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100) {
          throw new ApiError('AIS.0401');
        }
        const status = query.status as JobStatus | undefined;
        if (status !== undefined && !jobStatuses.includes(status)) throw new ApiError('AIS.0401');
        return {
          request_id: request.id,
          ...(await deps.store.list(projectId, caller.principal.userId, kind.type, status, offset, limit)),
        };
      },
    );

    app.post(
      `${base}/:job_id/cancel`,
      {
        schema: {
          tags: ['Content Moderation extensions'],
          summary: `Cancel a ${kind.path} job`,
          response: { 200: jobAnswer[kind.type] },
        },
      },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobCreate);
        const job = await jobOf(request, caller, projectId, kind.type);
        return toQueryView(await stopJob(deps, job));
      },
    );
  }
}

/**
 * Ends a job that has not ended: a queued one at once (its callback sent here, since no worker has it), a running
 * one through its worker (here, or on the instance that has it when its lease renewal finds it ended).
 */
async function stopJob(deps: JobRouteDeps, job: Awaited<ReturnType<JobStore['getOwned']>>) {
  const stopped = await deps.store.cancel(job.id);
  if (job.status === 'queuing' && stopped.status === 'cancelled') deps.runner.deliverFinished(job.id);
  deps.runner.cancelLocal(job.id);
  return stopped;
}
