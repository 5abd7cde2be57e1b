import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maas } from './helpers/maas.js';
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

/** CustomEndpointInfo's fields: the spec's, then this platform's (documented in the README). */
const infoFields = [
  'agreement_id',
  'cache_ttl_seconds',
  'cbc_status',
  'create_time',
  'endpoint_name',
  'id',
  'infer_service_id',
  'model_version_id',
  'moderation',
  'region',
  'remark',
  'resident_model_id',
  'rpm',
  'served_model_name',
  'source',
  'status',
  'tpm',
  'update_time',
  'workspace_id',
];

describe('MaaS custom endpoints at the cloud paths', () => {
  let server: TestServer;
  let token: string;
  let base: string;
  let control: string;
  let mountedService: string;
  let unmountedService: string;

  before(async () => {
    server = await startServer({ maas: { endpointQuotaPerAccount: 6 } });
    token = await server.token();
    base = `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`;
    control = `/v1/${server.projectId}/maas/services/custom-endpoint/control`;
    const m = maas(server, token);
    await m.deployModel('qwen2.5-7b', 'http://127.0.0.1:9/v1', { rpm_limit: 100, tpm_limit: 100_000 });
    mountedService = await m.createService('qwen-svc', 'http://127.0.0.1:9/v1');
    unmountedService = await m.createService('private-svc', 'http://127.0.0.1:9/v1', {
      mount_to_maas_gateway: false,
      auth_mode: 'token',
    });
  });
  after(() => server.close());

  const create = (body: Record<string, unknown>) => server.call('POST', base, { token, body });

  it('creates on an operator model, lists, edits, disables, enables and deletes (204)', async () => {
    const created = await create({
      endpoint_name: 'biz-a.chat',
      source: 'custom_from_maas',
      model_name: 'qwen2.5-7b',
      rpm: 50,
      tpm: 2000,
      remark: 'traffic of business line A',
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(Object.keys(created.json).sort(), infoFields);
    const id = created.json.id;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(created.json.source, 'custom_from_maas');
    assert.equal(created.json.status, 'running');
    assert.equal(created.json.cbc_status, 'normal');
    assert.equal(created.json.served_model_name, 'qwen2.5-7b');
    assert.equal(created.json.moderation, true);
    assert.equal(created.json.rpm, 50);
    assert.equal(created.json.tpm, 2000);

    const listed = await server.call('GET', base, { token });
    assert.equal(listed.status, 200);
    assert.deepEqual(Object.keys(listed.json).sort(), ['count', 'items', 'quantity_limit', 'total']);
    assert.equal(listed.json.total, 1);
    assert.equal(listed.json.count, '1');
    assert.equal(listed.json.quantity_limit, 6);
    assert.deepEqual(listed.json.items[0], created.json);

    const edited = await server.call('PUT', `${base}/${id}`, {
      token,
      body: { remark: 'renamed purpose', rpm: null, tpm: 100 },
    });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json.remark, 'renamed purpose');
    assert.equal(edited.json.rpm, null);
    assert.equal(edited.json.tpm, 100);

    const off = await server.call('PUT', `${control}/${id}`, { token, body: { action: 'deactivate' } });
    assert.equal(off.status, 204, off.text);
    assert.equal(off.text, '');
    assert.equal((await server.call('GET', base, { token })).json.items[0].status, 'stopped');
    assert.equal((await server.call('PUT', `${control}/${id}`, { token, body: { action: 'activate' } })).status, 204);
    assert.equal((await server.call('GET', base, { token })).json.items[0].status, 'running');
    expectError(
      await server.call('PUT', `${control}/${id}`, { token, body: { action: 'pause' } }),
      400,
      'ModelArts.0101',
      'Invalid parameter: action must be activate or deactivate',
    );

    const deleted = await server.call('DELETE', `${base}/${id}`, { token });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await server.call('GET', base, { token })).json.total, 0);
    expectError(await server.call('DELETE', `${base}/${id}`, { token }), 400, 'ModelArts.6291', M.notFound);
    expectError(
      await server.call('PUT', `${control}/${id}`, { token, body: { action: 'activate' } }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
  });

  it('creates on a real-time service, found through the helper APIs (regions, workspaces, services)', async () => {
    const regions = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/regions`, {
      token,
    });
    assert.equal(regions.status, 200, regions.text);
    const region = regions.json.region_items[0];
    assert.deepEqual(Object.keys(region).sort(), ['locales', 'region_id']);
    assert.deepEqual(Object.keys(region.locales).sort(), ['en_us', 'zh_cn']);
    const workspaces = await server.call('GET', `/v1/${server.projectId}/maas/services/workspace/${region.region_id}`, {
      token,
    });
    assert.equal(workspaces.status, 200, workspaces.text);
    assert.equal(workspaces.json.workspaces[0].id, '0');
    assert.deepEqual(Object.keys(workspaces.json).sort(), ['count', 'total_count', 'workspaces']);
    const services = await server.call(
      'GET',
      `/v1/${server.projectId}/maas/services/custom-endpoint/services/${region.region_id}?workspace_id=0`,
      { token },
    );
    assert.equal(services.status, 200, services.text);
    assert.deepEqual(Object.keys(services.json).sort(), ['data', 'pages', 'total']);
    const service = services.json.data.find((s: { name: string }) => s.name === 'qwen-svc');
    for (const field of ['id', 'name', 'status', 'version', 'version_count', 'type', 'workspace_id', 'create_at']) {
      assert.ok(field in service, field);
    }
    expectError(
      await server.call('GET', `/v1/${server.projectId}/maas/services/workspace/mars-1`, { token }),
      400,
      'ModelArts.0101',
      `Invalid parameter: region_id must be ${region.region_id}, the region of this platform`,
    );

    const created = await create({
      endpoint_name: 'svc-endpoint',
      source: 'custom_from_modelarts_v2',
      region: region.region_id,
      workspace_id: '0',
      infer_service_id: service.id,
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.infer_service_id, mountedService);
    assert.equal(created.json.served_model_name, 'qwen-svc');
    assert.equal(created.json.resident_model_id, '');
    // The model service behind an endpoint never changes.
    expectError(
      await server.call('PUT', `${base}/${created.json.id}`, { token, body: { infer_service_id: unmountedService } }),
      400,
      'ModelArts.0101',
      'Invalid parameter: infer_service_id cannot be changed: the model service of an endpoint is fixed at creation',
    );
    await server.call('DELETE', `${base}/${created.json.id}`, { token });
  });

  it('lists the operator models open to the account for a signed-in person (an extension), as GET /v1/models does', async () => {
    const m = maas(server, token);
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'models-elsewhere',
      admin_password: 'a-long-password',
    });
    assert.equal(other.status, 201, other.text);
    await m.deployModel('closed-model', 'http://127.0.0.1:9/v1', { accounts: ['models-elsewhere'] });
    const url = `/v1/${server.projectId}/maas/services/custom-endpoint/models`;
    const listed = await server.call('GET', url, { token });
    assert.equal(listed.status, 200, listed.text);
    const ids = listed.json.data.map((d: { id: string }) => d.id);
    assert.deepEqual(ids, ['qwen2.5-7b']);
    assert.equal(listed.json.object, 'list');
    // The same entries as the key's model list shows for operator models.
    const { api_key } = await m.createKey();
    const models = await server.call('GET', '/v1/models', { headers: { Authorization: `Bearer ${api_key}` } });
    const operatorModels = models.json.data.filter((d: { owned_by: string }) => d.owned_by === 'maas');
    assert.deepEqual(listed.json.data, operatorModels);
    // Another project's path answers as every project-scoped MaaS route does: not the caller's project.
    const elsewhere = await server.call('GET', `/v1/${other.json.project_id}/maas/services/custom-endpoint/models`, {
      token,
    });
    assert.notEqual(elsewhere.status, 200, elsewhere.text);
    // No token: the same answer as the other helper APIs.
    const anonymous = await server.call('GET', url);
    const regions = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/regions`);
    assert.equal(anonymous.status, regions.status);
    assert.deepEqual(
      [anonymous.json.error_code, anonymous.json.error_msg],
      [regions.json.error_code, regions.json.error_msg],
    );
  });

  it('caps rpm and tpm at the model own limits', async () => {
    expectError(
      await create({ endpoint_name: 'too-fast', model_name: 'qwen2.5-7b', rpm: 101 }),
      400,
      'ModelArts.0101',
      'Invalid parameter: rpm must be an integer from 1 to 100',
    );
    expectError(
      await create({ endpoint_name: 'too-fast', model_name: 'qwen2.5-7b', tpm: 0 }),
      400,
      'ModelArts.0101',
      'Invalid parameter: tpm must be an integer from 1 to 100000',
    );
    expectError(
      await create({ endpoint_name: 'no-model', source: 'custom_from_maas', model_name: 'Qwen2.5-7B' }),
      400,
      'ModelArts.0101',
      'Invalid parameter: model_name names no built-in model open to this account: Qwen2.5-7B',
    );
  });

  it('turns the content guard off only with the latest agreement_id', async () => {
    const agreement = await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements?lang=en`, { token });
    assert.equal(agreement.status, 200, agreement.text);
    assert.deepEqual(Object.keys(agreement.json).sort(), [
      'agreement_data',
      'agreement_id',
      'close_notice',
      'id',
      'open_notice',
    ]);
    const zh = await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements?lang=zh`, { token });
    assert.equal(zh.json.agreement_id, agreement.json.agreement_id);
    assert.match(zh.json.agreement_data, /内容安全护栏/);
    expectError(
      await server.call('GET', `/v1/${server.projectId}/maas/compliance/agreements`, { token }),
      400,
      'ModelArts.0101',
      'Invalid parameter: lang must be zh or en',
    );
    const refusal =
      'Invalid parameter: agreement_id must be the latest agreement_id of GET /v1/{project_id}/maas/compliance/agreements to turn the content guard off';
    expectError(
      await create({ endpoint_name: 'unguarded', model_name: 'qwen2.5-7b', moderation: false }),
      400,
      'ModelArts.0101',
      refusal,
    );
    expectError(
      await create({ endpoint_name: 'unguarded', model_name: 'qwen2.5-7b', moderation: false, agreement_id: 'old' }),
      400,
      'ModelArts.0101',
      refusal,
    );
    const created = await create({
      endpoint_name: 'unguarded',
      model_name: 'qwen2.5-7b',
      moderation: false,
      agreement_id: agreement.json.agreement_id,
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.moderation, false);
    assert.equal(created.json.agreement_id, agreement.json.agreement_id);
    const on = await server.call('PUT', `${base}/${created.json.id}`, { token, body: { moderation: true } });
    assert.equal(on.json.moderation, true);
    await server.call('DELETE', `${base}/${created.json.id}`, { token });
  });

  it('requires a name (ModelArts.0104)', async () => {
    expectError(await create({ model_name: 'qwen2.5-7b' }), 400, 'ModelArts.0104', M.required);
    expectError(await create({ endpoint_name: '', model_name: 'qwen2.5-7b' }), 400, 'ModelArts.0104', M.required);
    expectError(await create({ endpoint_name: null, model_name: 'qwen2.5-7b' }), 400, 'ModelArts.0104', M.required);
  });

  it('rejects malformed names (ModelArts.6274), on create and on edit', async () => {
    for (const name of ['1abc', '-abc', 'a'.repeat(65), 'has space', 'ünïcode', 'a/b']) {
      expectError(await create({ endpoint_name: name, model_name: 'qwen2.5-7b' }), 400, 'ModelArts.6274', M.invalid);
    }
    const longest = await create({ endpoint_name: 'a'.repeat(64), model_name: 'qwen2.5-7b' });
    assert.equal(longest.status, 200, longest.text);
    // The Chinese site's names: a CJK character first is allowed too.
    const chinese = await create({ endpoint_name: '业务A.对话', model_name: 'qwen2.5-7b' });
    assert.equal(chinese.status, 200, chinese.text);
    expectError(
      await server.call('PUT', `${base}/${longest.json.id}`, { token, body: { endpoint_name: '9lives' } }),
      400,
      'ModelArts.6274',
      M.invalid,
    );
    await server.call('DELETE', `${base}/${longest.json.id}`, { token });
    await server.call('DELETE', `${base}/${chinese.json.id}`, { token });
  });

  it('never reuses a name, deleted and renamed ones included (ModelArts.6271)', async () => {
    const first = await create({ endpoint_name: 'once.only', model_name: 'qwen2.5-7b' });
    assert.equal(first.status, 200);
    expectError(await create({ endpoint_name: 'once.only', model_name: 'qwen2.5-7b' }), 400, 'ModelArts.6271', M.used);
    const renamed = await server.call('PUT', `${base}/${first.json.id}`, { token, body: { endpoint_name: 'twice' } });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.json.endpoint_name, 'twice');
    // The old name stays taken (bills name it), and so does the new one.
    expectError(await create({ endpoint_name: 'once.only', model_name: 'qwen2.5-7b' }), 400, 'ModelArts.6271', M.used);
    await server.call('DELETE', `${base}/${first.json.id}`, { token });
    expectError(await create({ endpoint_name: 'twice', model_name: 'qwen2.5-7b' }), 400, 'ModelArts.6271', M.used);
  });

  it('lets exactly one of concurrent creates of one name win', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => create({ endpoint_name: 'raced', model_name: 'qwen2.5-7b' })),
    );
    const winners = results.filter((r) => r.status === 200);
    assert.equal(winners.length, 1);
    for (const loser of results.filter((r) => r.status !== 200)) expectError(loser, 400, 'ModelArts.6271', M.used);
    await server.call('DELETE', `${base}/${winners[0]!.json.id}`, { token });
  });

  it('enforces the account quota from quantity_limit (ModelArts.6297), under concurrency too', async () => {
    const s = await startServer({ maas: { endpointQuotaPerAccount: 3 } });
    try {
      const t = await s.token();
      await maas(s, t).deployModel('m', 'http://127.0.0.1:9/v1');
      const url = `/v1/${s.projectId}/maas/services/custom-endpoint/endpoint`;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          s.call('POST', url, { token: t, body: { endpoint_name: `burst-${i}`, model_name: 'm' } }),
        ),
      );
      const created = results.filter((r) => r.status === 200);
      assert.equal(created.length, 3);
      for (const r of results.filter((x) => x.status !== 200)) expectError(r, 400, 'ModelArts.6297', M.quota);
      assert.equal((await s.call('GET', url, { token: t })).json.quantity_limit, 3);
      // Deleting frees quota, though not the name; a stopped endpoint still counts.
      await s.call('DELETE', `${url}/${created[0]!.json.id}`, { token: t });
      assert.equal(
        (await s.call('POST', url, { token: t, body: { endpoint_name: 'next', model_name: 'm' } })).status,
        200,
      );
    } finally {
      await s.close();
    }
  });

  it('requires an id for edit, delete and control (ModelArts.6299)', async () => {
    expectError(await server.call('DELETE', `${base}/`, { token }), 400, 'ModelArts.6299', M.idRequired);
    expectError(await server.call('DELETE', base, { token }), 400, 'ModelArts.6299', M.idRequired);
    expectError(await server.call('PUT', base, { token, body: { remark: 'x' } }), 400, 'ModelArts.6299', M.idRequired);
    expectError(
      await server.call('PUT', `${base}/%20`, { token, body: { remark: 'x' } }),
      400,
      'ModelArts.6299',
      M.idRequired,
    );
    expectError(
      await server.call('PUT', control, { token, body: { action: 'activate' } }),
      400,
      'ModelArts.6299',
      M.idRequired,
    );
  });

  it('answers ModelArts.6291 for an unknown endpoint', async () => {
    expectError(
      await server.call('PUT', `${base}/0123456789abcdef0123456789abcdef`, { token, body: { remark: 'x' } }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
    expectError(
      await server.call('DELETE', `${base}/0123456789abcdef0123456789abcdef`, { token }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
  });

  it('needs a service mounted to the MaaS gateway or without authentication (ModelArts.6613)', async () => {
    const body = {
      endpoint_name: 'not-mounted',
      source: 'custom_from_modelarts_v2',
      infer_service_id: unmountedService,
    };
    expectError(await create(body), 400, 'ModelArts.6613', M.notMounted);
    const opened = await server.call('PUT', `/v1/${server.projectId}/services/${unmountedService}`, {
      token,
      body: { auth_mode: 'none' },
    });
    assert.equal(opened.status, 200, opened.text);
    const created = await create(body);
    assert.equal(created.status, 200, created.text);
    await server.call('DELETE', `${base}/${created.json.id}`, { token });
    await server.call('PUT', `/v1/${server.projectId}/services/${unmountedService}`, {
      token,
      body: { auth_mode: 'token' },
    });
    expectError(
      await create({ ...body, endpoint_name: 'ghost', infer_service_id: '0123456789abcdef0123456789abcdef' }),
      400,
      'ModelArts.3502',
      'Service not found: 0123456789abcdef0123456789abcdef',
    );
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
        body: { endpoint_name: 'nope', model_name: 'qwen2.5-7b' },
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
    const raw = (rawBody: string) =>
      server.call('POST', base, { token, rawBody, headers: { 'Content-Type': 'application/json' } });
    expectError(await raw('{"endpoint_name": "x",'), 400, 'ModelArts.2115', M.badJson);
    expectError(await raw('[1,2]'), 400, 'ModelArts.2115', M.badJson);
    expectError(await create({ endpoint_name: 42, model_name: 'qwen2.5-7b' }), 400, 'ModelArts.2115', M.badJson);
    expectError(
      await create({ endpoint_name: 'typed', model_name: 'qwen2.5-7b', rpm: '5' }),
      400,
      'ModelArts.2115',
      M.badJson,
    );
    expectError(
      await create({ endpoint_name: 'typed', model_name: 'qwen2.5-7b', moderation: 'no' }),
      400,
      'ModelArts.2115',
      M.badJson,
    );
  });

  it('rejects parameters with dangerous characters, naming the parameter (ModelArts.6298)', async () => {
    expectError(
      await create({ endpoint_name: 'a<script>', model_name: 'qwen2.5-7b' }),
      400,
      'ModelArts.6298',
      M.security('endpoint_name'),
    );
    expectError(
      await create({ endpoint_name: 'ok', model_name: 'qwen2.5-7b', remark: "x'; drop table" }),
      400,
      'ModelArts.6298',
      M.security('remark'),
    );
    expectError(
      await create({ endpoint_name: 'ok', model_name: 'qwen2.5-7b', remark: 'line\u0007bell' }),
      400,
      'ModelArts.6298',
      M.security('remark'),
    );
    expectError(
      await create({ endpoint_name: 'ok', model_name: 'qwen2.5-7b', tags: { 'k>': 'v' } }),
      400,
      'ModelArts.6298',
      M.security('tags.k>'),
    );
  });

  it("keeps a project's endpoints invisible to another project", async () => {
    const created = await create({ endpoint_name: 'mine', model_name: 'qwen2.5-7b' });
    const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'other-project' } } });
    assert.equal(project.status, 201, project.text);
    const otherToken = await server.token({ project: 'other-project' });
    const otherBase = `/v1/${project.json.project.id}/maas/services/custom-endpoint/endpoint`;
    assert.deepEqual((await server.call('GET', otherBase, { token: otherToken })).json.items, []);
    expectError(
      await server.call('DELETE', `${otherBase}/${created.json.id}`, { token: otherToken }),
      400,
      'ModelArts.6291',
      M.notFound,
    );
    // A token of one project cannot be used on another project's path.
    expectError(
      await server.call('DELETE', `${base}/${created.json.id}`, { token: otherToken }),
      400,
      'ModelArts.0203',
      'Invalid token.',
    );
    await server.call('DELETE', `${base}/${created.json.id}`, { token });
  });
});
