/**
 * Failover under load: an operator model served by two replicas (bench/upstream.mjs, each its own process), called
 * by `connections` clients at once with non-streamed chat calls. A third of the way in, one replica is killed
 * (SIGKILL); two thirds in, it is started again. Prints the calls, the client-visible errors and the latency
 * percentiles before, during (the two seconds after the kill) and after, and whether the replica came back into
 * rotation (aisp_maas_replica_up).
 *
 *   npm run build && node dist/bench/failover.js [seconds=12] [connections=20]
 */
import type { ChildProcess } from 'node:child_process';
import { Pool } from 'undici';
import { request } from '../test/helpers/server.js';
import { startBenchServer, startScript } from './bench-server.js';

const seconds = Number(process.argv[2] ?? 12);
const connections = Number(process.argv[3] ?? 20);
const ports = [19201, 19202] as const;

const upstreams: ChildProcess[] = await Promise.all(ports.map((port) => startScript('upstream.mjs', port)));
const server = await startBenchServer({ AISP_UPSTREAM_HEALTH_CHECK_MS: '1000' });
try {
  await server.call('POST', '/operator/v1/maas/models', {
    name: 'pooled',
    moderation: false,
    replicas: ports.map((port) => ({ url: `http://127.0.0.1:${port}/v1` })),
  });
  const key = (await server.call('POST', `/v2/${server.projectId}/maas/api-auth/api-keys`, { allow_all: true }))
    .api_key;

  const pool = new Pool(server.baseUrl, { connections });
  const body = JSON.stringify({ model: 'pooled', messages: [{ role: 'user', content: 'Hello, how are you today?' }] });
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const killAt = started + (seconds * 1000) / 3;
  const reviveAt = started + (seconds * 2000) / 3;
  const worker = async () => {
    while (performance.now() < until) {
      const at = performance.now();
      let ok = false;
      try {
        const res = await pool.request({
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body,
        });
        await res.body.text();
        ok = res.statusCode === 200;
      } catch {
        ok = false;
      }
      samples.push({ at, ms: performance.now() - at, ok });
    }
  };
  const chaos = (async () => {
    await new Promise((r) => setTimeout(r, killAt - performance.now()));
    upstreams[1]!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, reviveAt - performance.now()));
    upstreams[1] = await startScript('upstream.mjs', ports[1]);
  })();
  await Promise.all([...Array.from({ length: connections }, worker), chaos]);

  const summary = (name: string, from: number, to: number) => {
    const window = samples.filter((s) => s.at >= from && s.at < to);
    const times = window.map((s) => s.ms).sort((a, b) => a - b);
    const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(times.length * p))]! : 0);
    const errors = window.filter((s) => !s.ok).length;
    console.log(
      `${name.padEnd(26)} ${String(window.length).padStart(7)} calls  errors ${errors}  ` +
        `p50 ${pct(0.5).toFixed(1)} ms  p99 ${pct(0.99).toFixed(1)} ms  max ${(times.at(-1) ?? 0).toFixed(1)} ms`,
    );
  };
  summary('before the kill', started, killAt);
  summary('2 s after the kill', killAt, killAt + 2000);
  summary('replica down (all)', killAt, reviveAt);
  summary('after the restart', reviveAt, until);
  summary('whole run', started, until);
  const metrics = (
    await request(server.baseUrl, 'GET', '/metrics', { headers: { 'X-Operator-Key': server.operatorKey } })
  ).text;
  console.log(
    metrics
      .split('\n')
      .filter((l) => /^aisp_maas_(replica_up|retries_total)/.test(l))
      .join('\n'),
  );
  await pool.close();
} finally {
  await server.stop();
  for (const upstream of upstreams) upstream.kill();
}
