/**
 * Text- and image-moderation benchmark over real HTTP. Starts the built server as its own process (as `npm start`
 * does, request logging at warn), obtains a token, then drives it with autocannon from this process:
 *   - text: 1 KB texts (a mix of clean and abusive), 50 connections, 15 s (BENCH_SECONDS), throughput and latency;
 *   - image: a 640x480 JPEG, base64, one connection, 30 requests, latency.
 *
 *   npm run build && node dist/bench/text-moderation.js
 *
 * BENCH_SECONDS sets the text run's length, BENCH_IMAGE=0 skips the image part, and AISP_NODE_ARGS passes flags to
 * the server's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
 */
import autocannon from 'autocannon';
import sharp from 'sharp';
import { request } from '../test/helpers/server.js';
import { startBenchServer } from './bench-server.js';

function kilobyteText(seed: number): string {
  const words = [
    'the',
    'quick',
    'brown',
    'fox',
    'jumps',
    'over',
    'lazy',
    'dog',
    'moderation',
    'gateway',
    'service',
    'latency',
    '你好',
    '世界',
  ];
  let text = '';
  for (let i = 0; text.length < 1000; i++) text += words[(seed * 7 + i * 13) % words.length] + ' ';
  return seed % 4 === 0 ? text.slice(0, 990) + ' f.u.c.k' : text.slice(0, 1024);
}

async function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const server = await startBenchServer();
try {
  const { token, projectId } = server;
  const headers = { 'content-type': 'application/json', 'x-auth-token': token };

  const bodies = Array.from({ length: 16 }, (_, i) =>
    JSON.stringify({ event_type: 'comment', data: { text: kilobyteText(i) } }),
  );
  await run({
    url: `${server.baseUrl}/v3/${projectId}/moderation/text`,
    method: 'POST',
    headers,
    body: bodies[0],
    connections: 10,
    duration: 2,
  });
  const text = await run({
    url: `${server.baseUrl}/v3/${projectId}/moderation/text`,
    connections: 50,
    duration: seconds,
    requests: bodies.map((body) => ({ method: 'POST' as const, headers, body })),
  });
  console.log(`text moderation, 1 KB texts, 50 connections, ${seconds} s:`);
  console.log(
    `  throughput ${text.requests.average.toFixed(0)} req/s, latency p50 ${text.latency.p50} ms, p99 ${text.latency.p99} ms, non-2xx ${text.non2xx}, errors ${text.errors}`,
  );

  if (process.env.BENCH_IMAGE !== '0') await imageBenchmark(server.baseUrl, projectId, headers);
} finally {
  await server.stop();
}

async function imageBenchmark(baseUrl: string, projectId: string, headers: Record<string, string>): Promise<void> {
  const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 160, b: 200 } } })
    .jpeg()
    .toBuffer();
  const imageBody = JSON.stringify({ event_type: 'head_image', image: jpeg.toString('base64') });
  const imageUrl = `${baseUrl}/v3/${projectId}/moderation/image`;
  await request(baseUrl, 'POST', `/v3/${projectId}/moderation/image`, { headers, body: imageBody }); // loads the model
  const image = await run({ url: imageUrl, method: 'POST', headers, body: imageBody, connections: 1, amount: 30 });
  console.log('image moderation, 640x480 JPEG (base64), 1 connection, 30 requests:');
  console.log(
    `  latency p50 ${image.latency.p50} ms, p99 ${image.latency.p99} ms, mean ${image.latency.average.toFixed(1)} ms, non-2xx ${image.non2xx}`,
  );
}
