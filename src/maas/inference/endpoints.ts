import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormData } from 'undici';
import type { Family } from '../../errors/families.js';
import type { TObject } from '@sinclair/typebox';
import {
  checkTranscriptionForm,
  readTranscriptionForm,
  TranscriptionForm,
  transcriptionFormLimits,
  transcriptionPromptText,
  transcriptionUpstreamForm,
} from '../audio/transcription-form.js';
import { relayTranscription, transcriptParts } from '../audio/transcription-relay.js';
import type { FormLimits } from '../multipart-form.js';
import type { JsonRelayOptions } from './relay.js';
import { checkInferenceRequest, type InferenceKind, inferenceRequests } from './request-shape.js';
import { type AnswerParts, answerPartsOf, type CallUsage, promptTextOf } from './usage-estimate.js';

/**
 * An endpoint whose body is a multipart form with a file (audio), not JSON: how it is read, sent on and answered.
 * The rest of the call (model, limits, budgets, guard, failover, metering) is every endpoint's.
 */
export interface FormBody {
  /** How the route's parser reads the form as it arrives: which file it keeps, up to what size, and the refusal. */
  limits(maxFileBytes: number): FormLimits;
  /** Reads the request's form into the object `check` and the rest see; a file over `maxFileBytes` is refused. */
  read(request: FastifyRequest, maxFileBytes: number): Promise<Record<string, unknown>>;
  /** The upstream's form, asking for the deployment's model name (made per attempt; the file is not copied). */
  upstream(body: Record<string, unknown>, upstreamModel: string): FormData;
  /** The upstream's whole answer to the client (its text, its content type), metered and guarded. */
  relay(
    reply: FastifyReply,
    text: string,
    contentType: string | undefined,
    options: JsonRelayOptions,
    usage: CallUsage,
  ): Promise<unknown>;
}

/**
 * One inference endpoint of the data plane, everything the gateway knows about it in one place (as Envoy AI
 * Gateway's `endpointspec`): adding an endpoint is one entry in `inferenceEndpoints`, plus a handler only when a
 * plain relay is not enough. The routes, the upstream call, the token estimate, the content guard, the trace and the
 * error family all read it from here.
 */
export interface InferenceEndpoint {
  readonly kind: InferenceKind | 'transcription';
  /** The cloud's paths (Standard API V1 and V2, the OpenAI-compatible prefix), all answered alike. */
  readonly paths: readonly string[];
  /** The path under the upstream's `/v1` base. */
  readonly upstreamPath: string;
  /** The route's one-line description in the OpenAPI document. */
  readonly summary: string;
  /** The body's schema: the route's (OpenAPI) and the one `check` runs, compiled once. */
  readonly schema: TObject;
  /** Checks the body as the cloud does (ModelArts.81001 in its wordings) and returns its `model`. */
  readonly check: (body: Record<string, unknown>, headers: IncomingHttpHeaders) => string;
  /** The text the model reads: the tpm reservation and the usage estimate count it, the content guard checks it. */
  readonly promptText: (body: Record<string, unknown>) => string;
  /**
   * The text of the answer (or of one stream chunk) by part: content or completion text, reasoning, each tool call's
   * arguments. The content guard checks every part (a stream's parts each read on from their own earlier pieces).
   */
  readonly answerParts: AnswerParts;
  /** Whether `stream: true` is relayed as server-sent events (where not, the check refuses it). */
  readonly streams: boolean;
  /** The span's operation name (OpenTelemetry GenAI `gen_ai.operation.name`). */
  readonly operation: string;
  /** The family whose codes answer the gateway's failures on these paths. */
  readonly family: Family;
  /** A multipart endpoint (never answered from the response cache); absent for a JSON body. */
  readonly form?: FormBody;
}

/** Every inference endpoint answers in the MaaS data plane's codes (error-codes-inference.md). */
export const inferenceFamily: Family = 'MaaSInference';

/** The list of models a key may call, and one of them: answered here, not relayed, but in the same family. */
export const modelListPaths: readonly string[] = ['/v1/models', '/openai/v1/models'];

export const inferenceEndpoints: readonly InferenceEndpoint[] = [
  {
    kind: 'chat',
    paths: ['/v1/chat/completions', '/v2/chat/completions', '/openai/v1/chat/completions'],
    upstreamPath: '/chat/completions',
    summary: 'Chat completion (model: an operator model or a custom endpoint name); stream: true relays SSE',
    // The schemas live in request-shape.ts with the check that answers their failures in the cloud's wordings.
    schema: inferenceRequests.chat,
    check: (body, headers) => checkInferenceRequest('chat', body, headers),
    promptText: promptTextOf,
    answerParts: answerPartsOf,
    streams: true,
    operation: 'chat',
    family: inferenceFamily,
  },
  {
    kind: 'completion',
    paths: ['/v1/completions', '/openai/v1/completions'],
    upstreamPath: '/completions',
    summary: 'Text completion',
    schema: inferenceRequests.completion,
    check: (body, headers) => checkInferenceRequest('completion', body, headers),
    promptText: promptTextOf,
    answerParts: answerPartsOf,
    streams: true,
    operation: 'text_completion',
    family: inferenceFamily,
  },
  {
    kind: 'embedding',
    paths: ['/v1/embeddings', '/openai/v1/embeddings'],
    upstreamPath: '/embeddings',
    summary: 'Embeddings, passed to the model server',
    schema: inferenceRequests.embedding,
    check: (body, headers) => checkInferenceRequest('embedding', body, headers),
    promptText: promptTextOf,
    answerParts: answerPartsOf,
    streams: false,
    operation: 'embedding',
    family: inferenceFamily,
  },
  {
    kind: 'rerank',
    paths: ['/v1/rerank'],
    upstreamPath: '/rerank',
    summary: 'Rerank documents for a query, passed to the model server',
    schema: inferenceRequests.rerank,
    check: (body, headers) => checkInferenceRequest('rerank', body, headers),
    // As before: the query and documents are not in promptTextOf's fields, so a rerank reserves the minimum of one
    // token and is estimated from what the upstream reports.
    promptText: promptTextOf,
    answerParts: answerPartsOf,
    streams: false,
    operation: 'rerank',
    family: inferenceFamily,
  },
  {
    kind: 'transcription',
    paths: ['/v1/audio/transcriptions', '/openai/v1/audio/transcriptions'],
    upstreamPath: '/audio/transcriptions',
    summary: 'Speech to text (multipart: file, model, language, prompt, response_format, temperature)',
    schema: TranscriptionForm,
    check: checkTranscriptionForm,
    promptText: transcriptionPromptText,
    answerParts: transcriptParts,
    streams: false,
    operation: 'transcription',
    family: inferenceFamily,
    form: {
      limits: transcriptionFormLimits,
      read: readTranscriptionForm,
      upstream: transcriptionUpstreamForm,
      relay: relayTranscription,
    },
  },
];
