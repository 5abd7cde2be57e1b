import type { IncomingHttpHeaders } from 'node:http';
import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { compareBySchemaOrder, compileBodyCheck, type SchemaFailure } from '../../errors/schema-check.js';

export type InferenceKind = 'chat' | 'completion' | 'embedding' | 'rerank';

export const messageRoles = ['system', 'user', 'assistant', 'tool', 'function', 'developer'] as const;

/**
 * The inference bodies' schemas: the route schemas, and the checks `checkInferenceRequest` runs (compiled once, one
 * compiled check per call). Properties are in the order the cloud checks them; the optional OpenAI fields are the
 * ones the gateway can judge by type, and anything else goes to the model server as it came.
 */
const Count = Type.Integer({ minimum: 0 });
const OptionalFields = {
  stream: Type.Optional(Type.Boolean({ description: 'true: the answer is relayed as server-sent events' })),
  stream_options: Type.Optional(Type.Object({})),
  max_tokens: Type.Optional(Count),
  max_completion_tokens: Type.Optional(Count),
  n: Type.Optional(Type.Integer({ minimum: 1 })),
  temperature: Type.Optional(Type.Number()),
  top_p: Type.Optional(Type.Number()),
  top_k: Type.Optional(Type.Integer()),
  presence_penalty: Type.Optional(Type.Number()),
  frequency_penalty: Type.Optional(Type.Number()),
  stop: Type.Optional(Type.Union([Type.Null(), Type.String(), Type.Array(Type.String())])),
  chat_template_kwargs: Type.Optional(Type.Object({})),
};
const Model = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'An operator model or a custom endpoint name',
});

export const ChatRequest = Type.Object({
  model: Model,
  messages: Type.Array(
    Type.Object({
      role: Type.Union(messageRoles.map((role) => Type.Literal(role))),
      content: Type.Optional(Type.Union([Type.String(), Type.Array(Type.Unknown()), Type.Null()])),
    }),
    { minItems: 1 },
  ),
  ...OptionalFields,
});

export const CompletionRequest = Type.Object({
  model: Model,
  prompt: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.Unknown())]),
  ...OptionalFields,
});

/** Embeddings and rerank answer at once: `stream` may only say false. */
const NoStream = { stream: Type.Optional(Type.Literal(false)) };

export const EmbeddingRequest = Type.Object({
  model: Model,
  input: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.Unknown())]),
  ...OptionalFields,
  ...NoStream,
});

export const RerankRequest = Type.Object({
  model: Model,
  query: Type.String({ minLength: 1 }),
  documents: Type.Array(Type.Unknown(), { minItems: 1 }),
  ...OptionalFields,
  ...NoStream,
});

export const inferenceRequests: Record<InferenceKind, TObject> = {
  chat: ChatRequest,
  completion: CompletionRequest,
  embedding: EmbeddingRequest,
  rerank: RerankRequest,
};

/**
 * Fields whose failure the cloud words as "%s is empty": `absent` when absent, null or empty (another type is the
 * plain 81001), `any` for any failure but a value outside the list. Paths with `*` for a list index.
 */
const emptyWordings: Record<string, 'absent' | 'any'> = {
  '/model': 'absent',
  '/messages': 'absent',
  '/messages/*/role': 'any',
  '/prompt': 'absent',
  '/input': 'absent',
  '/query': 'any',
  '/documents': 'any',
};

/** `/messages/3/role` as the cloud names it: `messages[3].role`. */
const fieldName = (path: string) =>
  path
    .slice(1)
    .replace(/\/(\d+)/g, '[$1]')
    .replace(/\//g, '.');

const compare = compareBySchemaOrder(['missing', 'empty', 'type', 'range', 'format', 'enum']);

/**
 * ModelArts.81001 in the cloud's wordings: the first failure in the schema's order answers; "is empty" for a required
 * field that is absent, null or empty, "is X, not one of ..." for a role outside the list, the plain wording else.
 */
function inferenceAnswer(failures: SchemaFailure[]): ApiError {
  const first = failures.sort(compare)[0]!;
  const name = fieldName(first.path);
  if (first.kind === 'enum' && first.path.endsWith('/role')) {
    return ApiError.variant('ModelArts.81001', 'notOneOf', name, String(first.value), messageRoles.join(', '));
  }
  const wording = emptyWordings[first.path.replace(/\/\d+\//g, '/*/')];
  const absent = first.kind === 'missing' || first.kind === 'empty' || first.value === null;
  if (wording === 'any' || (wording === 'absent' && absent)) return ApiError.variant('ModelArts.81001', 'empty', name);
  return new ApiError('ModelArts.81001');
}

const checks = Object.fromEntries(
  Object.entries(inferenceRequests).map(([kind, schema]) => [
    kind,
    compileBodyCheck(schema as TSchema, inferenceAnswer),
  ]),
) as Record<InferenceKind, (body: unknown) => unknown>;

/**
 * A body the gateway can tell is wrong is the client's mistake (ModelArts.81001, in the cloud's wordings where it has
 * one): answered before any model server is asked, and never metered as a failed call of a service.
 */
export function checkInferenceRequest(
  kind: InferenceKind,
  body: Record<string, unknown>,
  headers: IncomingHttpHeaders,
): string {
  checkSpanId(headers);
  checks[kind](body);
  return body.model as string;
}

/** The trace header the cloud takes: at most 64 characters (ModelArts.81001 in its own wording). */
export function checkSpanId(headers: IncomingHttpHeaders): void {
  const spanId = headers['x-span-id'];
  if (typeof spanId === 'string' && spanId.length > 64) throw ApiError.variant('ModelArts.81001', 'spanId');
}
