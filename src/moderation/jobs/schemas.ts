import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { formatOfParser } from '../../errors/schema-check.js';
import { parseHttpUrl } from '../../net/download.js';
import { eventTypes, requestCategories } from '../api-contract.js';
import type { JobType } from './job-store.js';

/**
 * The job APIs' request bodies (the cloud's v3), which are also their validators (create-requests.ts answers the
 * failures in the cloud's order). As the cloud reads them, null stands for an absent optional field, and '' too for
 * an optional string; the schemas state the values, the checks skip those.
 */
const list = (values: readonly string[], options: { description?: string; minItems?: number } = {}) =>
  Type.Array(Type.Union(values.map((v) => Type.Literal(v))), { maxItems: 20, ...options });
const required = (values: readonly string[]) => list(values, { description: 'Must not be empty', minItems: 1 });
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** Document formats the API documents; the worker reads pdf, docx, txt, csv and webpage, and refuses the rest. */
export const documentFormats = [
  'docx',
  'pdf',
  'doc',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'pps',
  'ppsx',
  'xltx',
  'xltm',
  'xlsb',
  'xlsm',
  'txt',
  'csv',
  'epub',
  'webpage',
] as const;

/** A callback URL: absolute http(s), without credentials; the downloader's parser is the one home of the rule. */
formatOfParser('callback-url', parseHttpUrl);

const callback = (description: string) => Type.String({ format: 'callback-url', description });
const common = {
  glossary_names: optional(Type.Array(Type.String(), { maxItems: 10 })),
  white_glossary_names: optional(Type.Array(Type.String(), { maxItems: 10 })),
  callback: optional(callback('http(s) URL that receives the query body as a JSON POST')),
  seed: optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', description: 'Signs callbacks: X-Auth-Signature' })),
};
const liveCallback = callback('Mandatory: results arrive only through the callback');
const url = Type.String({ description: 'http(s) URL, obs://bucket/key or s3://bucket/key' });
const streamUrl = Type.String({ description: 'rtmp://, rtmps://, http(s):// (HLS, HTTP-FLV)' });
const frameInterval = optional(Type.Integer({ minimum: 1, maximum: 60, default: 5 }));
const language = optional(oneOf(['zh', 'en']));
const bizType = optional(Type.String({ description: 'A biz_type policy; wins over event_type and categories' }));

export const createJobBody = {
  audio: Type.Object({
    data: Type.Object({ url, language }),
    event_type: optional(oneOf(eventTypes.audio)),
    categories: required(requestCategories.audio),
    biz_type: bizType,
    ...common,
  }),
  video: Type.Object({
    data: Type.Object({ url, frame_interval: frameInterval, language }),
    event_type: optional(oneOf(eventTypes.video)),
    image_categories: required(requestCategories.image),
    audio_categories: optional(
      list(requestCategories.audio, { description: 'Absent or empty: the sound track is not moderated' }),
    ),
    biz_type: bizType,
    ...common,
  }),
  document: Type.Object({
    data: Type.Object({ url, format: oneOf(documentFormats), frame_interval: frameInterval }),
    event_type: oneOf(eventTypes.document),
    text_categories: optional(list(requestCategories.documentText)),
    image_categories: optional(list(requestCategories.documentImage)),
    video_image_categories: optional(list(requestCategories.documentImage)),
    audio_categories: optional(list(requestCategories.audio)),
    ...common,
  }),
  video_stream: Type.Object({
    data: Type.Object({ url: streamUrl, frame_interval: frameInterval, language }),
    event_type: oneOf(eventTypes.videoStream),
    image_categories: required(requestCategories.image),
    audio_categories: optional(list(requestCategories.audio)),
    ...common,
    callback: liveCallback,
  }),
  audio_stream: Type.Object({
    data: Type.Object({ url: streamUrl, language, return_all_results: optional(Type.Boolean({ default: false })) }),
    event_type: oneOf(eventTypes.audio),
    categories: required(requestCategories.audio),
    ...common,
    callback: liveCallback,
  }),
} satisfies Record<JobType, TObject>;

export const ListQuery = Type.Object({
  status: Type.Optional(oneOf(['queuing', 'running', 'succeeded', 'failed', 'cancelled'])),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
