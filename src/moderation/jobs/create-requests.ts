import { ApiError } from '../../errors/api-error.js';
import { eventTypes, requestCategories } from '../api-contract.js';
import { type Policy, requestGlossaries } from '../policies.js';
import {
  callbackOf,
  categoriesOf,
  eventTypeOf,
  frameIntervalOf,
  languageOf,
  optionalBoolean,
  requiredObject,
  requiredString,
  seedOf,
} from '../request-fields.js';
import type { JobType } from './job-store.js';
import type { JobRequest } from './job-request.js';

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

/** `data`, its media URL and (files only: live streams do not honour `biz_type`) the policy, read in this order. */
async function mediaFields(context: ParseContext, stream: boolean) {
  const { body } = context;
  const data = requiredObject(body.data);
  const url = await context.url(data.url);
  const policy = stream ? undefined : await context.policy();
  return { body, data, url, policy };
}

/** The fields every job type stores after its own: glossaries, callback and seed, and the policy's name. */
function common(body: Record<string, unknown>, policy: Policy | undefined, callbackRequired: boolean) {
  const { black, white } = requestGlossaries(body, policy);
  const callback = callbackOf(body.callback, callbackRequired);
  const seed = seedOf(body.seed);
  return {
    ...(black.length ? { glossary_names: black } : {}),
    ...(white.length ? { white_glossary_names: white } : {}),
    ...(policy?.image_library_names?.length ? { image_library_names: policy.image_library_names } : {}),
    ...(callback ? { callback } : {}),
    ...(seed ? { seed } : {}),
    ...(policy ? { biz_type: body.biz_type as string } : {}),
  };
}

async function parseAudio(context: ParseContext, stream: boolean): Promise<ParsedJob> {
  const { body, data, url, policy } = await mediaFields(context, stream);
  const eventType = eventTypeOf(body.event_type, eventTypes.audio, policy === undefined);
  const categories = policy
    ? policy.audio_categories
    : categoriesOf(body.categories, requestCategories.audio, 'required');
  const language = languageOf(data.language);
  const returnAll = stream ? optionalBoolean(data.return_all_results) : undefined;
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
      ...common(body, policy, stream),
    },
  };
}

async function parseVideo(context: ParseContext, stream: boolean): Promise<ParsedJob> {
  const { body, data, url, policy } = await mediaFields(context, stream);
  const eventType = eventTypeOf(body.event_type, stream ? eventTypes.videoStream : eventTypes.video, !policy);
  const imageCategories = policy
    ? policy.image_categories
    : categoriesOf(body.image_categories, requestCategories.image, 'required');
  const audioCategories = policy
    ? policy.audio_categories
    : categoriesOf(body.audio_categories, requestCategories.audio, 'none');
  const frameInterval = frameIntervalOf(data.frame_interval);
  const language = languageOf(data.language);
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
      ...common(body, policy, stream),
    },
  };
}

async function parseDocument(context: ParseContext): Promise<ParsedJob> {
  const { body } = context;
  const data = requiredObject(body.data);
  const url = await context.url(data.url);
  const format = requiredString(data.format);
  if (!(documentFormats as readonly string[]).includes(format)) throw new ApiError('AIS.0012');
  const eventType = eventTypeOf(body.event_type, eventTypes.document, true);
  const frameInterval = frameIntervalOf(data.frame_interval);
  const textCategories = categoriesOf(body.text_categories, requestCategories.documentText, 'none');
  const imageCategories = categoriesOf(body.image_categories, requestCategories.documentImage, 'none');
  const videoImageCategories = categoriesOf(body.video_image_categories, requestCategories.documentImage, 'none');
  const audioCategories = categoriesOf(body.audio_categories, requestCategories.audio, 'none');
  return {
    url,
    request: {
      event_type: eventType!,
      data: { url, format, ...(frameInterval !== undefined ? { frame_interval: frameInterval } : {}) },
      ...(textCategories.length ? { text_categories: textCategories } : {}),
      ...(imageCategories.length ? { image_categories: imageCategories } : {}),
      ...(videoImageCategories.length ? { video_image_categories: videoImageCategories } : {}),
      ...(audioCategories.length ? { audio_categories: audioCategories } : {}),
      ...common(body, undefined, false),
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
