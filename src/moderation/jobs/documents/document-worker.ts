import { parentPort, workerData } from 'node:worker_threads';
import { type DocumentCap, DocumentCapExceeded, type DocumentLimits, DocumentUnreadable } from './limits.js';
import { capTypedArrays } from './typed-array-cap.js';
import type { ExtractedDocument } from './extract.js';

/** What the server sends: the file (its buffer transferred), the limits, and whether images are wanted. */
export interface DocumentWorkerInput {
  bytes: Uint8Array;
  limits: DocumentLimits;
  wantImages: boolean;
}

/** The one message the worker posts. */
export type DocumentWorkerAnswer =
  | { ok: true; document: ExtractedDocument }
  | { ok: false; unreadable: string }
  | { ok: false; cap: DocumentCap; detail: string };

/** The buffers of the images, handed over rather than copied. */
function transferList(document: ExtractedDocument): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const image of document.images) {
    const view = image.kind === 'file' ? image.bytes : image.pixels;
    if (view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  }
  return [...buffers];
}

async function main(): Promise<void> {
  const input = workerData as DocumentWorkerInput;
  let hit: number | undefined;
  // Before the parsers load (extract.js imports them), so that every buffer they make is held to the cap.
  capTypedArrays(input.limits.maxInflatedBytes, (bytes) => (hit ??= bytes));
  const overCap = (): DocumentWorkerAnswer => ({
    ok: false,
    cap: 'inflated',
    detail: `a buffer of ${hit} bytes (at most ${input.limits.maxInflatedBytes})`,
  });
  let answer: DocumentWorkerAnswer;
  try {
    const { extractDocument } = await import('./extract.js');
    const bytes = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
    const document = await extractDocument(bytes, input.limits, input.wantImages);
    answer = hit !== undefined ? overCap() : { ok: true, document };
  } catch (error) {
    if (hit !== undefined) answer = overCap();
    else if (error instanceof DocumentCapExceeded) answer = { ok: false, cap: error.cap, detail: error.message };
    else if (error instanceof RangeError && /call stack/i.test(error.message))
      answer = { ok: false, cap: 'memory', detail: 'nested too deep for the stack' };
    else if (error instanceof DocumentUnreadable) answer = { ok: false, unreadable: error.message };
    else answer = { ok: false, unreadable: (error as Error)?.message ?? String(error) };
  }
  parentPort!.postMessage(answer, answer.ok ? transferList(answer.document) : []);
}

await main();
