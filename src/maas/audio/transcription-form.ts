import type { IncomingHttpHeaders } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Blob } from 'node:buffer';
import { FormData } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { familyError } from '../../errors/families.js';
import { checkSpanId } from '../inference/request-shape.js';
import { type FormFile, type FormLimits, fileBlob, formOfRequest } from '../multipart-form.js';

/** OpenAI's answer formats for a transcription: JSON (`json`, `verbose_json`) or text (`text`, `srt`, `vtt`). */
export const transcriptionFormats = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;

/**
 * Room for the form's other fields and part headers on top of the audio file's cap: the route refuses a body over
 * the cap plus this as it arrives, and stops reading it there.
 */
export const formOverheadBytes = 64 * 1024;

/** The uploaded audio: the form's `file` part, as it came (kept as a Blob, relayed without another copy). */
export interface AudioFile {
  blob: Blob;
  name: string;
}

/**
 * The multipart form of `POST /v1/audio/transcriptions` as OpenAI documents it: its schema for the OpenAPI document
 * only (the form is read and checked by `readTranscriptionForm` and `checkTranscriptionForm`).
 */
export const TranscriptionForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'The audio (flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav, webm)' }),
  model: Type.String({ minLength: 1, maxLength: 256, description: 'An operator model or a custom endpoint name' }),
  language: Type.Optional(Type.String({ description: 'ISO-639-1 code of the spoken language' })),
  prompt: Type.Optional(Type.String({ description: 'Text to guide the style or continue a previous segment' })),
  response_format: Type.Optional(Type.Union(transcriptionFormats.map((format) => Type.Literal(format)))),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});

/** How the transcription routes read their form: the audio under `file`, up to the cap, else APIG.0201. */
export function transcriptionFormLimits(maxFileBytes: number): FormLimits {
  return {
    fileField: 'file',
    maxFileBytes,
    fileTooLarge: (request) => familyError(request.family, 'bodyTooLarge'),
    // Sent on as a Blob: gathered as Blobs while it arrives, so that no step copies the whole file at once.
    keepFileAs: 'blob',
  };
}

/**
 * The request's multipart body as the object the inference call reads: each text field by name (the first of a name
 * wins) and the audio under `file`. Refused in the data plane's codes: a body that is not a multipart form, or whose
 * `file` is absent, not a file or empty, is ModelArts.81001; an audio file over `maxFileBytes` is the family's
 * oversized body (APIG.0201), as is a whole body over the route's limit.
 *
 * The form was read as it arrived, by the route's parser (`acceptMultipartForms`, busboy: at most 64 parts), which
 * kept the audio's bytes and nothing else of size.
 */
export async function readTranscriptionForm(
  request: FastifyRequest,
  maxFileBytes: number,
): Promise<Record<string, unknown>> {
  const form = await formOfRequest(request, transcriptionFormLimits(maxFileBytes));
  const body: Record<string, unknown> = {};
  let file: FormFile | undefined;
  for (const [name, value] of form.entries) {
    if (name === 'file') {
      if (typeof value === 'string') throw new ApiError('ModelArts.81001');
      file ??= value;
    } else if (typeof value !== 'string') {
      // Only the audio is a file: any other field sent as one is not what the API takes.
      throw new ApiError('ModelArts.81001');
    } else if (!Object.hasOwn(body, name)) {
      body[name] = value;
    }
  }
  if (file === undefined || file.size === 0) throw ApiError.variant('ModelArts.81001', 'empty', 'file');
  if (file.size > maxFileBytes) throw familyError(request.family, 'bodyTooLarge');
  body.file = { blob: fileBlob(file), name: file.filename || 'audio' } satisfies AudioFile;
  // The audio is its own Blob now: the request lets go of the chunks it came in, so that a long transcription holds
  // the audio once, not twice.
  request.rawBody = undefined;
  request.body = undefined;
  return body;
}

/** A `temperature` OpenAI takes: a number from 0 to 1. */
const temperaturePattern = /^\s*(0(\.\d+)?|1(\.0+)?|\.\d+)\s*$/;

/** The fields the gateway can judge, in the order OpenAI lists them; returns `model` (ModelArts.81001 else). */
export function checkTranscriptionForm(body: Record<string, unknown>, headers: IncomingHttpHeaders): string {
  checkSpanId(headers);
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw ApiError.variant('ModelArts.81001', 'empty', 'model');
  if (model.length > 256) throw new ApiError('ModelArts.81001');
  const format = body.response_format;
  if (format !== undefined && !(transcriptionFormats as readonly unknown[]).includes(format)) {
    const list = transcriptionFormats.join(', ');
    throw ApiError.variant('ModelArts.81001', 'notOneOf', 'response_format', String(format), list);
  }
  const temperature = body.temperature;
  if (temperature !== undefined && !temperaturePattern.test(String(temperature))) throw new ApiError('ModelArts.81001');
  // The answer is relayed whole: a streamed transcription (SSE) is not offered.
  if (body.stream !== undefined && body.stream !== 'false') throw new ApiError('ModelArts.81001');
  return model;
}

/** What the model reads besides the audio: the `prompt` field (counted in the tpm reservation, checked by the guard). */
export function transcriptionPromptText(body: Record<string, unknown>): string {
  return typeof body.prompt === 'string' ? body.prompt : '';
}

/**
 * The upstream's form: the client's text fields with the deployment's model name, then the audio, which undici
 * streams from the Blob the parser made (no copy per attempt, so a retry on another replica costs no memory).
 */
export function transcriptionUpstreamForm(body: Record<string, unknown>, upstreamModel: string): FormData {
  const form = new FormData();
  form.append('model', upstreamModel);
  for (const [name, value] of Object.entries(body)) {
    if (name !== 'model' && name !== 'file' && typeof value === 'string') form.append(name, value);
  }
  const file = body.file as AudioFile;
  form.append('file', file.blob, file.name);
  return form;
}
