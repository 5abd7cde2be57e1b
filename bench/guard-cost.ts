/**
 * What the MaaS content guard costs per call with a 1 KB prompt. Starts the built server as its own process and an
 * echo model server, makes two custom endpoints on one service (guard off, guard on), then alternates rounds of one
 * connection against each (the machine is shared and noisy: compare within a round, report the range). The echo
 * server answers with the prompt, so the guard checks about 1 KB of prompt and 1 KB of answer per call. Also times the
 * moderator itself on the same texts, in this process.
 *
 *   npm run build && node dist/bench/guard-cost.js [rounds=4] [seconds=5]
 */
import { Pool } from 'undici';
import { moderateText } from '../src/moderation/text/text-moderator.js';
import { startFakeModelServer } from '../test/helpers/fake-model-server.js';
import { startBenchServer } from './bench-server.js';

const rounds = Number(process.argv[2] ?? 4);
const seconds = Number(process.argv[3] ?? 5);

/** About 1 KB of ordinary English prose (nothing the guard blocks). */
function kilobytePrompt(seed: number): string {
  const words = [
    'the',
    'weather',
    'report',
    'for',
    'tomorrow',
    'says',
    'light',
    'rain',
    'in',
    'the',
    'morning',
    'and',
    'sunshine',
    'after',
    'lunch',
    'so',
    'bring',
    'an',
    'umbrella',
    'to',
    'the',
    'office',
    'meeting',
    'about',
    'quarterly',
    'planning',
    'budget',
    'review',
    'customers',
    'shipping',
    'schedule',
  ];
  let text = '';
  for (let i = 0; text.length < 1024; i++) text += words[(seed * 7 + i * 13) % words.length] + ' ';
  return text.slice(0, 1024);
}

const model = await startFakeModelServer();
const server = await startBenchServer();
try {
  const { projectId: project, call } = server;
  const service = await call('POST', `/v1/${project}/services`, {
    service_name: 'echo',
    upstream_url: model.url,
    mount_to_maas_gateway: true,
  });
  const agreement = await call('GET', `/v1/${project}/maas/compliance/agreements?lang=en`);
  const endpoints = `/v1/${project}/maas/services/custom-endpoint/endpoint`;
  const base = { source: 'custom_from_modelarts_v2', infer_service_id: service.service_id };
  await call('POST', endpoints, {
    ...base,
    endpoint_name: 'off',
    moderation: false,
    agreement_id: agreement.agreement_id,
  });
  await call('POST', endpoints, { ...base, endpoint_name: 'on' });
  const key = (await call('POST', `/v2/${project}/maas/api-auth/api-keys`, { allow_all: true })).api_key;

  const prompts = Array.from({ length: 16 }, (_, i) => kilobytePrompt(i));
  // One keep-alive connection, one call after another: the mean time per call, in microseconds.
  const pool = new Pool(server.baseUrl, { connections: 1 });
  const measure = async (endpoint: string) => {
    const bodies = prompts.map((content) => JSON.stringify({ model: endpoint, messages: [{ role: 'user', content }] }));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const until = Date.now() + seconds * 1000;
    const start = process.hrtime.bigint();
    let calls = 0;
    while (Date.now() < until) {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers,
        body: bodies[calls % 16],
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${endpoint}: answered ${res.statusCode}`);
      calls++;
    }
    return Number(process.hrtime.bigint() - start) / 1000 / calls;
  };
  await measure('off');
  await measure('on');
  const added: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const off = await measure('off');
    const on = await measure('on');
    added.push(on - off);
    console.log(`round ${r}: guard off ${off.toFixed(0)} µs, on ${on.toFixed(0)} µs per call (1 connection)`);
  }
  added.sort((a, b) => a - b);
  console.log(
    `guard adds ${added[0]!.toFixed(0)} to ${added.at(-1)!.toFixed(0)} µs per call ` +
      `(median ${added[Math.floor(added.length / 2)]!.toFixed(0)}) with a 1 KB prompt and a 1 KB answer`,
  );

  // The moderator alone on the same texts, in this process.
  const categories = ['terrorism', 'porn', 'ban', 'abuse', 'politics'] as const;
  for (const text of prompts) moderateText(text, categories);
  const perText: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) for (const text of prompts) moderateText(text, categories);
    perText.push(Number(process.hrtime.bigint() - start) / 1000 / (200 * prompts.length));
  }
  perText.sort((a, b) => a - b);
  console.log(`the text moderator: ${perText[0]!.toFixed(1)} to ${perText.at(-1)!.toFixed(1)} µs per 1 KB text`);
  await pool.close();
} finally {
  await server.stop();
  await model.close();
}
