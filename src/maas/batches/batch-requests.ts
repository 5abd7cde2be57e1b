import { type Static, Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { compareBySchemaOrder, compileBodyCheck, type SchemaFailure } from '../../errors/schema-check.js';
import { batchEndpoints } from './batch-input.js';

export const CreateBatchBody = Type.Object({
  input_file_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A file of purpose batch' })),
  input_url: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2048,
      description:
        "Extension: the input read from the project's object storage (obs://bucket/key), instead of input_file_id",
    }),
  ),
  endpoint: Type.Union(
    batchEndpoints.map((e) => Type.Literal(e)),
    { description: 'The endpoint every line calls' },
  ),
  completion_window: Type.Literal('24h'),
  metadata: Type.Optional(
    Type.Union([Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 })), Type.Null()]),
  ),
});
export type CreateBatch = Static<typeof CreateBatchBody>;

const enumValues: Record<string, string> = {
  '/endpoint': batchEndpoints.join(', '),
  '/completion_window': '24h',
  '/purpose': 'batch',
};

const compare = compareBySchemaOrder(['missing', 'empty', 'type', 'enum', 'range', 'format']);

/** A body's first failure in the data plane's code (ModelArts.81001), in its wordings where one fits. */
export function requestAnswer(failures: SchemaFailure[]): ApiError {
  const first = failures.sort(compare)[0]!;
  const name = first.path.slice(1).replace(/\//g, '.');
  if (first.kind === 'missing' || first.kind === 'empty' || first.value === null) {
    return ApiError.variant('ModelArts.81001', 'empty', name);
  }
  const allowed = enumValues[first.path];
  if (allowed !== undefined && typeof first.value === 'string') {
    return ApiError.variant('ModelArts.81001', 'notOneOf', name, first.value, allowed);
  }
  return new ApiError('ModelArts.81001');
}

const checkCreate = compileBodyCheck(CreateBatchBody, requestAnswer);

/** The body of POST /v1/batches: its schema, then exactly one of input_file_id and input_url. */
export function parseCreateBatch(body: unknown): CreateBatch {
  const parsed = checkCreate(body);
  if ((parsed.input_file_id === undefined) === (parsed.input_url === undefined)) {
    throw ApiError.variant('ModelArts.81001', 'empty', 'input_file_id');
  }
  return parsed;
}

/** OpenAI's list paging: `limit` 1-100 (20 when absent), `after` an id. */
export function parseListPaging(query: Record<string, string | undefined>): { after?: string; limit: number } {
  const limitText = query.limit;
  let limit = 20;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) {
      throw ApiError.variant('ModelArts.81001', 'notOneOf', 'limit', limitText, '1 to 100');
    }
  }
  return query.after !== undefined && query.after !== '' ? { after: query.after, limit } : { limit };
}

/** One page of an OpenAI list (files, batches): the items with the ids a client pages on. */
export function listPage<T extends { id: string }>(data: T[], hasMore: boolean) {
  return {
    object: 'list' as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: hasMore,
  };
}

/** A file's text: UTF-8 with no NUL character (a database text column takes it), or ModelArts.81122. */
export function fileText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('ModelArts.81122', 'the file is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw new ApiError('ModelArts.81122', 'the file holds a NUL character');
  return text;
}
