/**
 * Heap held by reading a batch input file (scripts/ and CI do not run this; it prints figures):
 *
 *   npm run build && node --expose-gc dist/bench/batch-input-memory.js [LINES] [BODY_BYTES]
 *
 * Builds a JSONL text of LINES chat requests (default 50,000, the default AISP_BATCH_MAX_LINES) with a message of
 * about BODY_BYTES (default 2,000: 50,000 lines are then about 100 MiB, the default AISP_BATCH_FILE_MAX_BYTES), reads
 * it in two ways and prints the heap each holds at its end once garbage is collected (the text itself not counted)
 * and the time each took: every request parsed and kept (what POST /v1/batches did before), and checked and counted
 * (checkBatchInput: an upload, and the first pass of creating a batch; the second pass, batchInputLines as the lines
 * are stored, holds at most one chunk of 500 parsed requests).
 */
import { batchInputLines, checkBatchInput } from '../src/maas/batches/batch-input.js';

const lines = Number(process.argv[2] ?? 50_000);
const bodyBytes = Number(process.argv[3] ?? 2_000);
const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error('run with node --expose-gc');
const gc: () => void = exposedGc;

const words = 'the quick brown fox jumps over a lazy dog while we wait for answers '.repeat(Math.ceil(bodyBytes / 68));
const parts: string[] = [];
for (let i = 0; i < lines; i++) {
  const content = words.slice(0, bodyBytes);
  parts.push(
    JSON.stringify({
      custom_id: `line-${i}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'qwen',
        max_tokens: 64,
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content },
        ],
      },
    }),
  );
}
const text = parts.join('\n');
parts.length = 0;
gc();
const base = process.memoryUsage().heapUsed;
console.log(`input: ${lines} lines, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB`);

function measure(name: string, run: () => unknown): void {
  gc();
  const t0 = performance.now();
  const kept = run();
  const ms = performance.now() - t0;
  gc();
  const held = process.memoryUsage().heapUsed - base;
  console.log(
    `${name.padEnd(40)} ${(held / 1048576).toFixed(1).padStart(7)} MiB held  ${ms.toFixed(0).padStart(6)} ms`,
  );
  if (kept === undefined) throw new Error('nothing read');
}

measure('every request parsed at once (the build before)', () => [...batchInputLines(text, { maxLines: lines })]);
measure('checkBatchInput (POST /v1/files, /v1/batches)', () => checkBatchInput(text, { maxLines: lines }));
