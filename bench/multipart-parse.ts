/**
 * How long reading a multipart form holds the event loop, the parser alone (no server, no network): a 25 MiB audio
 * form arriving in 64 KiB chunks, a chunk per turn of the event loop as a socket gives them, read
 *
 * - as the gateway reads it now (`readMultipartForm`: busboy as the chunks arrive, then the file's Blob), and
 * - as it read it before (the whole body gathered, as Fastify's parser does, then undici's `Response.formData()` on
 *   it as a one-chunk stream, then the file as a Blob: the old `parseMultipartForm`, reproduced here).
 *
 * Rounds alternate the two. Each figure: the longest event-loop delay while that form was read (perf_hooks
 * `monitorEventLoopDelay`, 1 ms resolution) and the wall time from the first chunk to the Blob.
 *
 *   npm run build && node dist/bench/multipart-parse.js [rounds=8] [MiB=25]
 */
import { Blob } from 'node:buffer';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import type { FastifyRequest } from 'fastify';
import { Response } from 'undici';
import { ApiError } from '../src/errors/api-error.js';
import { fileBlob, type FormFile, readMultipartForm } from '../src/maas/multipart-form.js';

const rounds = Number(process.argv[2] ?? 8);
const bytes = Number(process.argv[3] ?? 25) * 1024 * 1024;

const form = new FormData();
form.append('file', new globalThis.Blob([new Uint8Array(bytes)]), 'speech.wav');
form.append('model', 'whisper');
const encoded = new globalThis.Response(form);
const type = encoded.headers.get('content-type')!;
const body = Buffer.from(await encoded.arrayBuffer());
const chunks: Buffer[] = [];
for (let at = 0; at < body.length; at += 64 * 1024) chunks.push(Buffer.from(body.subarray(at, at + 64 * 1024)));

/** The body as a socket would give it: a chunk a turn. */
function arriving(): Readable {
  let next = 0;
  return new Readable({
    read() {
      setImmediate(() => this.push(next < chunks.length ? chunks[next++] : null));
    },
  });
}

const limits = {
  fileField: 'file',
  maxFileBytes: bytes,
  fileTooLarge: () => new ApiError('ModelArts.81001'),
  keepFileAs: 'blob' as const,
};
const request = { headers: {}, routeOptions: { bodyLimit: bytes + 64 * 1024 }, family: 'MaaSInference' };

async function asItArrives(): Promise<Blob> {
  const parsed = await readMultipartForm(arriving(), request as unknown as FastifyRequest, type, limits);
  return fileBlob(parsed.get('file') as FormFile);
}

async function wholeThenUndici(): Promise<Blob> {
  const gathered: Buffer[] = [];
  for await (const chunk of arriving()) gathered.push(chunk as Buffer);
  const raw = Buffer.concat(gathered);
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(raw);
      controller.close();
    },
  });
  const parsed = await new Response(source, { headers: { 'content-type': type } }).formData();
  return parsed.get('file') as unknown as Blob;
}

async function measure(read: () => Promise<Blob>) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  const blob = await read();
  const wallMs = performance.now() - start;
  delay.disable();
  if (blob.size !== bytes) throw new Error(`read ${blob.size} bytes of ${bytes}`);
  return { maxDelayMs: delay.max / 1e6, wallMs };
}

const results: Record<string, { maxDelayMs: number; wallMs: number }[]> = { busboy: [], undici: [] };
await measure(asItArrives); // warm-up
await measure(wholeThenUndici);
for (let round = 1; round <= rounds; round++) {
  for (const [name, read] of [
    ['busboy', asItArrives],
    ['undici', wholeThenUndici],
  ] as const) {
    const result = await measure(read);
    results[name]!.push(result);
    console.log(
      `round ${round} ${name}: event loop held at most ${result.maxDelayMs.toFixed(1)} ms, ` +
        `${result.wallMs.toFixed(0)} ms from first chunk to Blob`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name, list] of Object.entries(results)) {
  const delays = list.map((r) => r.maxDelayMs);
  console.log(
    `${name}: longest delay median ${median(delays).toFixed(1)} ms (range ${Math.min(...delays).toFixed(1)}–` +
      `${Math.max(...delays).toFixed(1)}), wall median ${median(list.map((r) => r.wallMs)).toFixed(0)} ms`,
  );
}
