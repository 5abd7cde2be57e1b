import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { catalogue } from '../src/errors/catalogue.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { pollUntil } from './helpers/poll.js';
import { operatorKey, request, type Response, startServer, type TestServer } from './helpers/server.js';
import { maas } from './helpers/maas.js';
import { mulberry32 } from '../scripts/seeded-random.js';

/** A small seeded PRNG (mulberry32), so that a failing case can be replayed from its seed. */
function random(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

const nasty = [
  '',
  ' ',
  'a'.repeat(300),
  'x'.repeat(70_000),
  '<script>',
  "'; DROP TABLE x; --",
  '\u0000\u0001',
  '%',
  '%zz',
  '../../etc/passwd',
  'obs://media/%',
  's3://b/../x',
  'http://127.0.0.1:1/x',
  'http://[::7f00:1]/',
  'data:,x',
  '😀'.repeat(10),
  '\ud800',
  'null',
  '__proto__',
  'constructor',
  'chat-prod',
  'comment',
  'porn',
  'default',
];

function value(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.next() < 0.5;
    case 2:
      return r.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 60, 100_000_000]);
    case 3:
    case 4:
    case 5:
      return r.pick(nasty);
    case 6:
      return Array.from({ length: r.int(4) }, () => value(r, depth + 1));
    default: {
      const keys = [
        'data',
        'text',
        'url',
        'image',
        'event_type',
        'categories',
        'model',
        'messages',
        'stream',
        'endpoint_name',
        'service_id',
        'name',
        'words',
        'auth',
        'user',
        'project',
        'credential',
        'state',
        '__proto__',
        'constructor',
        'prototype',
        'rpm',
        'tpm',
        'moderation',
        'infer_service_id',
        'ip_whitelist',
        'glossary_names',
        'callback',
        'frame_interval',
      ];
      const object: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) object[r.pick(keys)] = value(r, depth + 1);
      return object;
    }
  }
}

function body(r: Random): string | Buffer | undefined {
  switch (r.int(10)) {
    case 0:
      return undefined;
    case 1:
      return '['.repeat(10_000) + ']'.repeat(10_000);
    case 2:
      return '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    case 3:
      return Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]);
    case 4:
      return '{"data": {"text": "unterminated';
    case 5:
      return JSON.stringify(r.pick(nasty));
    default:
      return JSON.stringify(value(r));
  }
}

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json, text/plain',
  '',
  'x'.repeat(5000),
  ';;;',
  'text/plain',
  'multipart/form-data; boundary=',
  'application/json; charset=utf-9',
  'application/json;;charset',
  '*/*',
];

function query(r: Random): string {
  const keys = ['offset', 'limit', 'endpoint_name', 'user_id', 'month', 'status', 'name', 'nocatalog'];
  const parts: string[] = [];
  for (let i = r.int(4); i > 0; i--) {
    const key = r.pick(keys);
    const raw = r.pick(['1', '-1', 'abc', '%', '%zz', 'a%00b', 'x'.repeat(300), '']);
    parts.push(`${key}=${raw}`);
    if (r.next() < 0.3) parts.push(`${key}=${raw}2`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes as its UTF-8 bytes. */
function encodePathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** Every error body must be a catalogue entry with its status and its message (parameters filled in). */
function assertCatalogueAnswer(res: Response, label: string): void {
  assert.ok(
    res.status < 500 || /^ModelArts\.500[234]$/.test(res.json?.error_code ?? ''),
    `${label}: ${res.status} ${res.text.slice(0, 300)}`,
  );
  if (res.status < 400) return;
  const code = res.json?.error_code as keyof typeof catalogue | undefined;
  const entry = code ? catalogue[code] : undefined;
  assert.ok(entry, `${label}: not a catalogue body: ${res.status} ${res.text.slice(0, 300)}`);
  assert.equal(res.status, entry.status, `${label}: ${code} with status ${res.status}`);
  const wordings = [entry.message, ...Object.values('variants' in entry ? (entry.variants ?? {}) : {})];
  const templates = wordings.map(
    (wording) => new RegExp(`^${wording.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%s/g, '[\\s\\S]*')}$`),
  );
  assert.ok(
    templates.some((template) => template.test(res.json.error_msg)),
    `${label}: message of ${code}: ${res.json.error_msg}`,
  );
  assert.equal(typeof res.headers['x-request-id'], 'string', `${label}: no request id`);
}

/** Sends raw bytes on a socket and reads the answer (for requests an HTTP client would not send). */
function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(baseUrl).port), '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d) => {
      data += d;
      if (/\r\n\r\n/.test(data) && /content-length: (\d+)/i.test(data)) {
        const length = Number(/content-length: (\d+)/i.exec(data)![1]);
        if (Buffer.byteLength(data.slice(data.indexOf('\r\n\r\n') + 4)) >= length) socket.end();
      }
    });
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function parseRaw(raw: string): Response {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  const text = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

/** A catalogue error body (code, status, one of its wordings), as the last event of a stream or a whole answer. */
function assertCatalogueBody(json: any, status: number, label: string): void {
  const code = json?.error_code as keyof typeof catalogue | undefined;
  const entry = code ? catalogue[code] : undefined;
  assert.ok(entry, `${label}: not a catalogue body: ${JSON.stringify(json)?.slice(0, 300)}`);
  if (status !== 200) assert.equal(status, entry.status, `${label}: ${code} with status ${status}`);
  const wordings = [entry.message, ...Object.values('variants' in entry ? (entry.variants ?? {}) : {})];
  assert.ok(
    wordings.some((wording) =>
      new RegExp(`^${wording.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%s/g, '[\\s\\S]*')}$`).test(
        json.error_msg,
      ),
    ),
    `${label}: message of ${code}: ${json.error_msg}`,
  );
}

/** The tag of the OpenAI-compatible data plane's routes in the OpenAPI document. */
const inferenceTag = 'MaaS inference (OpenAI-compatible)';

/** Optional OpenAI fields, the gateway's checked ones and some it passes on as they are. */
const inferenceFields = [
  'model',
  'messages',
  'prompt',
  'input',
  'query',
  'documents',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'temperature',
  'top_p',
  'top_k',
  'presence_penalty',
  'frequency_penalty',
  'stop',
  'chat_template_kwargs',
  'tools',
  'response_format',
  'seed',
  'user',
  '__proto__',
];

/** Values aimed at the data plane's checks: wrong types, huge and odd numbers, bad stream flags, deep nesting. */
function inferenceValue(r: Random, models: readonly string[]): unknown {
  switch (r.int(8)) {
    case 0:
      return r.pick([1e308, -1e308, 2 ** 53 + 1, -0, 0.5, -1, 4_294_967_296, Number.MAX_SAFE_INTEGER]);
    case 1:
      return r.pick(['true', 'false', 1, 0, null, {}, [], 'yes']);
    case 2:
      return r.pick([...models, 'no-such-model', 'x'.repeat(257), '', 'chat-prod ', 'CHAT-PROD']);
    case 3: {
      let nested: unknown = 'deep';
      for (let i = r.int(300); i > 0; i--) nested = r.next() < 0.5 ? [nested] : { a: nested };
      return nested;
    }
    case 4:
      return r.pick([
        [{ role: 'user', content: 'hi' }],
        [{ role: 'robot', content: 'hi' }],
        [{ role: 'user', content: 7 }],
        [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        [{ content: 'no role' }],
        [null],
        ['hi'],
        [{ role: 'user', content: 'porn '.repeat(50) }],
        Array.from({ length: 200 }, () => ({ role: 'user', content: 'many' })),
      ]);
    case 5:
      return r.pick([{ include_usage: true }, { include_usage: 'yes' }, { include_usage: false, extra: 1 }, 'on']);
    default:
      return value(r);
  }
}

/** A valid body for the route's kind, then a few mutations (or, now and then, something else entirely). */
function inferenceBody(r: Random, path: string, models: readonly string[]): string | Buffer | undefined {
  if (r.next() < 0.08) return body(r);
  const model = r.pick(models);
  const base: Record<string, unknown> = path.endsWith('/chat/completions')
    ? { model, messages: [{ role: 'user', content: 'one two three' }] }
    : path.endsWith('/completions')
      ? { model, prompt: 'one two three' }
      : path.endsWith('/embeddings')
        ? { model, input: ['one', 'two'] }
        : { model, query: 'one', documents: ['one two', 'three'] };
  if (r.next() < 0.3) base.stream = true;
  for (let i = r.int(4); i > 0; i--) {
    const field = r.pick(inferenceFields);
    if (r.next() < 0.2) delete base[field];
    else base[field] = inferenceValue(r, models);
  }
  let text = JSON.stringify(base);
  // Numbers JSON.stringify cannot write: past the double range (Infinity once parsed), and absurd exponents.
  if (r.next() < 0.1)
    text = text.replace(
      /}$/,
      `,"max_tokens":${r.pick(['1e400', '-1e400', '1e-400', '123456789012345678901234567890'])}}`,
    );
  return text;
}

/** A streamed call whose client destroys its socket at a point chosen by `r`; resolves with the bytes it saw. */
function leaveStream(
  baseUrl: string,
  apiKey: string,
  body: string,
  leave: { when: 'mid-body' | 'before-answer' | 'after-bytes' | 'after-ms'; bytes: number; ms: number },
): Promise<number> {
  const url = new URL('/v1/chat/completions', baseUrl);
  return new Promise((resolve) => {
    let seen = 0;
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: url.pathname,
      // Each on a connection of its own, as streaming clients open them (no peer address read before).
      agent: false,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
      },
    });
    req.on('response', (res) => {
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (leave.when === 'after-bytes' && seen >= leave.bytes) req.destroy();
      });
      res.on('end', () => req.destroy());
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve(seen));
    if (leave.when === 'mid-body') {
      req.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      setTimeout(() => req.destroy(), leave.ms);
      return;
    }
    req.end(body);
    if (leave.when === 'before-answer') req.once('finish', () => setImmediate(() => req.destroy()));
    if (leave.when === 'after-ms') setTimeout(() => req.destroy(), leave.ms);
  });
}

/** A sample of /metrics (Prometheus text), summed over its label sets; undefined when absent. */
function metricValue(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      total = (total ?? 0) + Number(line.split(' ').at(-1));
  }
  return total;
}

describe('fuzz: no input gets a 5xx or a body outside the catalogue', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let routes: { method: string; path: string }[];
  let inferenceRoutes: { method: string; path: string }[];
  /** Names the generated bodies call: an endpoint and an operator model of the echo model server. */
  const models = ['chat-prod', 'qwen2.5-7b'] as const;

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      // Read without the operator key: the fuzz locks this address out of the operator's routes by guessing keys.
      metricsPublic: true,
      maas: { inference: { allowPrivateUpstreams: true } },
      moderation: { jobs: { concurrency: 0 } },
    });
    token = await server.token();
    const setup = maas(server, token);
    await setup.deployModel('qwen2.5-7b', model.url);
    // Streams that hold after their first event until released, and answers that take 2 s to start.
    await setup.deployModel('held', model.url, { upstream_model: 'gated-model' });
    await setup.deployModel('slow', model.url, { upstream_model: 'slow-model' });
    const serviceId = await setup.createService('svc', model.url, { upstream_model: 'm' });
    await setup.createEndpoint({
      endpoint_name: 'chat-prod',
      source: 'custom_from_modelarts_v2',
      infer_service_id: serviceId,
    });
    apiKey = (await setup.createKey({ label: 'fuzz' })).api_key;
    const document = (await server.call('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    assert.ok(routes.length > 20);
    inferenceRoutes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.tags?.includes(inferenceTag))
        .map(([method]) => ({ method: method.toUpperCase(), path })),
    );
    assert.ok(inferenceRoutes.filter((route) => route.method === 'POST').length >= 8, JSON.stringify(inferenceRoutes));
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('answers thousands of generated requests across every route with the catalogue', async () => {
    const r = random(20261124);
    const failures: string[] = [];
    const answers = new Map<string, number>();
    for (let i = 0; i < 2500; i++) {
      const route = r.pick(routes);
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === 'project_id' && r.next() < 0.7
          ? server.projectId
          : encodePathSegment(String(r.pick(nasty))).slice(0, 400),
      );
      const headers: Record<string, string> = {};
      switch (r.int(5)) {
        case 0:
          headers['X-Auth-Token'] = token;
          break;
        case 1:
          headers.Authorization = `Bearer ${apiKey}`;
          break;
        case 2:
          headers['X-Operator-Key'] = operatorKey;
          break;
        case 3:
          headers['X-Auth-Token'] = r.pick(nasty.slice(0, 12)).replace(/[^\x20-\x7e]/g, '') || 'x';
          break;
      }
      const contentType = r.pick(contentTypes);
      if (contentType !== '' || r.next() < 0.5) headers['Content-Type'] = contentType;
      const payload = route.method === 'GET' && r.next() < 0.8 ? undefined : body(r);
      const label = `#${i} ${route.method} ${path}`;
      const res = await request(server.baseUrl, route.method, path + query(r), {
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const answer = `${res.status} ${res.json?.error_code ?? ''}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      try {
        assertCatalogueAnswer(res, label);
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0]!);
        if (process.env.FUZZ_REPORT) {
          (await import('node:fs')).appendFileSync(
            process.env.FUZZ_REPORT,
            `${label} ct=${JSON.stringify(contentType)} hdr=${Object.keys(headers).join(',')} body=${String(payload).slice(0, 150)}\n  -> ${res.status} ${res.text.slice(0, 200)}\n`,
          );
        }
      }
    }
    if (process.env.FUZZ_REPORT) {
      const lines = [...answers].sort((a, b) => b[1] - a[1]).map(([answer, count]) => `${count}\t${answer}`);
      (await import('node:fs')).appendFileSync(process.env.FUZZ_REPORT, `answers:\n${lines.join('\n')}\n`);
    }
    assert.deepEqual(failures.slice(0, 5), []);
  });

  it('answers malformed request lines and headers in the catalogue shape', async () => {
    const port = new URL(server.baseUrl).port;
    const cases = [
      `GET /v3/projects HTTP/1.1\r\nX-Auth-Token: ${token}\r\n\r\n`,
      `GET /v1/${server.projectId}/maas/services/custom-endpoint/endpoint/%E0%A4%A HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\n\r\n`,
      `GET /v1/${server.projectId}/maas/services/custom-endpoint/endpoint/${'a'.repeat(300)} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\n\r\n`,
      `GET /v3/${'p'.repeat(300)}/moderation/text HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /v3/${server.projectId}/moderation/text HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\nContent-Type: application/json, text/plain\r\nContent-Length: 2\r\n\r\n{}`,
      `GET /operator/v1/accounts/acme%zz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Operator-Key: ${operatorKey}\r\n\r\n`,
    ];
    for (const [index, bytes] of cases.entries()) {
      const res = parseRaw(await rawExchange(server.baseUrl, bytes));
      assertCatalogueAnswer(res, `raw case ${index}`);
      assert.ok(res.status >= 400, `raw case ${index}: ${res.status}`);
    }
  });

  it('answers generated bodies on every inference route, past the API key, with the catalogue', async () => {
    const seed = 20261125;
    const r = random(seed);
    const failures: string[] = [];
    const answers = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < 700; i++) {
      const route = r.pick(inferenceRoutes);
      const label = `seed ${seed} #${i} ${route.method} ${route.path}`;
      const path = route.path.replace(/\{(\w+)\}/g, () => encodePathSegment(String(r.pick([...models, ...nasty]))));
      const payload = route.method === 'GET' ? undefined : inferenceBody(r, path, models);
      const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}` };
      if (r.next() < 0.95) headers['Content-Type'] = 'application/json';
      const res = await request(server.baseUrl, route.method, path, {
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const answer = `${res.status} ${res.json?.error_code ?? ''}`;
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      try {
        // An upstream that refuses what the gateway passes on as it came (an unchecked field of the wrong type) is
        // the documented 502 ModelArts.5003, quoting it; any other 5xx is the gateway's own failure.
        assert.ok(
          res.status < 500 || (res.status === 502 && res.json?.error_code === 'ModelArts.5003'),
          `${label}: ${res.status} ${res.text.slice(0, 300)}`,
        );
        if (res.status >= 400) assertCatalogueAnswer(res, label);
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          for (const line of res.text.split('\n')) {
            if (!line.startsWith('data: {')) continue;
            const event = JSON.parse(line.slice(6));
            if (event.error_code !== undefined) assertCatalogueBody(event, 200, `${label} (stream)`);
          }
        }
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0]!);
      }
    }
    if (process.env.FUZZ_REPORT) {
      const lines = [...answers].sort((a, b) => b[1] - a[1]).map(([answer, count]) => `${count}\t${answer}`);
      (await import('node:fs')).appendFileSync(process.env.FUZZ_REPORT, `inference answers:\n${lines.join('\n')}\n`);
    }
    assert.deepEqual(failures.slice(0, 5), []);
    // The bodies got past the key and the checks to the models, and not all of them did.
    assert.ok((answers.get('200 ') ?? 0) > 50, JSON.stringify([...answers]));
    assert.ok((answers.get('400 ModelArts.81001') ?? 0) > 50, JSON.stringify([...answers]));
    assert.ok(Date.now() - started < 60_000);
  });

  it('stays whole when streaming clients leave at random points', async () => {
    const seed = 20261126;
    const r = random(seed);
    const key = (await maas(server, token).createKey({ label: 'leavers' })).api_key;
    const whens = ['mid-body', 'before-answer', 'after-bytes', 'after-bytes', 'after-ms'] as const;
    const seen: number[] = [];
    for (let round = 0; round < 6; round++) {
      const calls = Array.from({ length: 6 }, () => {
        // Echo streams (up to 300 events, cut anywhere), a stream held after its first event, and a model that
        // takes 2 s to answer (left before its headers: waiting for its bytes would only slow the test down).
        const modelName = r.pick([...models, 'held', 'slow']);
        const content = Array.from({ length: 1 + r.int(300) }, (_, i) => `w${i}`).join(' ');
        const body = JSON.stringify({
          model: modelName,
          stream: true,
          ...(r.next() < 0.5 ? { stream_options: { include_usage: true } } : {}),
          messages: [{ role: 'user', content }],
        });
        let when = r.pick(whens);
        if (modelName === 'slow' && when === 'after-bytes') when = 'after-ms';
        // The held stream sends one event and then nothing until released: its client leaves on that first event.
        const bytes = modelName === 'held' ? 1 : 1 + r.int(4000);
        return leaveStream(server.baseUrl, key, body, { when, bytes, ms: r.int(40) });
      });
      seen.push(...(await Promise.all(calls)));
    }
    model.release();

    const metrics = async () => {
      const res = await request(server.baseUrl, 'GET', '/metrics');
      assert.equal(res.status, 200, res.text);
      return res.text;
    };
    // Every call ends, however its client left: nothing still counted as running, no replica still held.
    await pollUntil('the calls in flight to return to zero', async () => {
      const text = await metrics();
      return metricValue(text, 'aisp_maas_calls_in_flight') === 0 &&
        (metricValue(text, 'aisp_maas_replica_outstanding') ?? 0) === 0
        ? true
        : undefined;
    });
    assert.equal(metricValue(await metrics(), 'aisp_maas_statistics_rows_dropped_total') ?? 0, 0);

    // The server still answers, and so do the statistics, for calls its clients left included.
    assert.equal((await request(server.baseUrl, 'GET', '/health')).status, 200);
    const plain = await request(server.baseUrl, 'POST', '/v1/chat/completions', {
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'chat-prod', messages: [{ role: 'user', content: 'still here' }] }),
    });
    assert.equal(plain.status, 200, plain.text);
    const now = Date.now();
    const span = { start_time: now - 3600_000, end_time: now + 60_000, api_keys: ['leavers'] };
    const monitoring = `/v1/${server.projectId}/maas/monitoring`;
    let counted = 0;
    for (const serviceType of [2, 3]) {
      const res = await server.call('POST', `${monitoring}/show-statistics`, {
        token,
        body: { service_type: serviceType, infer_type: 'real_time', ...span },
      });
      assert.equal(res.status, 200, res.text);
      counted += res.json.total_request_count;
    }
    for (const path of ['list-service-statistics', 'source-ips']) {
      const res = await server.call('POST', `${monitoring}/${path}`, { token, body: span });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
    }
    // Each call that got an answer started was counted (and the plain one); none was counted twice.
    const answered = seen.filter((bytes) => bytes > 0).length;
    assert.ok(
      counted >= answered + 1 && counted <= seen.length + 1,
      `seed ${seed}: ${counted} counted, ${answered} answered of ${seen.length}`,
    );
  });
});
