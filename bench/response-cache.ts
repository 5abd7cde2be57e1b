/**
 * What the response cache costs: the gateway's CPU per call (its own process CPU time, read from its /metrics
 * `aisp_process_cpu_seconds_total` before and after each run) and the wall time per call, for three kinds of call on
 * one fixed-answer upstream (bench/upstream.mjs), content guard off:
 *   plain  an endpoint without a cache (the plain proxied call), a new body every call
 *   hit    an endpoint with `cache_ttl_seconds`, the same body every time (answered from the cache)
 *   miss   that endpoint, a new body every call (looked up, proxied, and stored)
 * Rounds alternate the three so that the shared machine's noise hits them alike.
 *
 *   npm run build && node dist/bench/response-cache.js [rounds=5] [calls=2000] [connections=4]
 * (rounds: a multiple of 6 gives each order of the three kinds equally often)
 * CACHE_BYTES=N sets the server's AISP_RESPONSE_CACHE_MAX_BYTES (to see what retaining answers costs in GC).
 * KINDS=plain,miss runs only the kinds named (e.g. one kind per process under a profiler: AISP_NODE_ARGS=--cpu-prof).
 */
import { Pool } from 'undici';
import { fixedAnswerEndpoints, gatewayCpuSeconds, startBenchServer, startScript } from './bench-server.js';

const rounds = Number(process.argv[2] ?? 5);
const callsPerRun = Number(process.argv[3] ?? 2000);
const connections = Number(process.argv[4] ?? 4);
const upstreamPort = 19121;

const upstream = await startScript('upstream.mjs', upstreamPort);
const server = await startBenchServer(
  process.env.CACHE_BYTES ? { AISP_RESPONSE_CACHE_MAX_BYTES: process.env.CACHE_BYTES } : {},
);
try {
  const key = await fixedAnswerEndpoints(server, upstreamPort, { plain: {}, cached: { cache_ttl_seconds: 3600 } });
  const pool = new Pool(server.baseUrl, { connections });
  const bodyOf = (model: string, content: string) => JSON.stringify({ model, messages: [{ role: 'user', content }] });
  let unique = 0;
  const kinds = {
    // A new body every call, as for `miss`: the two differ only in the cache (a repeated body is cheaper to handle
    // on its own, so a fixed plain body would charge that difference to the cache).
    plain: () => bodyOf('plain', `Hello, how are you today? ${unique++}`),
    hit: () => bodyOf('cached', 'Hello, how are you today?'),
    miss: () => bodyOf('cached', `Hello, how are you today? ${unique++}`),
  };

  const only = process.env.KINDS?.split(',');
  if (only)
    for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) if (!only.includes(kind)) delete kinds[kind];
  const cpuSeconds = () => gatewayCpuSeconds(server);
  /** CPU µs of the gateway and wall µs per call, `callsPerRun` calls over `connections` connections. */
  const run = async (kind: keyof typeof kinds) => {
    const cpu0 = await cpuSeconds();
    const start = process.hrtime.bigint();
    let left = callsPerRun;
    const worker = async () => {
      while (left-- > 0) {
        const res = await pool.request({
          path: '/v1/chat/completions',
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: kinds[kind](),
        });
        await res.body.text();
        const cache = res.headers['x-aisp-cache'];
        const expected = kind === 'plain' ? undefined : kind;
        if (res.statusCode !== 200 || cache !== expected) {
          throw new Error(`${kind}: answered ${res.statusCode}, X-AISP-Cache ${String(cache)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    const wall = Number(process.hrtime.bigint() - start) / 1000 / callsPerRun;
    const cpu = (((await cpuSeconds()) - cpu0) * 1e6) / callsPerRun;
    return { cpu, wall };
  };

  // The first call of `hit` is a miss: it stores the answer the others are given.
  if (kinds.hit) {
    const first = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: kinds.hit(),
    });
    await first.body.text();
  }
  for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) await run(kind); // warm up
  const results: Record<string, { cpu: number[]; wall: number[] }> = {};
  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1
      ? [items]
      : items.flatMap((item, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
        );
  const orders = permutations(Object.keys(kinds) as (keyof typeof kinds)[]);
  for (let r = 1; r <= rounds; r++) {
    const line: string[] = [];
    // A run pays for what the run before it left (garbage, a collection under way), so the rounds take every order of
    // the kinds in turn: each kind follows each other kind equally often. (Turning one order would not do: plain, hit,
    // miss turned is still a cycle in which miss always follows hit.)
    const order = orders[(r - 1) % orders.length]!;
    for (const kind of order) {
      const { cpu, wall } = await run(kind);
      (results[kind] ??= { cpu: [], wall: [] }).cpu.push(cpu);
      results[kind].wall.push(wall);
      line.push(`${kind} CPU ${cpu.toFixed(0)} µs/call, wall ${wall.toFixed(0)} µs/call`);
    }
    console.log(`round ${r}: ${line.join('; ')}`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const quartiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return `${at(0.25).toFixed(2)}–${at(0.75).toFixed(2)}`;
  };
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const cpu = (kind: keyof typeof kinds) => results[kind]?.cpu;
  console.log(
    `median CPU per call: ${Object.keys(results)
      .map((kind) => `${kind} ${median(results[kind]!.cpu).toFixed(0)} µs`)
      .join(', ')}`,
  );
  const plain = cpu('plain');
  const hit = cpu('hit');
  const miss = cpu('miss');
  if (plain && hit) console.log(`a hit over plain: ${(median(hit) - median(plain)).toFixed(0)} µs`);
  if (plain && miss) {
    // Each round's ratio pairs runs made within seconds of each other (the shared machine's load drifts slower);
    // the ratio of the totals also charges the rare long pauses (a major collection) to the kind whose run had them.
    const ratios = miss.map((value, i) => value / plain[i]!);
    console.log(
      `miss/plain: median ${median(ratios).toFixed(2)} per round (quartiles ${quartiles(ratios)}), ` +
        `total CPU ${(sum(miss) / sum(plain)).toFixed(3)}`,
    );
  }
  await pool.close();
} finally {
  await server.stop();
  upstream.kill();
}
