import secureJson from 'secure-json-parse';
import { ApiError } from '../../errors/api-error.js';

/** The endpoints a batch may call (OpenAI's Batch API, those this data plane serves). */
export const batchEndpoints = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'] as const;
export type BatchEndpoint = (typeof batchEndpoints)[number];

/** One request of a batch's input: `{custom_id, method: "POST", url, body}`. */
export interface BatchLine {
  customId: string;
  url: string;
  body: Record<string, unknown>;
}

/** How many requests a file may hold, and the endpoint every line must name (a batch's, when given). */
export interface BatchInputLimits {
  maxLines: number;
  endpoint?: string;
}

/** OpenAI's bound on a custom_id (and the column's). */
const maxCustomIdLength = 512;

const invalid = (lineNo: number, why: string) => new ApiError('ModelArts.81122', `line ${lineNo}: ${why}`);

/**
 * Checks a batch input file as batchInputLines reads it, keeping none of its requests, and answers how many it holds.
 * An upload is only checked, and a batch checks its input before it stores the lines one chunk at a time
 * (batchInputLines), so a 100 MiB file is never held a second time as parsed objects (bench/batch-input-memory.ts).
 */
export function checkBatchInput(text: string, limits: BatchInputLimits): number {
  let count = 0;
  for (const _ of batchInputLines(text, limits)) count++;
  return count;
}

/**
 * The requests of a batch input file (JSONL), read one at a time as they are asked for, as OpenAI's Batch API reads
 * them: one JSON object a line (blank lines skipped), each
 * `{custom_id, method: "POST", url, body}` with a string custom_id unique in the file, one url for every line (and
 * that url the batch's endpoint, when given), a JSON object body that does not ask to stream. Refused as
 * ModelArts.81122 naming the first line at fault (1-based), and for an empty file or one over `maxLines`.
 */
export function* batchInputLines(text: string, limits: BatchInputLimits): Generator<BatchLine, void, undefined> {
  const seen = new Set<string>();
  let count = 0;
  let lineNo = 0;
  let url: string | undefined = limits.endpoint;
  for (let from = 0; from <= text.length;) {
    const end = text.indexOf('\n', from);
    const raw = text.slice(from, end === -1 ? text.length : end);
    from = end === -1 ? text.length + 1 : end + 1;
    lineNo++;
    if (raw.trim() === '') continue;
    if (count >= limits.maxLines) {
      throw new ApiError('ModelArts.81122', `a batch holds at most ${limits.maxLines} requests`);
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(raw, undefined, { protoAction: 'remove', constructorAction: 'remove' });
    } catch {
      throw invalid(lineNo, 'not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw invalid(lineNo, 'not a JSON object');
    }
    const line = parsed as Record<string, unknown>;
    const customId = line.custom_id;
    if (typeof customId !== 'string' || customId === '') throw invalid(lineNo, 'custom_id must be a non-empty string');
    if (customId.length > maxCustomIdLength) {
      throw invalid(lineNo, `custom_id is longer than ${maxCustomIdLength} characters`);
    }
    if (seen.has(customId)) throw invalid(lineNo, `duplicate custom_id ${customId}`);
    if (line.method !== 'POST') throw invalid(lineNo, 'method must be POST');
    if (typeof line.url !== 'string' || !(batchEndpoints as readonly string[]).includes(line.url)) {
      throw invalid(lineNo, `url must be one of ${batchEndpoints.join(', ')}`);
    }
    if (url !== undefined && line.url !== url) throw invalid(lineNo, `url must be ${url}, as the batch's endpoint`);
    url = line.url;
    const body = line.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalid(lineNo, 'body must be a JSON object');
    }
    if ((body as { stream?: unknown }).stream === true) throw invalid(lineNo, 'a batch does not stream');
    seen.add(customId);
    count++;
    yield { customId, url: line.url, body: body as Record<string, unknown> };
  }
  if (count === 0) throw new ApiError('ModelArts.81122', 'the file holds no request');
}
