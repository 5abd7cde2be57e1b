import { lookup } from 'node:dns/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { Permissions } from '../../identity/index.js';
import { type AddressPolicy, isAllowedAddress } from '../../net/address-guard.js';
import { parseHttpUrl } from '../../net/download.js';
import type { ModerationAccess, ModerationService } from '../access.js';
import type { GlossaryStore } from '../glossaries.js';
import { admitModeration } from '../admit.js';
import { textCategories } from '../text/builtin-lexicon.js';
import { validateSourceUrl } from '../sources/media-source.js';
import type { JobRunner } from './job-runner.js';
import { type JobStatus, type JobStore, type JobType, toJobView } from './job-store.js';

export interface JobRouteDeps {
  store: JobStore;
  runner: JobRunner;
  access: ModerationAccess;
  glossaries: GlossaryStore;
  audioEnabled: boolean;
  /** The address guard of downloads, applied to stream URLs at creation. */
  addresses: AddressPolicy;
  bodyLimitBytes: number;
}

interface Kind {
  path: string;
  type: JobType;
  service: ModerationService;
  events: string[];
  text: boolean;
  frames: boolean;
}

const kinds: Kind[] = [
  {
    path: 'audio',
    type: 'audio',
    service: 'audio',
    events: ['default', 'audiobook', 'chat', 'live', 'game'],
    text: true,
    frames: false,
  },
  {
    path: 'video',
    type: 'video',
    service: 'video',
    events: ['default', 'short_video', 'live', 'movie'],
    text: true,
    frames: true,
  },
  {
    path: 'document',
    type: 'document',
    service: 'document',
    events: ['default', 'article', 'comment', 'contract'],
    text: true,
    frames: false,
  },
  {
    path: 'video-stream',
    type: 'video_stream',
    service: 'video_stream',
    events: ['default', 'live'],
    text: false,
    frames: true,
  },
];

function optionalList(value: unknown, allowed?: readonly string[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string') || value.length > 20)
    throw new ApiError('AIS.0401');
  if (allowed && !value.every((v) => allowed.includes(v))) throw new ApiError('AIS.0012');
  return value as string[];
}

/** The cloud API's stream protocols (HLS and HTTP-FLV are http(s)); RTSP is not one of them. */
const streamProtocols = ['rtmp:', 'rtmps:', 'http:', 'https:'];

/**
 * A live stream URL: a streaming protocol, no credentials, and a host whose addresses the guard allows now. This is
 * the early, clear answer (ModelArts.4601); the guarantee is the relay ffmpeg reads through, which checks every
 * connection when it is made (net/media-proxy.ts).
 */
async function validateStreamUrl(value: unknown, addresses: AddressPolicy): Promise<string> {
  if (value === undefined || value === null || value === '') throw new ApiError('AIS.0011');
  if (typeof value !== 'string') throw new ApiError('AIS.0022');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError('AIS.0022');
  }
  if (!streamProtocols.includes(url.protocol) || !url.hostname || url.username || url.password)
    throw new ApiError('AIS.0022');
  if (!addresses.allowPrivate) {
    const resolved = await lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true }).catch(() => {
      throw new ApiError('AIS.0029');
    });
    if (resolved.some((a) => !isAllowedAddress(a.address, addresses))) throw new ApiError('ModelArts.4601');
  }
  return url.toString();
}

function callbackFrom(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError('AIS.0022');
  try {
    return parseHttpUrl(value).toString();
  } catch {
    throw new ApiError('AIS.0022');
  }
}

export function registerJobRoutes(app: FastifyInstance, deps: JobRouteDeps): void {
  const tags = ['Content Moderation jobs'];
  for (const kind of kinds) {
    const base = `/v3/:project_id/moderation/${kind.path}/jobs`;

    app.post(
      base,
      {
        config: { json: true, requireContentType: true, serviceBodyLimit: deps.bodyLimitBytes },
        schema: { tags, summary: `Create a ${kind.path} moderation job`, body: JobRequestSchema(kind) },
      },
      async (request, reply) => {
        const { caller, projectId, body } = admitModeration(request, Permissions.moderationJobCreate);
        await deps.access.admit(projectId, kind.service);
        if (kind.type === 'audio' && !deps.audioEnabled) throw new ApiError('AIS.0007');
        const event = body.event_type ?? 'default';
        if (typeof event !== 'string') throw new ApiError('AIS.0401');
        if (!kind.events.includes(event)) throw new ApiError('AIS.0005');
        const data = body.data;
        if (data === undefined || data === null) throw new ApiError('AIS.0011');
        if (typeof data !== 'object' || Array.isArray(data)) throw new ApiError('AIS.0401');
        const d = data as Record<string, unknown>;
        const url =
          kind.type === 'video_stream' ? await validateStreamUrl(d.url, deps.addresses) : validateSourceUrl(d.url);
        const frameInterval = d.frame_interval;
        if (
          frameInterval !== undefined &&
          (!kind.frames ||
            typeof frameInterval !== 'number' ||
            !Number.isInteger(frameInterval) ||
            frameInterval < 1 ||
            frameInterval > 60)
        ) {
          throw new ApiError('AIS.0401');
        }
        if (d.audio !== undefined && typeof d.audio !== 'boolean') throw new ApiError('AIS.0401');
        const categories = kind.text
          ? optionalList(body.categories, textCategories)
          : optionalList(body.categories, ['porn']);
        const glossaryNames = optionalList(body.glossary_names);
        const whiteNames = optionalList(body.white_glossary_names);
        if (!kind.text && (glossaryNames || whiteNames)) throw new ApiError('AIS.0012');
        await deps.glossaries.matchers(projectId, [...(glossaryNames ?? []), ...(whiteNames ?? [])]);
        const callbackUrl = callbackFrom(body.callback);
        const job = await deps.store.create({
          type: kind.type,
          projectId,
          accountId: caller.principal.accountId,
          userId: caller.principal.userId,
          request: {
            event_type: event,
            data: {
              url,
              ...(frameInterval !== undefined ? { frame_interval: frameInterval } : {}),
              ...(d.audio !== undefined ? { audio: d.audio } : {}),
            },
            ...(categories ? { categories } : {}),
            ...(glossaryNames ? { glossary_names: glossaryNames } : {}),
            ...(whiteNames ? { white_glossary_names: whiteNames } : {}),
            ...(callbackUrl ? { callback: callbackUrl } : {}),
          },
          ...(callbackUrl ? { callbackUrl } : {}),
          ...(kind.type === 'video_stream' ? { streamKey: url } : {}),
        });
        deps.access.record(projectId, kind.service);
        deps.runner.wake();
        return reply.status(201).send({ request_id: request.id, job_id: job.id, status: job.status });
      },
    );

    app.get(
      base,
      { schema: { tags, summary: `List your ${kind.path} jobs`, querystring: ListQuery } },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobRead);
        const query = request.query as Record<string, string | undefined>;
        const offset = query.offset === undefined ? 0 : Number(query.offset);
        const limit = query.limit === undefined ? 10 : Number(query.limit);
        if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1 || limit > 100)
          throw new ApiError('AIS.0401');
        const status = query.status as JobStatus | undefined;
        if (status !== undefined && !['queuing', 'running', 'succeeded', 'failed', 'cancelled'].includes(status))
          throw new ApiError('AIS.0401');
        return {
          request_id: request.id,
          ...(await deps.store.list(projectId, caller.principal.userId, kind.type, status, offset, limit)),
        };
      },
    );

    app.get(
      `${base}/:job_id`,
      { schema: { tags, summary: `Show a ${kind.path} job and its result` } },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobRead);
        const job = await deps.store.getOwned(
          projectId,
          caller.principal.userId,
          kind.type,
          (request.params as { job_id: string }).job_id,
        );
        return { request_id: request.id, ...toJobView(job) };
      },
    );

    app.post(
      `${base}/:job_id/cancel`,
      { schema: { tags, summary: `Cancel (or stop) a ${kind.path} job` } },
      async (request) => {
        const { caller, projectId } = admitModeration(request, Permissions.moderationJobCreate);
        const job = await deps.store.getOwned(
          projectId,
          caller.principal.userId,
          kind.type,
          (request.params as { job_id: string }).job_id,
        );
        const cancelled = await deps.store.cancel(job.id);
        // A running job's worker sends its callback when it stops; a queued one has no worker, so it is sent here.
        if (job.status === 'queuing' && cancelled.status === 'cancelled') void deps.runner.deliverFinished(job.id);
        deps.runner.cancelLocal(job.id);
        return { request_id: request.id, ...toJobView(cancelled) };
      },
    );
  }
}

const ListQuery = Type.Object({
  status: Type.Optional(
    Type.Union(['queuing', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => Type.Literal(s))),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

function JobRequestSchema(kind: Kind) {
  return Type.Object({
    event_type: Type.Optional(Type.Union(kind.events.map((e) => Type.Literal(e)))),
    data: Type.Object({
      url: Type.String({
        description:
          kind.type === 'video_stream'
            ? 'rtmp://, rtmps://, http(s):// (HLS, HTTP-FLV)'
            : 'http(s) URL, obs://bucket/key or s3://bucket/key',
      }),
      ...(kind.frames
        ? {
            frame_interval: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 60, default: 5, description: 'Seconds between checked frames' }),
            ),
          }
        : {}),
      ...(kind.type === 'video'
        ? {
            audio: Type.Optional(
              Type.Boolean({ default: true, description: 'Also moderate the sound track (needs AISP_ASR_URL)' }),
            ),
          }
        : {}),
    }),
    categories: Type.Optional(Type.Array(Type.String())),
    ...(kind.text
      ? {
          glossary_names: Type.Optional(Type.Array(Type.String())),
          white_glossary_names: Type.Optional(Type.Array(Type.String())),
        }
      : {}),
    callback: Type.Optional(
      Type.String({
        description: 'http(s) URL that receives the result as a JSON POST (and, for streams, each finding)',
      }),
    ),
  });
}
