import { ApiError } from '../../../errors/api-error.js';
import { isSandboxFailure, runSandboxed } from '../../../queue/sandbox.js';
import type { DocumentWorkerAnswer, DocumentWorkerInput } from './document-worker.js';
import type { ExtractedDocument } from './extract.js';
import type { DocumentCap, DocumentLimits } from './limits.js';

export type { ExtractedDocument, ExtractedImage } from './extract.js';

/** How documents are parsed: the caps inside the worker, and the worker's own time and memory. */
export interface DocumentParsing {
  limits: DocumentLimits;
  /** Wall-clock time for one document's worker (text and images). */
  timeoutMs: number;
  /** The worker's heap, in MiB. */
  workerMemoryMb: number;
}

/**
 * A document over one of the caps: the job fails with AIS.0023 ("oversized", the catalogue's code for a file beyond
 * the documented constraints), for good; `cap` and `detail` are for the log.
 */
export class DocumentCapError extends ApiError {
  constructor(
    readonly cap: DocumentCap,
    readonly detail: string,
  ) {
    super('AIS.0023');
  }
}

const workerScript = new URL('./document-worker.js', import.meta.url);

/**
 * Reads a document (its format, its text and, with `wantImages`, its embedded images) in a worker thread of its own,
 * under `parsing`'s caps, so that no file can block the event loop or grow the server's heap. A cap hit is a
 * DocumentCapError (AIS.0023), a file that is no readable document AIS.0021; a worker that died for another reason
 * is the sandbox's `died` failure, which the job runner retries once.
 */
export async function parseDocument(
  bytes: Buffer,
  wantImages: boolean,
  parsing: DocumentParsing,
  signal?: AbortSignal,
): Promise<ExtractedDocument> {
  // A copy of its own, handed to the worker: a download's buffer may be a slice of a larger one.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const input: DocumentWorkerInput = { bytes: copy, limits: parsing.limits, wantImages };
  let answer: DocumentWorkerAnswer;
  try {
    answer = await runSandboxed<DocumentWorkerAnswer>(
      workerScript,
      input,
      { timeoutMs: parsing.timeoutMs, maxHeapMb: parsing.workerMemoryMb },
      { transfer: [copy.buffer], ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    if (isSandboxFailure(error, 'timeout')) throw new DocumentCapError('time', error.message);
    if (isSandboxFailure(error, 'memory')) throw new DocumentCapError('memory', error.message);
    throw error;
  }
  if (answer.ok) return answer.document;
  if ('cap' in answer) throw new DocumentCapError(answer.cap, answer.detail);
  throw new ApiError('AIS.0021');
}
