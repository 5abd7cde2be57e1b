/**
 * A batch across a crash: `lines` chat lines through a fixed-answer upstream (this process, counting the calls it
 * gets per line), the server killed with SIGKILL once about a third of them ran, then started again on the same data
 * folder. Prints the lines done, lost (no line in the output or error file) and duplicated (a line twice in them),
 * the lines the upstream was asked twice (a line whose answer came but whose result the kill kept from being saved
 * runs again: results are saved exactly once, upstream calls at least once), and the wall time.
 *
 *   npm run build && node dist/bench/batch-crash.js [lines=10000] [concurrency=8]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixedAnswerEndpoints, startBenchServer, type BenchServer } from './bench-server.js';

const lineCount = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 8);

const hits = new Map<string, number>();
const answer = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'A fixed answer.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
});
const upstream = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const content = (JSON.parse(Buffer.concat(chunks).toString()) as { messages: { content: string }[] }).messages[0]!
        .content;
      hits.set(content, (hits.get(content) ?? 0) + 1);
    } catch {
      // a health check or a probe: not a line
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamPort = (upstream.address() as AddressInfo).port;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-batch-crash-'));
const env = {
  AISP_BATCH_CONCURRENCY: String(concurrency),
  AISP_BATCH_LEASE_SECONDS: '2',
  AISP_LOG_LEVEL: 'warn',
};
const batchOf = async (server: BenchServer, key: string, id: string) => {
  const res = await fetch(`${server.baseUrl}/v1/batches/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return (await res.json()) as {
    status: string;
    request_counts: { completed: number; failed: number };
    output_file_id: string | null;
    error_file_id: string | null;
  };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server = await startBenchServer(env, { dataDir });
try {
  const key = await fixedAnswerEndpoints(server, upstreamPort, { fixed: {} });
  const input = Array.from({ length: lineCount }, (_, i) =>
    JSON.stringify({
      custom_id: `line-${i}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'fixed', messages: [{ role: 'user', content: `line-${i}` }] },
    }),
  ).join('\n');
  const form = new FormData();
  form.set('purpose', 'batch');
  form.set('file', new Blob([input]), 'crash.jsonl');
  const file = (await (
    await fetch(`${server.baseUrl}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    })
  ).json()) as { id: string };
  const started = performance.now();
  const created = (await (
    await fetch(`${server.baseUrl}/v1/batches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
    })
  ).json()) as { id: string };

  let doneAtKill = 0;
  for (;;) {
    const batch = await batchOf(server, key, created.id);
    doneAtKill = batch.request_counts.completed + batch.request_counts.failed;
    if (doneAtKill >= lineCount / 3) break;
    await sleep(20);
  }
  await server.kill();
  const killedAt = performance.now();
  server = await startBenchServer(env, { dataDir });
  let batch;
  for (;;) {
    batch = await batchOf(server, key, created.id);
    if (['completed', 'failed', 'cancelled', 'expired'].includes(batch.status)) break;
    await sleep(50);
  }
  const wall = (performance.now() - started) / 1000;
  const download = async (id: string | null) =>
    id === null
      ? []
      : (
          await (
            await fetch(`${server.baseUrl}/v1/files/${id}/content`, { headers: { authorization: `Bearer ${key}` } })
          ).text()
        )
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
  const ids = [...(await download(batch.output_file_id)), ...(await download(batch.error_file_id))];
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  let lost = 0;
  for (let i = 0; i < lineCount; i++) if (!seen.has(`line-${i}`)) lost++;
  const duplicated = [...seen.values()].filter((n) => n > 1).length;
  const askedTwice = [...hits.values()].filter((n) => n > 1).length;
  const neverAsked = lineCount - hits.size;
  console.log(
    JSON.stringify(
      {
        lines: lineCount,
        concurrency,
        status: batch.status,
        done: batch.request_counts.completed + batch.request_counts.failed,
        succeeded: batch.request_counts.completed,
        lost,
        duplicated,
        done_when_killed: doneAtKill,
        upstream_asked_twice: askedTwice,
        upstream_never_asked: neverAsked,
        restart_to_end_s: Number(((performance.now() - killedAt) / 1000).toFixed(1)),
        wall_s: Number(wall.toFixed(1)),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
}
