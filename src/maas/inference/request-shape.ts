import type { FastifyRequest } from 'fastify';
import { familyError } from '../../errors/families.js';

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isCount: Check = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isStringOrList: Check = (v) =>
  typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

/** Optional OpenAI fields the gateway can judge by type; anything else goes to the model server as it came. */
const optionalFields: Record<string, Check> = {
  stream: isBoolean,
  stream_options: isObject,
  max_tokens: isCount,
  max_completion_tokens: isCount,
  n: (v) => isCount(v) && (v as number) >= 1,
  temperature: isNumber,
  top_p: isNumber,
  presence_penalty: isNumber,
  frequency_penalty: isNumber,
  stop: (v) => v === null || isStringOrList(v),
};

function isMessage(message: unknown): boolean {
  if (!isObject(message) || typeof message.role !== 'string' || message.role === '') return false;
  const content = message.content;
  return content === undefined || content === null || typeof content === 'string' || Array.isArray(content);
}

/**
 * A chat or completion body the gateway can tell is wrong (no messages, a message without a role, `stream` that is
 * not a boolean...) is the client's mistake: answered here with the family's invalid-body code, before any model
 * server is asked and without being metered as a failed call.
 */
export function checkInferenceBody(
  request: FastifyRequest,
  kind: 'chat' | 'completion',
  body: Record<string, unknown>,
): void {
  const invalid = (field: string) => familyError(request.family, 'invalidBody', field);
  if (kind === 'chat') {
    if (!Array.isArray(body.messages) || body.messages.length === 0) throw invalid('messages');
    if (!body.messages.every(isMessage)) throw invalid('messages');
  } else if (!isStringOrList(body.prompt) && !Array.isArray(body.prompt)) {
    throw invalid('prompt');
  }
  for (const [field, check] of Object.entries(optionalFields)) {
    if (body[field] !== undefined && !check(body[field])) throw invalid(field);
  }
}
