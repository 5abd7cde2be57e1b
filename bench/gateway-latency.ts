/**
 * What the gateway adds to one call at one connection, and whether its memory stays flat. Starts the fixed-answer
 * upstream (bench/upstream.mjs) and the minimal Node proxy (bench/minproxy.mjs) as their own processes, and the built
 * server with a custom endpoint on the upstream (content guard off, as the proxy has none). Then, round after round,
 * times calls one after another on one keep-alive connection to each (upstream direct, minimal proxy, this gateway),
 * alternating so that the shared machine's noise hits all three alike, and prints the time each adds over the
 * upstream, and the gateway's resident memory and heap after each round (heap in use rises and falls with garbage;
 * the heap left after the last full collection is the one that must stay flat).
 *
 *   npm run build && node dist/bench/gateway-latency.js [rounds=5] [seconds=3]
 */
import { Pool } from 'undici';
import { request } from '../test/helpers/server.js';
import { fixedAnswerEndpoints, startBenchServer, startScript } from './bench-server.js';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 3);
const upstreamPort = 19101;
const proxyPort = 19104;

const upstream = await startScript('upstream.mjs', upstreamPort);
// The proxy forwards to port 19001 by design (as in gateway-peers.sh); a second upstream there keeps it honest.
const proxyUpstream = await startScript('upstream.mjs', 19001);
const proxy = await startScript('minproxy.mjs', proxyPort);
const server = await startBenchServer();
try {
  const key = await fixedAnswerEndpoints(server, upstreamPort, { chat: {} });

  const body = JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Hello, how are you today?' }] });
  const targets = {
    direct: { pool: new Pool(`http://127.0.0.1:${upstreamPort}`, { connections: 1 }), auth: {} },
    minproxy: { pool: new Pool(`http://127.0.0.1:${proxyPort}`, { connections: 1 }), auth: {} },
    gateway: { pool: new Pool(server.baseUrl, { connections: 1 }), auth: { authorization: `Bearer ${key}` } },
  };
  /** Mean microseconds per call, one call after another on one connection. */
  const measure = async (name: keyof typeof targets) => {
    const { pool, auth } = targets[name];
    const until = Date.now() + seconds * 1000;
    const start = process.hrtime.bigint();
    let calls = 0;
    while (Date.now() < until) {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body,
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${name}: answered ${res.statusCode}`);
      calls++;
    }
    return Number(process.hrtime.bigint() - start) / 1000 / calls;
  };
  const liveHeaps: number[] = [];
  /** Resident memory and V8 heap in use, in MB, as the gateway's own metrics report them. */
  const memoryMb = async () => {
    const text = (
      await request(server.baseUrl, 'GET', '/metrics', { headers: { 'X-Operator-Key': server.operatorKey } })
    ).text;
    const metric = (name: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? (Number(line.split(' ')[1]) / 1024 / 1024).toFixed(0) : '?';
    };
    const live = metric('aisp_nodejs_heap_after_major_gc_bytes');
    if (live !== '?' && live !== '0') liveHeaps.push(Number(live));
    return (
      `resident ${metric('aisp_process_resident_memory_bytes')} MB, heap ${metric('aisp_nodejs_heap_size_used_bytes')} MB ` +
      `(live after the last full GC ${live} MB)`
    );
  };

  for (const name of Object.keys(targets) as (keyof typeof targets)[]) await measure(name); // warm up
  const added = { minproxy: [] as number[], gateway: [] as number[] };
  for (let r = 1; r <= rounds; r++) {
    const direct = await measure('direct');
    const minproxy = await measure('minproxy');
    const gateway = await measure('gateway');
    added.minproxy.push(minproxy - direct);
    added.gateway.push(gateway - direct);
    console.log(
      `round ${r}: direct ${direct.toFixed(0)} µs, minimal proxy ${minproxy.toFixed(0)} µs (+${(minproxy - direct).toFixed(0)}), ` +
        `gateway ${gateway.toFixed(0)} µs (+${(gateway - direct).toFixed(0)}); gateway ${await memoryMb()}`,
    );
  }
  const range = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[0]!.toFixed(0)} to ${sorted.at(-1)!.toFixed(0)} µs (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)})`;
  };
  console.log(
    `added over the upstream at one connection: minimal proxy ${range(added.minproxy)}, gateway ${range(added.gateway)}`,
  );
  console.log(
    liveHeaps.length > 0
      ? `gateway heap live after a full GC, round after round: ${liveHeaps.join(', ')} MB`
      : 'no full GC during the run: run more or longer rounds to see the live heap',
  );
  for (const { pool } of Object.values(targets)) await pool.close();
} finally {
  await server.stop();
  upstream.kill();
  proxyUpstream.kill();
  proxy.kill();
}
