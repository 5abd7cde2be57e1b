/**
 * What a transcription costs the gateway: wall time and the gateway's own CPU time per call (its process CPU from
 * /metrics `aisp_process_cpu_seconds_total`, before and after each run) for audio files of a few sizes, one call at a
 * time, through an operator model (content guard off) on an upstream that reads the whole form and answers a fixed
 * transcript; and how long the gateway's event loop was held at most during each call (prom-client's
 * `aisp_nodejs_eventloop_lag_max_seconds`, whose histogram each scrape of /metrics resets: one scrape before the
 * call, one after), the median and the largest of the calls. Most of the CPU is reading the multipart form and
 * sending it on.
 *
 *   npm run build && node dist/bench/audio-upload.js [rounds=3] [calls=10] [sizes in MiB=1,25]
 *
 * The server is the build in `dist/` of the current folder: to measure another build with this script, run it from
 * that build's checkout (`cd /other/checkout && node /this/checkout/dist/bench/audio-upload.js`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from '../test/helpers/server.js';
import { gatewayCpuSeconds, startBenchServer } from './bench-server.js';

const rounds = Number(process.argv[2] ?? 3);
const callsPerRun = Number(process.argv[3] ?? 10);
const sizes = (process.argv[4] ?? '1,25').split(',').map((mib) => Number(mib) * 1024 * 1024);

let received = 0;
const upstream = http.createServer((req, res) => {
  req.on('data', (chunk: Buffer) => (received += chunk.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"text":"hello world"}'));
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;

const server = await startBenchServer();
try {
  await server.call('POST', '/operator/v1/maas/models', {
    name: 'whisper',
    replicas: [{ url: upstreamUrl }],
    moderation: false,
  });
  const key = (await server.call('POST', `/v2/${server.projectId}/maas/api-auth/api-keys`, { allow_all: true }))
    .api_key as string;
  const cpuSeconds = () => gatewayCpuSeconds(server);
  /** The longest event-loop delay since the last scrape, in ms (the scrape resets it). */
  const maxLagMs = async () => {
    const text = (
      await request(server.baseUrl, 'GET', '/metrics', { headers: { 'X-Operator-Key': server.operatorKey } })
    ).text;
    const line = text.split('\n').find((l) => l.startsWith('aisp_nodejs_eventloop_lag_max_seconds '));
    return Number(line!.split(' ')[1]) * 1000;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const run = async (bytes: number) => {
    const audio = new Blob([new Uint8Array(bytes)]);
    const lags: number[] = [];
    let cpuMs = 0;
    let wallMs = 0;
    for (let i = 0; i < callsPerRun; i++) {
      const cpu0 = await cpuSeconds();
      await maxLagMs();
      const start = performance.now();
      const form = new FormData();
      form.append('file', audio, 'speech.wav');
      form.append('model', 'whisper');
      const res = await fetch(`${server.baseUrl}/v1/audio/transcriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
      const answer = await res.text();
      if (res.status !== 200) throw new Error(`answered ${res.status} ${answer}`);
      wallMs += performance.now() - start;
      lags.push(await maxLagMs());
      cpuMs += ((await cpuSeconds()) - cpu0) * 1000;
    }
    return {
      wallMs: wallMs / callsPerRun,
      cpuMs: cpuMs / callsPerRun,
      lagMs: median(lags),
      worstLagMs: Math.max(...lags),
    };
  };
  await run(sizes[0]!); // warm-up
  for (let round = 1; round <= rounds; round++) {
    for (const bytes of sizes) {
      const { wallMs, cpuMs, lagMs, worstLagMs } = await run(bytes);
      const mib = (bytes / 1024 / 1024).toFixed(0);
      console.log(
        `round ${round} ${mib} MiB: ${wallMs.toFixed(1)} ms a call, gateway CPU ${cpuMs.toFixed(1)} ms, ` +
          `event loop held at most ${lagMs.toFixed(1)} ms (median of the calls), ${worstLagMs.toFixed(1)} ms (worst)`,
      );
    }
  }
  console.log(`upstream received ${(received / 1024 / 1024).toFixed(0)} MiB`);
} finally {
  await server.stop();
  upstream.close();
}
