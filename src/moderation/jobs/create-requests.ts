import { type TObject, Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import type { ErrorCode } from '../../errors/catalogue.js';
import { answerInOrder, answers, type CheckedKind, type OrderedCheck } from '../../errors/schema-answers.js';
import { compileFailureList, type SchemaFailure } from '../../errors/schema-check.js';
import { parseHttpUrl } from '../../net/download.js';
import { eventTypes } from '../api-contract.js';
import { type Policy, requestGlossaries } from '../policies.js';
import type { JobType } from './job-store.js';
import type { JobRequest } from './job-request.js';
import { createJobBody } from './schemas.js';

/** What a create request parses to: the stored request, the media URL, and whether it is a live stream. */
export interface ParsedJob {
  request: JobRequest;
  url: string;
}

interface ParseContext {
  body: Record<string, unknown>;
  /** Reads and checks the media URL (file or stream) the way its kind needs. */
  url(value: unknown): Promise<string>;
  /** The policy `biz_type` names, when the kind honours biz_type and the request names one. */
  policy(): Promise<Policy | undefined>;
}

/*
 * The route schemas (schemas.ts) are the validators, answered in the cloud's order of checks: the body's `data`, its
 * media URL (in code: file and stream URLs have rules and lookups of their own), the `biz_type` policy (a lookup, in
 * policies.ts), then the other fields one after the other, each for its presence, type, form and value. AIS.0011 a
 * required field missing, null or empty; AIS.0401 a wrong type or form; AIS.0012 a value the API does not support;
 * AIS.0005 an unknown event type; AIS.0022 a callback that is not an http(s) URL. Undocumented fields are ignored, as
 * the cloud does.
 */
const code = (error: ErrorCode, kinds: readonly CheckedKind[], path: string, when?: (f: SchemaFailure) => boolean) =>
  answers(path, kinds, () => new ApiError(error), when);
const blank = (failure: SchemaFailure) => failure.value === '';
const filled = (failure: SchemaFailure) => failure.value !== '';

/** The body and its `data`: a body that is not an object has no `data` (AIS.0011). */
const dataChecks: OrderedCheck[] = [
  code('AIS.0011', ['type', 'null'], ''),
  code('AIS.0011', ['missing', 'null'], '/data'),
  code('AIS.0401', ['type'], '/data'),
];

/** A documented value: required (absent, null or '' is AIS.0011) or not (those stand for absent). */
const enumChecks = (path: string, isRequired: boolean, unsupported: ErrorCode): OrderedCheck[] => [
  ...(isRequired ? [code('AIS.0011', ['missing', 'null'], path), code('AIS.0011', ['enum'], path, blank)] : []),
  code('AIS.0401', ['type'], path),
  code(unsupported, ['enum'], path, filled),
];

/**
 * A list of categories: the list's type and length and its items' types (AIS.0401), then, where it is mandatory
 * ("must not be empty"), its absence (AIS.0011), then its items' values (AIS.0012).
 */
const categoryChecks = (field: string, isRequired: boolean): OrderedCheck[] => [
  code('AIS.0401', ['type', 'range'], `/${field}`),
  code('AIS.0401', ['type', 'null'], `/${field}/*`),
  ...(isRequired ? [code('AIS.0011', ['missing', 'null', 'empty'], `/${field}`)] : []),
  code('AIS.0012', ['enum'], `/${field}/*`),
];

/** The fields every job type checks after its own: glossaries (10 names each), callback and seed. */
const commonChecks = (live: boolean): OrderedCheck[] => [
  code('AIS.0401', ['type', 'range'], '/glossary_names'),
  code('AIS.0401', ['type', 'null'], '/glossary_names/*'),
  code('AIS.0401', ['type', 'range'], '/white_glossary_names'),
  code('AIS.0401', ['type', 'null'], '/white_glossary_names/*'),
  // A live stream's results arrive only through its callback.
  ...(live ? [code('AIS.0011', ['missing', 'null', 'empty'], '/callback')] : []),
  code('AIS.0022', ['type', 'format'], '/callback'),
  code('AIS.0401', ['type', 'format'], '/seed'),
];

const frameIntervalChecks = [code('AIS.0401', ['type', 'range'], '/data/frame_interval')];
const languageChecks = enumChecks('/data/language', false, 'AIS.0012');

/**
 * The checks after the policy lookup. A `biz_type` policy stands in for the event type and the categories, which are
 * then not read at all.
 */
const audioChecks = (live: boolean, policy: boolean): OrderedCheck[] => [
  ...enumChecks('/event_type', !policy, 'AIS.0005'),
  ...(policy ? [] : categoryChecks('categories', true)),
  ...languageChecks,
  ...(live ? [code('AIS.0401', ['type'], '/data/return_all_results')] : []),
  ...commonChecks(live),
];
const videoChecks = (live: boolean, policy: boolean): OrderedCheck[] => [
  ...enumChecks('/event_type', !policy, 'AIS.0005'),
  ...(policy ? [] : [...categoryChecks('image_categories', true), ...categoryChecks('audio_categories', false)]),
  ...frameIntervalChecks,
  ...languageChecks,
  ...commonChecks(live),
];
const documentChecks: OrderedCheck[] = [
  ...enumChecks('/data/format', true, 'AIS.0012'),
  ...enumChecks('/event_type', true, 'AIS.0005'),
  ...frameIntervalChecks,
  ...categoryChecks('text_categories', false),
  ...categoryChecks('image_categories', false),
  ...categoryChecks('video_image_categories', false),
  ...categoryChecks('audio_categories', false),
  ...commonChecks(false),
];

/**
 * The validator of a body: its route schema, with `event_type` required where the route's leaves it optional (only a
 * `biz_type` policy lets a request leave it out, and the checks with a policy skip its absence).
 */
function failureList(schema: TObject, eventTypeValues: readonly string[]) {
  const eventType = Type.Union(eventTypeValues.map((v) => Type.Literal(v)));
  return compileFailureList(Type.Object({ ...schema.properties, event_type: eventType }));
}
const failuresOf: Record<JobType, (body: unknown) => SchemaFailure[]> = {
  audio: failureList(createJobBody.audio, eventTypes.audio),
  audio_stream: failureList(createJobBody.audio_stream, eventTypes.audio),
  video: failureList(createJobBody.video, eventTypes.video),
  video_stream: failureList(createJobBody.video_stream, eventTypes.videoStream),
  document: failureList(createJobBody.document, eventTypes.document),
};

/** A value the checks let through as absent: null, or an optional string left empty. */
const given = <T>(value: T | null | undefined | ''): T | undefined =>
  value === null || value === undefined || value === '' ? undefined : (value as T);
const unique = <T>(list: readonly T[] | null | undefined): T[] => [...new Set(list ?? [])];

type Body<T extends JobType> = (typeof createJobBody)[T]['static'];
type Data = { url: unknown; language?: string; frame_interval?: number; return_all_results?: boolean };

/**
 * `data`, its media URL and (audio and video files only: live streams and documents do not honour `biz_type`) the
 * policy, read in this order; the body's other failures are answered after them.
 */
async function mediaFields(context: ParseContext, type: JobType, honoursPolicy: boolean) {
  const failures = failuresOf[type](context.body);
  answerInOrder(failures, dataChecks);
  const data = context.body.data as Data;
  const url = await context.url(data.url);
  const policy = honoursPolicy ? await context.policy() : undefined;
  return { failures, data, url, policy };
}

/** The fields every job type stores after its own: glossaries, callback and seed, and the policy's name. */
function common(body: Record<string, unknown>, policy: Policy | undefined) {
  const { black, white } = requestGlossaries(body, policy);
  const fields = body as { callback?: string | null; seed?: string | null };
  const callback = given(fields.callback) && parseHttpUrl(fields.callback!).toString();
  const seed = given(fields.seed);
  return {
    ...(black.length ? { glossary_names: black } : {}),
    ...(white.length ? { white_glossary_names: white } : {}),
    ...(policy?.image_library_names?.length ? { image_library_names: policy.image_library_names } : {}),
    ...(callback ? { callback } : {}),
    ...(seed ? { seed } : {}),
    ...(policy ? { biz_type: body.biz_type as string } : {}),
  };
}

async function parseAudio(context: ParseContext, live: boolean): Promise<ParsedJob> {
  const { failures, data, url, policy } = await mediaFields(context, live ? 'audio_stream' : 'audio', !live);
  answerInOrder(failures, audioChecks(live, policy !== undefined));
  const body = context.body as Body<'audio'>;
  const eventType = given(body.event_type);
  const categories = policy ? policy.audio_categories : unique(body.categories);
  const language = given(data.language);
  const returnAll = live ? given(data.return_all_results) : undefined;
  return {
    url,
    request: {
      ...(eventType ? { event_type: eventType } : {}),
      data: {
        url,
        ...(language ? { language } : {}),
        ...(returnAll !== undefined ? { return_all_results: returnAll } : {}),
      },
      categories,
      ...common(context.body, policy),
    },
  };
}

async function parseVideo(context: ParseContext, live: boolean): Promise<ParsedJob> {
  const { failures, data, url, policy } = await mediaFields(context, live ? 'video_stream' : 'video', !live);
  answerInOrder(failures, videoChecks(live, policy !== undefined));
  const body = context.body as Body<'video'>;
  const eventType = given(body.event_type);
  const imageCategories = policy ? policy.image_categories : unique(body.image_categories);
  const audioCategories = policy ? policy.audio_categories : unique(body.audio_categories);
  const frameInterval = given(data.frame_interval);
  const language = given(data.language);
  return {
    url,
    request: {
      ...(eventType ? { event_type: eventType } : {}),
      data: {
        url,
        ...(frameInterval !== undefined ? { frame_interval: frameInterval } : {}),
        ...(language ? { language } : {}),
      },
      image_categories: imageCategories,
      ...(audioCategories.length ? { audio_categories: audioCategories } : {}),
      ...common(context.body, policy),
    },
  };
}

async function parseDocument(context: ParseContext): Promise<ParsedJob> {
  const { failures, url } = await mediaFields(context, 'document', false);
  answerInOrder(failures, documentChecks);
  const body = context.body as Body<'document'>;
  const frameInterval = given(body.data.frame_interval);
  const textCategories = unique(body.text_categories);
  const imageCategories = unique(body.image_categories);
  const videoImageCategories = unique(body.video_image_categories);
  const audioCategories = unique(body.audio_categories);
  return {
    url,
    request: {
      event_type: body.event_type,
      data: {
        url,
        format: body.data.format,
        ...(frameInterval !== undefined ? { frame_interval: frameInterval } : {}),
      },
      ...(textCategories.length ? { text_categories: textCategories } : {}),
      ...(imageCategories.length ? { image_categories: imageCategories } : {}),
      ...(videoImageCategories.length ? { video_image_categories: videoImageCategories } : {}),
      ...(audioCategories.length ? { audio_categories: audioCategories } : {}),
      ...common(context.body, undefined),
    },
  };
}

/** The create-request parser of each job type, field by field as the spec documents it. */
export const createRequestParsers: Record<JobType, (context: ParseContext) => Promise<ParsedJob>> = {
  audio: (context) => parseAudio(context, false),
  audio_stream: (context) => parseAudio(context, true),
  video: (context) => parseVideo(context, false),
  video_stream: (context) => parseVideo(context, true),
  document: parseDocument,
};
