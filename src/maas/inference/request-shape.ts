import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../../errors/api-error.js';

export type InferenceKind = 'chat' | 'completion' | 'embedding' | 'rerank';

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isString: Check = (v) => typeof v === 'string';
const isStringOrList: Check = (v) => isString(v) || (Array.isArray(v) && v.every(isString));

/** Optional OpenAI fields the gateway can judge by type; anything else goes to the model server as it came. */
const optionalFields: Record<string, Check> = {
  stream: isBoolean,
  stream_options: isObject,
  max_tokens: isCount,
  max_completion_tokens: isCount,
  n: (v) => isCount(v) && (v as number) >= 1,
  temperature: isNumber,
  top_p: isNumber,
  top_k: (v) => typeof v === 'number' && Number.isInteger(v),
  presence_penalty: isNumber,
  frequency_penalty: isNumber,
  stop: (v) => v === null || isStringOrList(v),
  chat_template_kwargs: isObject,
};

export const messageRoles = ['system', 'user', 'assistant', 'tool', 'function', 'developer'] as const;

const invalidBody = () => new ApiError('ModelArts.81001');
const empty = (field: string) => ApiError.variant('ModelArts.81001', 'empty', field);

function checkMessages(messages: unknown): void {
  if (messages === undefined || messages === null || (Array.isArray(messages) && messages.length === 0)) {
    throw empty('messages');
  }
  if (!Array.isArray(messages)) throw invalidBody();
  messages.forEach((message, index) => {
    if (!isObject(message)) throw invalidBody();
    const role = message.role;
    if (typeof role !== 'string') throw empty(`messages[${index}].role`);
    if (!(messageRoles as readonly string[]).includes(role)) {
      throw ApiError.variant('ModelArts.81001', 'notOneOf', `messages[${index}].role`, role, messageRoles.join(', '));
    }
    const content = message.content;
    if (content !== undefined && content !== null && !isString(content) && !Array.isArray(content)) {
      throw invalidBody();
    }
  });
}

/**
 * A body the gateway can tell is wrong is the client's mistake (ModelArts.81001, in the cloud's wordings where it has
 * one): answered before any model server is asked, and never metered as a failed call of a service.
 */
export function checkInferenceRequest(
  kind: InferenceKind,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
) {
  const spanId = headers['x-span-id'];
  if (typeof spanId === 'string' && spanId.length > 64) throw ApiError.variant('ModelArts.81001', 'spanId');
  const model = body.model;
  if (model === undefined || model === null || model === '') throw empty('model');
  if (typeof model !== 'string' || model.length > 256) throw invalidBody();
  switch (kind) {
    case 'chat':
      checkMessages(body.messages);
      break;
    case 'completion':
      if (body.prompt === undefined || body.prompt === null || body.prompt === '') throw empty('prompt');
      if (!isStringOrList(body.prompt) && !Array.isArray(body.prompt)) throw invalidBody();
      break;
    case 'embedding':
      if (body.input === undefined || body.input === null || body.input === '') throw empty('input');
      if (!isString(body.input) && !Array.isArray(body.input)) throw invalidBody();
      break;
    case 'rerank':
      if (typeof body.query !== 'string' || body.query === '') throw empty('query');
      if (!Array.isArray(body.documents) || body.documents.length === 0) throw empty('documents');
      break;
  }
  for (const [field, check] of Object.entries(optionalFields)) {
    if (body[field] !== undefined && !check(body[field])) throw invalidBody();
  }
  if (body.stream === true && (kind === 'embedding' || kind === 'rerank')) throw invalidBody();
  return model;
}
