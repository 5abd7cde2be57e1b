import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRequest } from '../src/identity/aksk-signature.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';

const chatBody = { model: 'direct-model', messages: [{ role: 'user', content: 'straight through' }] };

describe('real-time services called directly at /v1/infers/{service_id}', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let serviceId: string;
  let openServiceId: string;
  let url: string;

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      gateway: { bodyLimitBytes: 64 * 1024 },
      maas: { inference: { allowPrivateUpstreams: true } },
    });
    token = await server.token();
    const m = maas(server, token);
    serviceId = await m.createService('direct', model.url, { auth_mode: 'token', mount_to_maas_gateway: false });
    openServiceId = await m.createService('open', model.url, { auth_mode: 'none', mount_to_maas_gateway: false });
    url = `/v1/infers/${serviceId}/v1/chat/completions`;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('relays a call with a project token to the service, without the token', async () => {
    const res = await server.call('POST', url, { token, body: chatBody });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.choices[0].message.content, 'echo: straight through');
    // Relayed as sent: the model name is the caller's, and no credential reaches the service.
    const seen = model.requests.at(-1)!;
    assert.equal(seen.path, '/v1/chat/completions');
    assert.equal(seen.body.model, 'direct-model');
    assert.equal(seen.headers!['x-auth-token'], undefined);
    // The service's own errors come back as it sent them.
    const missing = await server.call('GET', `/v1/infers/${serviceId}/v1/unknown?x=1`, { token });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: { message: 'not found' } });
    assert.equal(model.requests.at(-1)!.path, '/v1/unknown?x=1');
  });

  it('relays a call signed with AK/SK, and streams', async () => {
    const signed = await server.signed('POST', url, chatBody);
    assert.equal(signed.status, 200, signed.text);
    const streamed = await server.call('POST', url, { token, body: { ...chatBody, stream: true } });
    assert.equal(streamed.status, 200);
    assert.match(String(streamed.headers['content-type']), /text\/event-stream/);
    assert.ok(streamed.text.includes('data: [DONE]'));
  });

  it("relays calls signed by the cloud's SDK signer as sent: trailing slashes, query values with spaces, +, unicode", async () => {
    const query = '?q=a+b%2Bc%20%E5%90%8D&mark=-_.~!*()&empty=';
    for (const rest of [
      '/v1/chat/completions',
      '/v1/chat/completions/',
      '/v1/unknown/' + query,
      '/v1/unknown' + query,
    ]) {
      const res = await server.sdk('POST', `/v1/infers/${serviceId}${rest}`, chatBody);
      assert.notEqual(res.json?.error_code, 'APIG.0301', `${rest}: ${res.text}`);
      assert.equal(model.requests.at(-1)!.path, rest);
    }
    // The service's root, with and without the slash.
    for (const root of ['', '/']) {
      const res = await server.sdk('GET', `/v1/infers/${serviceId}${root}`);
      assert.notEqual(res.json?.error_code, 'APIG.0301', `${root}: ${res.text}`);
    }
  });

  it('needs no credential for a service whose authentication mode is none', async () => {
    const res = await server.call('POST', `/v1/infers/${openServiceId}/v1/chat/completions`, { body: chatBody });
    assert.equal(res.status, 200, res.text);
  });

  it('counts direct calls as "my services" (service_type 1)', async () => {
    const stats = await maas(server, token).statistics({ service_type: 1 });
    assert.ok(stats.total_request_count >= 4);
    assert.ok(stats.total_token > 0);
  });

  it('answers the ModelArts token codes 4101, 4102, 4103', async () => {
    expectError(await server.call('POST', url, { body: chatBody }), 400, 'ModelArts.4101', 'The token is empty.');
    expectError(
      await server.call('POST', url, { token: 'garbage', body: chatBody }),
      400,
      'ModelArts.4102',
      'Failed to parse the token.',
    );
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectError(
      await server.call('POST', url, { token: tampered, body: chatBody }),
      400,
      'ModelArts.4103',
      'The token is invalid.',
    );
  });

  it('answers 4104 for a body over the limit or an unreadable length, 4105 for a JSON body that is not JSON', async () => {
    expectError(
      await server.call('POST', url, { token, body: { ...chatBody, padding: 'x'.repeat(70 * 1024) } }),
      400,
      'ModelArts.4104',
      'The length of the request body is invalid.',
    );
    expectError(
      await server.call('POST', url, { token, rawBody: '{"model": ', headers: { 'Content-Type': 'application/json' } }),
      400,
      'ModelArts.4105',
      'The JSON format of the request body is incorrect.',
    );
  });

  it('answers 4106 while the account is restricted or frozen', async () => {
    for (const state of ['restricted', 'frozen']) {
      await server.operator('PUT', `/operator/v1/accounts/${server.accountName}/state`, { state });
      expectError(
        await server.call('POST', url, { token, body: chatBody }),
        400,
        'ModelArts.4106',
        'The account is restricted.',
      );
    }
    await server.operator('PUT', `/operator/v1/accounts/${server.accountName}/state`, { state: 'normal' });
  });

  it("answers anonymous callers of a service without authentication 4106 while its owner's account is not normal", async () => {
    const open = `/v1/infers/${openServiceId}/v1/chat/completions`;
    try {
      for (const state of ['restricted', 'frozen']) {
        await server.operator('PUT', `/operator/v1/accounts/${server.accountName}/state`, { state });
        expectError(
          await server.call('POST', open, { body: chatBody }),
          400,
          'ModelArts.4106',
          'The account is restricted.',
        );
        expectError(
          await server.call('GET', `/v1/infers/${openServiceId}/v1/models`),
          400,
          'ModelArts.4106',
          'The account is restricted.',
        );
      }
    } finally {
      await server.operator('PUT', `/operator/v1/accounts/${server.accountName}/state`, { state: 'normal' });
    }
    const res = await server.call('POST', open, { body: chatBody });
    assert.equal(res.status, 200, res.text);
  });

  it('answers 4107 for temporary AK/SK', async () => {
    const body = JSON.stringify(chatBody);
    const headers = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'x-security-token': 'temporary-session-token', 'content-type': 'application/json' },
        body,
        host: 'x',
      },
      server.accessKey,
      server.secretKey,
    );
    expectError(
      await request(server.baseUrl, 'POST', url, { headers, body }),
      400,
      'ModelArts.4107',
      'An exception occurred when obtaining the temporary AK/SK.',
    );
  });

  it('answers 4201 without a service id and 4202 for a malformed URL', async () => {
    for (const path of ['/v1/infers', '/v1/infers/', '/v1/infers//v1/chat/completions']) {
      expectError(
        await server.call('POST', path, { token, body: chatBody }),
        400,
        'ModelArts.4201',
        'The request URL does not contain the service ID.',
      );
    }
    expectError(
      await server.call('POST', '/v1/infers/not-a-service-id/v1/chat/completions', { token, body: chatBody }),
      400,
      'ModelArts.4202',
      'The request URL format is invalid.',
    );
  });

  it('answers 4203 without access and 4204 for a service the caller does not have', async () => {
    // A token of another project of the same account has no access to this project's service.
    const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'elsewhere' } } });
    assert.equal(project.status, 201, project.text);
    const elsewhere = await server.token({ project: 'elsewhere' });
    expectError(
      await server.call('POST', url, { token: elsewhere, body: chatBody }),
      400,
      'ModelArts.4203',
      'No access permission.',
    );
    // Nor has a user without the permission to call services.
    const user = await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'viewer', password: 'viewer-password', permissions: ['modelarts:service:get'] } },
    });
    assert.equal(user.status, 201, user.text);
    const viewer = await server.token({ user: 'viewer', password: 'viewer-password' });
    expectError(
      await server.call('POST', url, { token: viewer, body: chatBody }),
      400,
      'ModelArts.4203',
      'No access permission.',
    );

    const notSubscribed = 'The API is not subscribed to.';
    expectError(
      await server.call('POST', '/v1/infers/0123456789abcdef0123456789abcdef/v1/chat/completions', {
        token,
        body: chatBody,
      }),
      400,
      'ModelArts.4204',
      notSubscribed,
    );
    // Another account's service is as unknown as a service that does not exist.
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'neighbour',
      admin_password: 'neighbour-pass-1',
    });
    assert.equal(other.status, 201, other.text);
    const login = await server.call('POST', '/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', password: 'neighbour-pass-1', domain: { name: 'neighbour' } } },
          },
          scope: { project: { id: other.json.project_id } },
        },
      },
    });
    assert.equal(login.status, 201, login.text);
    expectError(
      await server.call('POST', url, { token: login.headers['x-subject-token'] as string, body: chatBody }),
      400,
      'ModelArts.4204',
      notSubscribed,
    );
  });
});
