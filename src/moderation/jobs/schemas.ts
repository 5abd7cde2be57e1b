import { type TSchema, Type } from '@sinclair/typebox';
import { eventTypes, requestCategories } from '../api-contract.js';
import type { JobType } from './job-store.js';
import { documentFormats } from './create-requests.js';

/** OpenAPI shapes of the job APIs (the cloud's v3 request bodies); checks run in code (create-requests.ts). */
const list = (values: readonly string[], description?: string) =>
  Type.Array(Type.Union(values.map((v) => Type.Literal(v))), description ? { description } : {});
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

const common = {
  callback: optional(Type.String({ description: 'http(s) URL that receives the query body as a JSON POST' })),
  seed: optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', description: 'Signs callbacks: X-Auth-Signature' })),
};
const glossaries = {
  glossary_names: optional(Type.Array(Type.String())),
  white_glossary_names: optional(Type.Array(Type.String())),
};
const url = Type.String({ description: 'http(s) URL, obs://bucket/key or s3://bucket/key' });
const streamUrl = Type.String({ description: 'rtmp://, rtmps://, http(s):// (HLS, HTTP-FLV)' });
const frameInterval = optional(Type.Integer({ minimum: 1, maximum: 60, default: 5 }));
const language = optional(Type.String({ description: 'zh (or en)' }));
const bizType = optional(Type.String({ description: 'A biz_type policy; wins over event_type and categories' }));

export const createJobBody: Record<JobType, TSchema> = {
  audio: Type.Object({
    data: Type.Object({ url, language }),
    event_type: optional(oneOf(eventTypes.audio)),
    categories: list(requestCategories.audio, 'Must not be empty'),
    biz_type: bizType,
    ...glossaries,
    ...common,
  }),
  video: Type.Object({
    data: Type.Object({ url, frame_interval: frameInterval, language }),
    event_type: optional(oneOf(eventTypes.video)),
    image_categories: list(requestCategories.image, 'Must not be empty'),
    audio_categories: optional(list(requestCategories.audio, 'Absent or empty: the sound track is not moderated')),
    biz_type: bizType,
    ...glossaries,
    ...common,
  }),
  document: Type.Object({
    data: Type.Object({ url, format: oneOf(documentFormats), frame_interval: frameInterval }),
    event_type: oneOf(eventTypes.document),
    text_categories: optional(list(requestCategories.documentText)),
    image_categories: optional(list(requestCategories.documentImage)),
    video_image_categories: optional(list(requestCategories.documentImage)),
    audio_categories: optional(list(requestCategories.audio)),
    ...glossaries,
    ...common,
  }),
  video_stream: Type.Object({
    data: Type.Object({ url: streamUrl, frame_interval: frameInterval }),
    event_type: oneOf(eventTypes.videoStream),
    image_categories: list(requestCategories.image, 'Must not be empty'),
    audio_categories: optional(list(requestCategories.audio)),
    ...common,
    callback: Type.String({ description: 'Mandatory: results arrive only through the callback' }),
  }),
  audio_stream: Type.Object({
    data: Type.Object({ url: streamUrl, language, return_all_results: optional(Type.Boolean({ default: false })) }),
    event_type: oneOf(eventTypes.audio),
    categories: list(requestCategories.audio, 'Must not be empty'),
    ...common,
    callback: Type.String({ description: 'Mandatory: results arrive only through the callback' }),
  }),
};

export const ListQuery = Type.Object({
  status: Type.Optional(oneOf(['queuing', 'running', 'succeeded', 'failed', 'cancelled'])),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
