import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, startServer, type TestServer } from './helpers/server.js';

const M = {
  required: 'CreateCustomEndpointReq.endpoint_name is a required field',
  used: 'Custom endpoint name has already been used (including deleted access points). To ensure billing uniqueness, please use a different name.',
  invalid:
    'Custom endpoint name is invalid. Enter 1 to 64 characters, staring with a letter. Only letters, digits, point(.), underscores (_), and hyphens (-) are allowed',
  notFound: 'CustomEndpointNotFound',
  quota: 'Custom endpoint number exceed quota',
  idRequired: 'Custom endpoint id is required',
  notMounted:
    "Operation failed. The online service status needs to have the 'Mount to MAAS Gateway' switch turned on or the authentication method set to 'No Authentication' in order to create a custom custom endpoint.",
  noPermission: 'No permission to create modelarts custom endpoints',
  badJson: 'Invalid JSON request body',
  security: (p: string) => `Parameter (${p}) security check failed, please check for special characters.`,
};

describe('MaaS custom endpoints', () => {
  let server: TestServer;
  let token: string;
  let base: string;
  let mountedService: string;
  let unmountedService: string;

  before(async () => {
    server = await startServer({ maas: { endpointQuotaPerProject: 5 } });
    token = await server.token();
    base = `/v1/${server.projectId}/maas/custom-endpoints`;
    const mounted = await server.call('POST', `/v1/${server.projectId}/services`, {
      token,
      body: { service_name: 'qwen-svc', upstream_url: 'http://127.0.0.1:9/v1', mount_to_maas_gateway: true },
    });
    assert.equal(mounted.status, 201, mounted.text);
    mountedService = mounted.json.service_id;
    const unmounted = await server.call('POST', `/v1/${server.projectId}/services`, {
      token,
      body: { service_name: 'private-svc', upstream_url: 'http://127.0.0.1:9/v1', auth_mode: 'token' },
    });
    unmountedService = unmounted.json.service_id;
  });
  after(() => server.close());

  it('creates, shows, lists, updates and deletes an endpoint', async () => {
    const created = await server.call('POST', base, {
      token,
      body: { endpoint_name: 'chat-main', service_id: mountedService, description: 'main chat' },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.endpoint_name, 'chat-main');
    assert.equal(created.json.status, 'running');
    const id = created.json.endpoint_id;

    const shown = await server.call('GET', `${base}/${id}`, { token });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.json, created.json);

    const listed = await server.call('GET', `${base}?endpoint_name=CHAT&limit=5`, { token });
    assert.equal(listed.status, 200);
    assert.equal(listed.json.total, 1);
    assert.equal(listed.json.endpoints[0].endpoint_id, id);

    const updated = await server.call('PUT', `${base}/${id}`, { token, body: { description: 'renamed purpose' } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.description, 'renamed purpose');

    const deleted = await server.call('DELETE', `${base}/${id}`, { token });
    assert.equal(deleted.status, 204);
    expectError(await server.call('GET', `${base}/${id}`, { token }), 400, 'ModelArts.6291', M.notFound);
    expectError(await server.call('DELETE', `${base}/${id}`, { token }), 400, 'ModelArts.6291', M.notFound);
  });

  it('pages the list and filters by name', async () => {
    const s = await startServer({ maas: { endpointQuotaPerProject: 50 } });
    try {
      const t = await s.token();
      const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
        token: t,
        body: { service_name: 'svc', upstream_url: 'http://127.0.0.1:9', auth_mode: 'none' },
      });
      for (let i = 0; i < 7; i++) {
        const r = await s.call('POST', `/v1/${s.projectId}/maas/custom-endpoints`, {
          token: t,
          body: { endpoint_name: i < 4 ? `alpha-${i}` : `beta_${i}`, service_id: svc.json.service_id },
        });
        assert.equal(r.status, 201, r.text);
      }
      const page1 = await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints?limit=3&offset=0`, { token: t });
      const page3 = await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints?limit=3&offset=6`, { token: t });
      assert.equal(page1.json.total, 7);
      assert.equal(page1.json.count, 3);
      assert.equal(page3.json.count, 1);
      const beta = await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints?endpoint_name=beta`, { token: t });
      assert.equal(beta.json.total, 3);
      // "_" in a filter is a literal underscore, not a LIKE wildcard.
      const underscore = await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints?endpoint_name=a_`, { token: t });
      assert.equal(underscore.json.total, 3);
      expectError(
        await s.call('GET', `/v1/${s.projectId}/maas/custom-endpoints?limit=1000`, { token: t }),
        400,
        'ModelArts.0101',
        'Invalid parameter: limit must be an integer from 0 to 100',
      );
    } finally {
      await s.close();
    }
  });

  it('requires a name (ModelArts.0104)', async () => {
    expectError(
      await server.call('POST', base, { token, body: { service_id: mountedService } }),
      400,
      'ModelArts.0104',
      M.required,
    );
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: '', service_id: mountedService } }),
      400,
      'ModelArts.0104',
      M.required,
    );
  });

  it('rejects malformed names (ModelArts.6274)', async () => {
    for (const name of ['1abc', '-abc', 'a'.repeat(65), 'has space', 'ünïcode', 'a/b']) {
      expectError(
        await server.call('POST', base, { token, body: { endpoint_name: name, service_id: mountedService } }),
        400,
        'ModelArts.6274',
        M.invalid,
      );
    }
    const longest = await server.call('POST', base, {
      token,
      body: { endpoint_name: 'a'.repeat(64), service_id: mountedService },
    });
    assert.equal(longest.status, 201, longest.text);
    await server.call('DELETE', `${base}/${longest.json.endpoint_id}`, { token });
  });

  it('never reuses a name, deleted ones included (ModelArts.6271)', async () => {
    const first = await server.call('POST', base, {
      token,
      body: { endpoint_name: 'once.only', service_id: mountedService },
    });
    assert.equal(first.status, 201);
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: 'once.only', service_id: mountedService } }),
      400,
      'ModelArts.6271',
      M.used,
    );
    await server.call('DELETE', `${base}/${first.json.endpoint_id}`, { token });
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: 'once.only', service_id: mountedService } }),
      400,
      'ModelArts.6271',
      M.used,
    );
  });

  it('lets exactly one of two concurrent creates of one name win', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        server.call('POST', base, { token, body: { endpoint_name: 'raced', service_id: mountedService } }),
      ),
    );
    const winners = results.filter((r) => r.status === 201);
    assert.equal(winners.length, 1);
    for (const loser of results.filter((r) => r.status !== 201)) expectError(loser, 400, 'ModelArts.6271', M.used);
    await server.call('DELETE', `${base}/${winners[0]!.json.endpoint_id}`, { token });
  });

  it('enforces the per-project quota (ModelArts.6297)', async () => {
    const s = await startServer({ maas: { endpointQuotaPerProject: 2 } });
    try {
      const t = await s.token();
      const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
        token: t,
        body: { service_name: 'svc', upstream_url: 'http://127.0.0.1:9', mount_to_maas_gateway: true },
      });
      const url = `/v1/${s.projectId}/maas/custom-endpoints`;
      const a = await s.call('POST', url, { token: t, body: { endpoint_name: 'a1', service_id: svc.json.service_id } });
      await s.call('POST', url, { token: t, body: { endpoint_name: 'a2', service_id: svc.json.service_id } });
      expectError(
        await s.call('POST', url, { token: t, body: { endpoint_name: 'a3', service_id: svc.json.service_id } }),
        400,
        'ModelArts.6297',
        M.quota,
      );
      // Deleting frees quota, though not the name.
      await s.call('DELETE', `${url}/${a.json.endpoint_id}`, { token: t });
      assert.equal(
        (await s.call('POST', url, { token: t, body: { endpoint_name: 'a3', service_id: svc.json.service_id } }))
          .status,
        201,
      );
    } finally {
      await s.close();
    }
  });

  it('never lets concurrent creates of different names exceed the quota', async () => {
    const s = await startServer({ maas: { endpointQuotaPerProject: 3 } });
    try {
      const t = await s.token();
      const svc = await s.call('POST', `/v1/${s.projectId}/services`, {
        token: t,
        body: { service_name: 'svc', upstream_url: 'http://127.0.0.1:9', auth_mode: 'none' },
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          s.call('POST', `/v1/${s.projectId}/maas/custom-endpoints`, {
            token: t,
            body: { endpoint_name: `burst-${i}`, service_id: svc.json.service_id },
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 201).length, 3);
      for (const r of results.filter((x) => x.status !== 201)) expectError(r, 400, 'ModelArts.6297', M.quota);
    } finally {
      await s.close();
    }
  });

  it('requires an id for show, update and delete (ModelArts.6299)', async () => {
    expectError(await server.call('DELETE', `${base}/`, { token }), 400, 'ModelArts.6299', M.idRequired);
    expectError(await server.call('DELETE', base, { token }), 400, 'ModelArts.6299', M.idRequired);
    expectError(
      await server.call('PUT', base, { token, body: { description: 'x' } }),
      400,
      'ModelArts.6299',
      M.idRequired,
    );
    expectError(await server.call('GET', `${base}/%20`, { token }), 400, 'ModelArts.6299', M.idRequired);
  });

  it('answers ModelArts.6291 for an unknown endpoint', async () => {
    expectError(
      await server.call('GET', `${base}/0123456789abcdef0123456789abcdef`, { token }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
    expectError(
      await server.call('PUT', `${base}/0123456789abcdef0123456789abcdef`, { token, body: { description: 'x' } }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
  });

  it('needs a service mounted to the MaaS gateway or without authentication (ModelArts.6613)', async () => {
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: 'not-mounted', service_id: unmountedService } }),
      400,
      'ModelArts.6613',
      M.notMounted,
    );
    const opened = await server.call('PUT', `/v1/${server.projectId}/services/${unmountedService}`, {
      token,
      body: { auth_mode: 'none' },
    });
    assert.equal(opened.status, 200, opened.text);
    const created = await server.call('POST', base, {
      token,
      body: { endpoint_name: 'not-mounted', service_id: unmountedService },
    });
    assert.equal(created.status, 201, created.text);
    await server.call('DELETE', `${base}/${created.json.endpoint_id}`, { token });
    await server.call('PUT', `/v1/${server.projectId}/services/${unmountedService}`, {
      token,
      body: { auth_mode: 'token' },
    });
  });

  it('refuses callers without the create permission (401 ModelArts.8503)', async () => {
    const user = await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'reader', password: 'reader-password', permissions: ['modelarts:customEndpoint:get'] } },
    });
    assert.equal(user.status, 201, user.text);
    const readerToken = await server.token({ user: 'reader', password: 'reader-password' });
    expectError(
      await server.call('POST', base, {
        token: readerToken,
        body: { endpoint_name: 'nope', service_id: mountedService },
      }),
      401,
      'ModelArts.8503',
      M.noPermission,
    );
    assert.equal((await server.call('GET', base, { token: readerToken })).status, 200);
    expectError(
      await server.call('DELETE', `${base}/x`, { token: readerToken }),
      400,
      'ModelArts.4203',
      'No access permission.',
    );
  });

  it('answers ModelArts.2115 for malformed JSON and wrong types', async () => {
    expectError(
      await server.call('POST', base, {
        token,
        rawBody: '{"endpoint_name": "x",',
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
      'ModelArts.2115',
      M.badJson,
    );
    expectError(
      await server.call('POST', base, { token, rawBody: '[1,2]', headers: { 'Content-Type': 'application/json' } }),
      400,
      'ModelArts.2115',
      M.badJson,
    );
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: 42, service_id: mountedService } }),
      400,
      'ModelArts.2115',
      M.badJson,
    );
  });

  it('rejects parameters with dangerous characters, naming the parameter (ModelArts.6298)', async () => {
    expectError(
      await server.call('POST', base, { token, body: { endpoint_name: 'a<script>', service_id: mountedService } }),
      400,
      'ModelArts.6298',
      M.security('endpoint_name'),
    );
    expectError(
      await server.call('POST', base, {
        token,
        body: { endpoint_name: 'ok', service_id: mountedService, description: "x'; drop table" },
      }),
      400,
      'ModelArts.6298',
      M.security('description'),
    );
    expectError(
      await server.call('POST', base, {
        token,
        body: { endpoint_name: 'ok', service_id: mountedService, description: 'line\u0007bell' },
      }),
      400,
      'ModelArts.6298',
      M.security('description'),
    );
    expectError(
      await server.call('GET', `${base}?endpoint_name=%22quoted%22`, { token }),
      400,
      'ModelArts.6298',
      M.security('endpoint_name'),
    );
    expectError(
      await server.call('POST', base, {
        token,
        body: { endpoint_name: 'ok', service_id: mountedService, tags: { 'k>': 'v' } },
      }),
      400,
      'ModelArts.6298',
      M.security('tags.k>'),
    );
  });

  it('keeps endpoints of one project invisible to another', async () => {
    const created = await server.call('POST', base, {
      token,
      body: { endpoint_name: 'mine', service_id: mountedService },
    });
    const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'other-project' } } });
    assert.equal(project.status, 201, project.text);
    const otherToken = await server.token({ project: 'other-project' });
    expectError(
      await server.call('GET', `/v1/${project.json.project.id}/maas/custom-endpoints/${created.json.endpoint_id}`, {
        token: otherToken,
      }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
    // A token of one project cannot be used on another project's path.
    expectError(
      await server.call('GET', `${base}/${created.json.endpoint_id}`, { token: otherToken }),
      400,
      'ModelArts.0203',
      'Invalid token.',
    );
  });
});
