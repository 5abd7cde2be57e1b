import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { catalogue } from '../src/errors/catalogue.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { operatorKey, request, type Response, startServer, type TestServer } from './helpers/server.js';
import { maas } from './helpers/maas.js';

/** A small seeded PRNG (mulberry32), so that a failing case can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

describe('fuzz: no input gets a 5xx or a body outside the catalogue', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let routes: { method: string; path: string }[];

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: { inference: { allowPrivateUpstreams: true } },
      moderation: { jobs: { concurrency: 0 } },
    });
    token = await server.token();
    const setup = maas(server, token);
    await setup.deployModel('qwen2.5-7b', model.url);
    const serviceId = await setup.createService('svc', model.url, { upstream_model: 'm' });
    await setup.createEndpoint({
      endpoint_name: 'chat-prod',
      source: 'custom_from_modelarts_v2',
      infer_service_id: serviceId,
    });
    apiKey = (await setup.createKey({ label: 'fuzz' })).api_key;
    const document = (await server.call('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    assert.ok(routes.length > 20);
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
});
