import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { deriveKeys } from '../src/identity/crypto.js';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { signRequest } from '../src/identity/aksk-signature.js';
import { signToken } from '../src/identity/tokens.js';
import { loadConfig } from '../src/config.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, masterKey, request, startServer, type TestServer } from './helpers/server.js';

const decryptFail = 'Incorrect IAM authentication information: decrypt token fail';
const akskFail = 'Incorrect IAM authentication information: verify aksk signature fail';

/** Writes raw bytes and resolves with what comes back before the server answers or closes (or `waitMs` passes). */
function rawExchange(port: number, bytes: string, options: { waitMs?: number; keepOpen?: boolean } = {}) {
  return new Promise<{ data: string; elapsedMs: number; socket: net.Socket }>((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const done = () => resolve({ data, elapsedMs: Date.now() - started, socket });
    const timer = setTimeout(done, options.waitMs ?? 5000);
    socket.on('data', (d) => {
      data += d;
      if (/\r\n\r\n/.test(data) && !options.keepOpen) {
        clearTimeout(timer);
        setTimeout(done, 20);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function bodyOf(raw: string): { error_code?: string; error_msg?: string } {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('hardening: the gateway', () => {
  let server: TestServer;
  let token: string;
  let port: number;

  before(async () => {
    server = await startServer({ gateway: { requestTimeoutMs: 1500 } });
    token = await server.token();
    port = Number(new URL(server.baseUrl).port);
  });
  after(() => server.close());

  it('refuses a query parameter given twice in the family words, never a 5xx', async () => {
    expectError(
      await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements?lang=en&lang=zh`, { token }),
      400,
      'ModelArts.0101',
      'Invalid parameter: query parameter lang given more than once',
    );
    expectError(
      await server.call('GET', `/v2/${server.projectId}/maas/api-auth/api-keys?limit=5&limit=6`, { token }),
      400,
      'ModelArts.0101',
      'Invalid parameter: query parameter limit given more than once',
    );
    // The MaaS data plane refuses it in its own words.
    const key = await server.call('POST', `/v2/${server.projectId}/maas/api-auth/api-keys`, {
      token,
      body: { allow_all: true },
    });
    assert.equal(key.status, 200, key.text);
    expectError(
      await server.call('GET', '/v1/models?a=1&a=2', { headers: { Authorization: `Bearer ${key.json.api_key}` } }),
      400,
      'ModelArts.81001',
      'Invalid request body.',
    );
    expectError(
      await server.call('GET', '/v3.0/OS-CREDENTIAL/credentials?user_id=a&user_id=b', { token }),
      400,
      'IAM.0002',
      'Invalid request parameter: query parameter user_id given more than once',
    );
  });

  it('refuses JSON nested 10,000 deep as malformed JSON', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expectError(
      await server.call('POST', `/v3/${server.projectId}/moderation/text`, {
        token,
        rawBody: deep,
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'AIS.0014',
      'The JSON format of the input data is incorrect.',
    );
    expectError(
      await server.call('POST', `/v1/${server.projectId}/services`, {
        token,
        rawBody: '['.repeat(10_000) + ']'.repeat(10_000),
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'ModelArts.2115',
      'Invalid JSON request body',
    );
  });

  it('answers unreadable Content-Types with the family code', async () => {
    for (const contentType of ['application/json, text/plain', '', 'x'.repeat(3000), ';;;']) {
      expectError(
        await server.call('POST', `/v3/${server.projectId}/moderation/text`, {
          token,
          rawBody: '{}',
          headers: { 'Content-Type': contentType },
        }),
        400,
        'AIS.0010',
        'The header is missing or left empty.',
      );
      expectError(
        await server.call('POST', `/v1/${server.projectId}/services`, {
          token,
          rawBody: '{}',
          headers: { 'Content-Type': contentType },
        }),
        400,
        'ModelArts.2115',
        'Invalid JSON request body',
      );
    }
  });

  it('answers malformed JSON on operator routes with a 4xx', async () => {
    expectError(
      await server.call('POST', '/operator/v1/accounts', {
        rawBody: '{"name": ',
        headers: { 'Content-Type': 'application/json', 'X-Operator-Key': 'test-operator-key-0123456789' },
      }),
      400,
      'APIG.0400',
      'The request is malformed: the body is not JSON',
    );
  });

  it('answers bad percent-encoding, overlong parameters and a missing Host in the catalogue shape', async () => {
    const badPath = await rawExchange(
      port,
      `GET /v1/${server.projectId}/services/%E0%A4%A HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\n\r\n`,
    );
    assert.match(badPath.data, /^HTTP\/1\.1 400/);
    assert.deepEqual(bodyOf(badPath.data), {
      error_code: 'ModelArts.4202',
      error_msg: 'The request URL format is invalid.',
    });
    const long = await server.call('GET', `/v3/${server.projectId}/moderation/glossaries/${'g'.repeat(300)}`, {
      token,
    });
    expectError(long, 400, 'AIS.0005', 'The service does not exist.');
    const noHost = await rawExchange(port, `GET /v3/projects HTTP/1.1\r\nX-Auth-Token: ${token}\r\n\r\n`);
    assert.match(noHost.data, /^HTTP\/1\.1 400/);
    assert.deepEqual(bodyOf(noHost.data), {
      error_code: 'IAM.0002',
      error_msg: 'Invalid request parameter: no Host header',
    });
  });

  it('authenticates on the headers: a request without credentials is answered before its body is read', async () => {
    // 11 MB declared, 1 KB sent: the answer must come at once, not after the body (which never comes).
    const res = await rawExchange(
      port,
      `POST /v3/${server.projectId}/moderation/text HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${11 * 1024 * 1024}\r\n\r\n${'a'.repeat(1024)}`,
      { waitMs: 3000 },
    );
    assert.ok(res.elapsedMs < 1000, `answered after ${res.elapsedMs} ms`);
    assert.deepEqual(bodyOf(res.data), { error_code: 'APIG.0301', error_msg: decryptFail });
    res.socket.destroy();
  });

  it('drops a client whose body stalls, with APIG.0408 after the request time limit', async () => {
    const res = await rawExchange(
      port,
      `POST /v3/${server.projectId}/moderation/text HTTP/1.1\r\nHost: x\r\nX-Auth-Token: ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"event_type"`,
      { waitMs: 6000 },
    );
    assert.match(res.data, /^HTTP\/1\.1 408/);
    assert.deepEqual(bodyOf(res.data), { error_code: 'APIG.0408', error_msg: 'The request was not received in time.' });
    assert.ok(res.elapsedMs < 5000, `dropped after ${res.elapsedMs} ms`);
  });

  it('caps the body bytes of unproven callers in flight at once', async () => {
    const s = await startServer({ gateway: { unverifiedBodyBudgetBytes: 50_000 } });
    try {
      const p = Number(new URL(s.baseUrl).port);
      const login = (length: number) =>
        `POST /v3/auth/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{`;
      // The first login body holds 40 KB of the budget while it trickles in; the second does not fit beside it.
      const holding = await rawExchange(p, login(40_000), { waitMs: 300, keepOpen: true });
      assert.equal(holding.data, '');
      const refused = await rawExchange(p, login(20_000), { waitMs: 2000 });
      assert.match(refused.data, /^HTTP\/1\.1 400/);
      assert.match(refused.data, /retry-after: 1/i);
      assert.equal(bodyOf(refused.data).error_code, 'APIG.0308');
      holding.socket.destroy();
      // Once the server has seen the first client leave, its 40 KB are free again and the second body fits.
      const fits = await pollUntil('the budget of the client that left to be free', async () => {
        const tried = await rawExchange(p, login(20_000), { waitMs: 300, keepOpen: true });
        if (tried.data === '') return tried;
        tried.socket.destroy();
        return undefined;
      });
      fits.socket.destroy();
    } finally {
      await s.close();
    }
  });

  it('gives the budget back when a request is answered before its body: anonymous calls cannot lock logins out', async () => {
    // 11,184,810 bytes declared (under the gateway's limit, over the login's own), one sent: answered at once. Six
    // such reservations fill the default 64 MiB budget; were any kept, the logins below would answer APIG.0308.
    const login =
      'POST /v3/auth/tokens HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 11184810\r\n\r\n{';
    const keptOpen: net.Socket[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await rawExchange(port, login, { waitMs: 3000 });
      assert.match(res.data, /^HTTP\/1\.1 400/);
      assert.equal(bodyOf(res.data).error_code, 'APIG.0201');
      // Half are closed by the client, half left open: neither may hold the bytes.
      if (i % 2 === 0) res.socket.destroy();
      else keptOpen.push(res.socket);
    }
    try {
      assert.ok(await server.token());
      const key = await server.signed('POST', '/v3.0/OS-CREDENTIAL/credentials', {
        credential: { user_id: server.userId, description: 'after the budget test' },
      });
      assert.equal(key.status, 201, key.text);
      await server.signed('DELETE', `/v3.0/OS-CREDENTIAL/credentials/${key.json.credential.access}`);
    } finally {
      for (const socket of keptOpen) socket.destroy();
    }
  });

  it('answers an over-limit body before closing, so that a client still sending reads APIG.0201', async () => {
    const s = await startServer({ gateway: { bodyLimitBytes: 4096 } });
    try {
      const sToken = await s.token();
      const url = new URL(`/v1/${s.projectId}/services`, s.baseUrl);
      const body = Buffer.alloc(4 * 1024 * 1024, 'a');
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { 'X-Auth-Token': sToken, 'Content-Type': 'application/json', 'Content-Length': body.length },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(answer.status, 400);
      assert.deepEqual(JSON.parse(answer.text), {
        error_code: 'APIG.0201',
        error_msg: 'The request body is oversized.',
      });
    } finally {
      await s.close();
    }
  });

  it('refuses a payload hash that is not the body, unsigned host, and signed headers that are absent', async () => {
    const url = `/v1/${server.projectId}/services`;
    const body = '{"service_name":"x1","upstream_url":"http://127.0.0.1:9/v1","auth_mode":"none"}';
    const otherHash = 'a'.repeat(64);
    const wrongHash = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'x-sdk-content-sha256': otherHash },
        body: '{}',
        host: 'x',
      },
      server.accessKey,
      server.secretKey,
    );
    expectError(await request(server.baseUrl, 'POST', url, { headers: wrongHash, body }), 400, 'APIG.0301', akskFail);

    const withoutHost = signRequest(
      { method: 'GET', url: '/v3/projects', headers: {}, body: '' },
      server.accessKey,
      server.secretKey,
    );
    expectError(
      await request(server.baseUrl, 'GET', '/v3/projects', { headers: withoutHost }),
      400,
      'APIG.0301',
      akskFail,
    );

    const signed = signRequest(
      { method: 'GET', url: '/v3/projects', headers: { 'x-extra': 'yes' }, body: '', host: 'x' },
      server.accessKey,
      server.secretKey,
    );
    const { 'x-extra': _dropped, ...absent } = signed;
    expectError(await request(server.baseUrl, 'GET', '/v3/projects', { headers: absent }), 400, 'APIG.0301', akskFail);
    assert.equal((await request(server.baseUrl, 'GET', '/v3/projects', { headers: signed })).status, 200);
  });

  it('refuses a signature for another reading of the request target: "+", "&=", "%2F", "#"', async () => {
    /** Headers the cloud's own SDK signer makes for a GET of `path` with these (decoded) query parameters. */
    const sdkSigned = (path: string, queryParams: Record<string, string> = {}) =>
      AKSKSigner.sign(
        { endpoint: `${server.baseUrl}${path}`, method: 'GET', headers: {}, queryParams } as never,
        { getAk: () => server.accessKey, getSk: () => server.secretKey } as never,
      ) as Record<string, string>;
    const get = (target: string, headers: Record<string, string>) =>
      request(server.baseUrl, 'GET', target, { headers });

    // Signed for the name "a+b" (sent as a%2Bb); "a+b" on the wire is the name "a b" to the server.
    const plus = sdkSigned('/v3/projects', { name: 'a+b' });
    assert.equal((await get('/v3/projects?name=a%2Bb', plus)).status, 200);
    expectError(await get('/v3/projects?name=a+b', plus), 400, 'APIG.0301', akskFail);

    // A parameter with an empty name is a parameter the server reads.
    const one = sdkSigned('/v3/projects', { name: 'a' });
    assert.equal((await get('/v3/projects?name=a', one)).status, 200);
    expectError(await get('/v3/projects?name=a&=junk', one), 400, 'APIG.0301', akskFail);

    // Two segments signed; one segment holding "/" sent (the router reads a single access key "<ak>/x").
    const keyPath = `/v3.0/OS-CREDENTIAL/credentials/${server.accessKey}`;
    const twoSegments = sdkSigned(`${keyPath}/x`);
    expectError(await get(`${keyPath}%2Fx`, twoSegments), 400, 'APIG.0301', akskFail);

    // "#" ends the path for the router: a signature over the path "/v3/projects#x" does not cover /v3/projects.
    const hashed = signRequest(
      { method: 'GET', url: '/v3/projects%23x?name=a', headers: {}, body: '', host: 'x' },
      server.accessKey,
      server.secretKey,
    );
    const lines = Object.entries(hashed).map(([name, value]) => `${name}: ${value}\r\n`);
    const res = await rawExchange(port, `GET /v3/projects#x?name=a HTTP/1.1\r\n${lines.join('')}\r\n`);
    assert.match(res.data, /^HTTP\/1\.1 400/);
    assert.deepEqual(bodyOf(res.data), { error_code: 'APIG.0301', error_msg: akskFail });
    res.socket.destroy();
  });

  it('accepts a token only in its canonical encoding', async () => {
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character of a 32-byte signature carries two unused bits: flipping one decodes to the same bytes.
    const variant = token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    assert.notEqual(variant, token);
    assert.deepEqual(Buffer.from(variant.split('.')[1]!, 'base64url'), Buffer.from(token.split('.')[1]!, 'base64url'));
    expectError(await server.call('GET', '/v3/projects', { token: variant }), 400, 'APIG.0301', decryptFail);
    expectError(await server.call('GET', '/v3/projects', { token: `${token}=` }), 400, 'APIG.0301', decryptFail);
    assert.equal((await server.call('GET', '/v3/projects', { token })).status, 200);
    // A token of the right key with its claims edited is refused too.
    const keys = deriveKeys(Buffer.from(masterKey, 'hex'));
    assert.ok(
      signToken(keys.tokenSigning, { uid: 'x', un: 'x', did: 'x', dn: 'x', iat: 1, exp: 2 }).startsWith('MIIT'),
    );
  });

  it('refuses an operator key shorter than 16 characters at start', () => {
    assert.throws(() => loadConfig({ AISP_OPERATOR_KEY: 'change-me' }), /AISP_OPERATOR_KEY .*16 characters/);
  });

  it('locks out an address that keeps guessing the operator key', async () => {
    const s = await startServer();
    try {
      const guess = (key: string) =>
        s.call('GET', '/operator/v1/accounts/acme', { headers: { 'X-Operator-Key': key } });
      for (let i = 0; i < 10; i++) {
        expectError(
          await guess(`wrong-key-${i}-xxxxxxxx`),
          401,
          'APIG.0305',
          'Incorrect operator authentication information.',
        );
      }
      const locked = await guess('test-operator-key-0123456789');
      expectError(
        locked,
        400,
        'APIG.0308',
        'The request is sent too fast and exceeds the default rate limit of the service.',
      );
      assert.ok(Number(locked.headers['retry-after']) > 0);
    } finally {
      await s.close();
    }
  });

  it('refuses moderation settings for a project that does not exist', async () => {
    expectError(
      await server.operator('PUT', '/operator/v1/projects/no-such-project/moderation', { monthly_free_calls: 3 }),
      404,
      'IAM.0003',
      'Could not find project.',
    );
  });
});
