import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { canonicalQuery, canonicalUri, formatSdkDate, signRequest } from '../src/identity/aksk-signature.js';
import { deriveKeys } from '../src/identity/crypto.js';
import { signToken } from '../src/identity/tokens.js';
import { expectError, masterKey, request, startServer, type TestServer } from './helpers/server.js';

const decryptFail = 'Incorrect IAM authentication information: decrypt token fail';
const tokenExpires = 'Incorrect IAM authentication information: token expires';
const akskFail = 'Incorrect IAM authentication information: verify aksk signature fail';

describe('API gateway', () => {
  let server: TestServer;
  let token: string;

  before(async () => {
    server = await startServer({ gateway: { bodyLimitBytes: 4096 } as never });
    token = await server.token();
  });
  after(() => server.close());

  it('answers APIG.0101 for an unknown API and for a wrong method, with a request id', async () => {
    const unknown = await server.call('GET', '/v2/no/such/api', { token });
    expectError(unknown, 400, 'APIG.0101', 'The API does not exist or has not been published.');
    expectError(
      await server.call('PATCH', '/v3/auth/tokens'),
      400,
      'APIG.0101',
      'The API does not exist or has not been published.',
    );
    // A custom endpoint is edited (PUT) and deleted (DELETE), never posted to.
    expectError(
      await server.call('POST', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint/abc`, {
        token,
        body: {},
      }),
      400,
      'APIG.0101',
      'The API does not exist or has not been published.',
    );
    // The API of before the cloud's contract is gone.
    expectError(
      await server.call('GET', `/v1/${server.projectId}/maas/custom-endpoints`, { token }), // the pre-contract path
      400,
      'APIG.0101',
      'The API does not exist or has not been published.',
    );
    const ok = await server.call('GET', '/v3/projects', { token });
    assert.equal(ok.status, 200);
    assert.match(String(ok.headers['x-request-id']), /^[0-9a-f]{32}$/);
    assert.notEqual(ok.headers['x-request-id'], unknown.headers['x-request-id']);
  });

  it('answers APIG.0201 for a body over the configured limit', async () => {
    const big = JSON.stringify({ endpoint_name: 'x', model_name: 'm', remark: 'y'.repeat(5000) });
    expectError(
      await server.call('POST', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
        token,
        rawBody: big,
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'APIG.0201',
      'The request body is oversized.',
    );
  });

  it('answers ModelArts.4104 for an invalid Content-Length, in the catalogue shape', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(server.baseUrl).port), '127.0.0.1');
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write(
        `POST /v1/${server.projectId}/maas/services/custom-endpoint/endpoint HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}`,
      );
    });
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    assert.deepEqual(body, { error_code: 'ModelArts.4104', error_msg: 'The length of the request body is invalid.' });
    assert.match(raw, /X-Request-Id: [0-9a-f]{32}/);
  });

  it('answers APIG.0301 naming the failed check', async () => {
    expectError(await server.call('GET', '/v3/projects'), 400, 'APIG.0301', decryptFail);
    expectError(await server.call('GET', '/v3/projects', { token: 'not-a-token' }), 400, 'APIG.0301', decryptFail);
    // A token signed with another key is not ours.
    const foreign = signToken(deriveKeys(Buffer.from('b'.repeat(64), 'hex')).tokenSigning, {
      uid: server.userId,
      un: 'admin',
      did: 'x',
      dn: 'acme',
      iat: 1,
      exp: 4_000_000_000,
    });
    expectError(await server.call('GET', '/v3/projects', { token: foreign }), 400, 'APIG.0301', decryptFail);
    // A token of ours that is older than 24 h.
    const account = await server.platform.identity.directory.findAccountByName('acme');
    const now = Math.floor(Date.now() / 1000);
    const expired = signToken(deriveKeys(Buffer.from(masterKey, 'hex')).tokenSigning, {
      uid: server.userId,
      un: 'admin',
      did: account!.id,
      dn: 'acme',
      pid: server.projectId,
      pn: 'cn-test-1',
      iat: now - 86_401,
      exp: now - 1,
    });
    expectError(await server.call('GET', '/v3/projects', { token: expired }), 400, 'APIG.0301', tokenExpires);
  });

  it('answers the ModelArts token codes on ModelArts APIs', async () => {
    const url = `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`;
    expectError(await server.call('GET', url), 400, 'ModelArts.4101', 'The token is empty.');
    expectError(
      await server.call('GET', url, { token: 'garbage' }),
      400,
      'ModelArts.4102',
      'Failed to parse the token.',
    );
    expectError(
      await server.call('GET', url, { token: token.slice(0, -4) + 'AAAA' }),
      400,
      'ModelArts.4103',
      'The token is invalid.',
    );
    const domainToken = await server.token({ project: null });
    expectError(await server.call('GET', url, { token: domainToken }), 400, 'ModelArts.0203', 'Invalid token.');
  });

  it('issues project tokens valid for 24 hours', async () => {
    const res = await server.call('POST', '/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', password: 'admin-password-1', domain: { name: 'acme' } } },
          },
          scope: { project: { id: server.projectId } },
        },
      },
    });
    assert.equal(res.status, 201, res.text);
    assert.ok(res.headers['x-subject-token']);
    const lifetime = Date.parse(res.json.token.expires_at) - Date.parse(res.json.token.issued_at);
    assert.equal(lifetime, 24 * 3600 * 1000);
    assert.equal(res.json.token.project.id, server.projectId);
  });

  it('accepts SDK-HMAC-SHA256 requests signed by the public cloud SDK signer', async () => {
    const port = new URL(server.baseUrl).port;
    const data = { service_name: 'signed-svc', upstream_url: 'http://127.0.0.1:9/v1', auth_mode: 'none' };
    const sdkRequest = {
      endpoint: `http://127.0.0.1:${port}/v1/${server.projectId}/services`,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' } as Record<string, string>,
      queryParams: {},
      data,
    };
    const credential = { getAk: () => server.accessKey, getSk: () => server.secretKey };
    const headers = AKSKSigner.sign(sdkRequest as never, credential as never) as Record<string, string>;
    const res = await request(server.baseUrl, 'POST', `/v1/${server.projectId}/services`, {
      headers,
      body: JSON.stringify(data),
    });
    assert.equal(res.status, 201, res.text);

    const listRequest = {
      endpoint: `http://127.0.0.1:${port}/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`,
      method: 'GET',
      headers: {},
      queryParams: { limit: '5', endpoint_name: 'a b~*' },
    };
    const listHeaders = AKSKSigner.sign(listRequest as never, credential as never) as Record<string, string>;
    const listed = await request(
      server.baseUrl,
      'GET',
      `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint?limit=5&endpoint_name=a%20b~*`,
      { headers: listHeaders },
    );
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.count, '0');

    // The SDK's IAM discovery sends and signs a `{}` body on GET: the gateway reads it to check the signature.
    const withBody = { ...listRequest, queryParams: {}, data: {} };
    const withBodyHeaders = AKSKSigner.sign(withBody as never, credential as never) as Record<string, string>;
    const got = await request(server.baseUrl, 'GET', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
      // Node's client frames a GET body only when told its length.
      headers: { ...withBodyHeaders, 'content-type': 'application/json', 'content-length': '2' },
      body: '{}',
    });
    assert.equal(got.status, 200, got.text);
  });

  it("accepts requests signed by this project's own signer, and rejects tampered ones (APIG.0301)", async () => {
    assert.equal((await server.signed('GET', '/v3/projects')).status, 200);
    const url = `/v1/${server.projectId}/services`;
    const headers = signRequest(
      { method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"a":1}', host: 'x' },
      server.accessKey,
      server.secretKey,
    );
    expectError(await request(server.baseUrl, 'POST', url, { headers, body: '{"a":2}' }), 400, 'APIG.0301', akskFail);
    const wrongKey = signRequest(
      { method: 'GET', url: '/v3/projects', headers: {}, body: '', host: 'x' },
      server.accessKey,
      'wrong-secret',
    );
    expectError(
      await request(server.baseUrl, 'GET', '/v3/projects', { headers: wrongKey }),
      400,
      'APIG.0301',
      akskFail,
    );
    const unknownAk = signRequest(
      { method: 'GET', url: '/v3/projects', headers: {}, body: '', host: 'x' },
      'UNKNOWNACCESSKEY0000',
      server.secretKey,
    );
    expectError(
      await request(server.baseUrl, 'GET', '/v3/projects', { headers: unknownAk }),
      400,
      'APIG.0301',
      akskFail,
    );
    const stale = signRequest(
      { method: 'GET', url: '/v3/projects', headers: {}, body: '', host: 'x' },
      server.accessKey,
      server.secretKey,
      new Date(Date.now() - 3600_000),
    );
    expectError(await request(server.baseUrl, 'GET', '/v3/projects', { headers: stale }), 400, 'APIG.0301', akskFail);
  });

  it('builds canonical URIs and queries as the SDK signers do', () => {
    assert.equal(canonicalUri('/v1/abc'), '/v1/abc/');
    assert.equal(canonicalUri('/v1/a%20b/'), '/v1/a%20b/');
    assert.equal(canonicalQuery('b=2&a=1&a=0&c'), 'a=0&a=1&b=2&c=');
    // As the server reads the query: "+" is a space, %2B a plus, and a pair with an empty name a parameter.
    assert.equal(canonicalQuery('q=%E4%BD%A0+*'), 'q=%E4%BD%A0%20%2A');
    assert.equal(canonicalQuery('q=a%2Bb'), 'q=a%2Bb');
    assert.equal(canonicalQuery('a=1&=junk'), '=junk&a=1');
    assert.equal(canonicalUri('/v1/a%2Fb'), '/v1/a%2Fb/');
    assert.equal(canonicalUri('/v1/a/b'), '/v1/a/b/');
    assert.equal(formatSdkDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '20260102T030405Z');
  });

  it('serves Prometheus metrics to the operator', async () => {
    await server.call('GET', '/v3/projects', { token });
    expectError(
      await server.call('GET', '/metrics'),
      401,
      'APIG.0305',
      'Incorrect operator authentication information.',
    );
    const metrics = await server.operator('GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /aisp_http_requests_total\{route="\/v3\/projects",method="GET",status="200"\} \d+/);
    assert.match(metrics.text, /# TYPE aisp_http_request_duration_seconds histogram/);
    // A histogram's buckets are cumulative and end in +Inf, which equals its count.
    const series = (suffix: string, le?: string) => {
      const labels = `route="/v3/projects",method="GET"${le === undefined ? '' : `,le="${le}"`}`;
      const line = metrics.text
        .split('\n')
        .find((l) => l.startsWith(`aisp_http_request_duration_seconds_${suffix}{${labels}} `));
      assert.ok(line, `no ${suffix} ${le ?? ''} line`);
      return Number(line.split(' ').at(-1));
    };
    const count = series('count');
    assert.ok(count >= 1);
    assert.equal(series('bucket', '+Inf'), count);
    assert.ok(series('bucket', '0.001') <= series('bucket', '60'));
    assert.equal(series('bucket', '60'), count);
    assert.ok(series('sum') > 0);
    assert.match(metrics.text, /aisp_process_cpu_seconds_total/);
    // The live heap (after a full collection) is what shows a leak; heap used also counts garbage.
    assert.match(
      metrics.text,
      /# TYPE aisp_nodejs_heap_after_major_gc_bytes gauge\naisp_nodejs_heap_after_major_gc_bytes \d+/,
    );
    const withoutProcess = await startServer({ metricsProcess: false });
    try {
      assert.doesNotMatch((await withoutProcess.operator('GET', '/metrics')).text, /aisp_process_cpu_seconds_total/);
    } finally {
      await withoutProcess.close();
    }
  });

  it('rate-limits per user and API (APIG.0308)', async () => {
    const s = await startServer({ gateway: { rateLimitPerSecond: 2, rateLimitBurst: 1 } as never });
    try {
      const t = await s.token();
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await s.call('GET', '/v3/projects', { token: t }));
      assert.equal(results.filter((r) => r.status === 200).length, 3);
      expectError(
        results[5]!,
        400,
        'APIG.0308',
        'The request is sent too fast and exceeds the default rate limit of the service.',
      );
      // Another API of the same user has its own allowance.
      assert.equal((await s.call('GET', `/v1/${s.projectId}/services`, { token: t })).status, 200);
    } finally {
      await s.close();
    }
  });
});
