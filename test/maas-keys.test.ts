import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parseAllowlistEntry, IpAllowlist } from '../src/maas/api-keys/ip-allowlist.js';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

const keyFields = [
  'allow_all',
  'api_key',
  'create_time',
  'description',
  'endpoint_whitelist',
  'id',
  'ip_whitelist',
  'label',
  // This platform's extensions: the key's monthly budget and its own limits (null: none).
  'monthly_budget',
  'resident_model_version_whitelist',
  'rpm',
  'status',
  'tpm',
  'update_time',
];

describe('MaaS API keys with allowlists', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let keys: string;
  let m: ReturnType<typeof maas>;
  let endpointId: string;

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: { apiKeysPerAccount: 5, inference: { allowPrivateUpstreams: true } },
      // The tests call from 127.0.0.1; a trusted proxy lets them claim other addresses.
      gateway: { trustProxy: ['127.0.0.1'] },
    });
    token = await server.token();
    keys = `/v2/${server.projectId}/maas/api-auth/api-keys`;
    m = maas(server, token);
    await m.deployModel('qwen2.5-7b', model.url);
    await m.deployModel('deepseek-v3', model.url, { upstream_model: 'qwen2.5-7b' });
    endpointId = (await m.createEndpoint({ endpoint_name: 'chat-a', model_name: 'qwen2.5-7b' })).id;
    await m.createEndpoint({ endpoint_name: 'chat-b', model_name: 'qwen2.5-7b' });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  const call = (apiKey: string, modelName: string, from = '127.0.0.1') =>
    server.call('POST', '/v1/chat/completions', {
      body: { model: modelName, messages: [{ role: 'user', content: 'hi' }] },
      headers: { Authorization: `Bearer ${apiKey}`, 'X-Forwarded-For': from },
    });

  it('creates a key shown once, lists it masked, updates it, deletes it', async () => {
    const created = await server.call('POST', keys, {
      token,
      body: { label: 'ci-key', description: 'for CI', allow_all: true },
    });
    assert.equal(created.status, 200, created.text);
    assert.deepEqual(Object.keys(created.json).sort(), keyFields);
    assert.match(created.json.api_key, /^sk-[A-Za-z0-9_-]{43}$/);
    assert.equal(created.json.label, 'ci-key');

    const listed = await server.call('GET', keys, { token });
    assert.equal(listed.status, 200);
    const shown = listed.json.api_keys.find((k: { id: string }) => k.id === created.json.id);
    assert.deepEqual(Object.keys(shown).sort(), keyFields);
    assert.notEqual(shown.api_key, created.json.api_key);
    assert.match(shown.api_key, /^sk-[\w-]{4}\*{4}[\w-]{4}$/);
    assert.ok(!listed.text.includes(created.json.api_key));

    // label and id cannot change; the rest is replaced.
    const updated = await server.call('PUT', `${keys}/${created.json.id}`, {
      token,
      body: {
        id: 'other',
        label: 'renamed',
        description: 'now limited',
        allow_all: false,
        ip_whitelist: ['10.0.0.0/8'],
      },
    });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.json.label, 'ci-key');
    assert.equal(updated.json.id, created.json.id);
    assert.deepEqual(updated.json.ip_whitelist, ['10.0.0.0/8']);
    assert.equal(updated.json.allow_all, false);

    const deleted = await server.call('DELETE', `/v1/${server.projectId}/maas/api-auth/api-keys/${created.json.id}`, {
      token,
    });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { result: 'success' });
    expectError(
      await server.call('DELETE', `/v1/${server.projectId}/maas/api-auth/api-keys/${created.json.id}`, { token }),
      400,
      'ModelArts.3505',
      `API key not found: ${created.json.id}`,
    );
  });

  it('labels keys ak-NNNNNN by default, keeps labels unique, and holds 30 (here 5) per account', async () => {
    const first = await m.createKey();
    assert.match(first.label, /^ak-\d{6}$/);
    const named = await m.createKey({ label: 'same' });
    expectError(
      await server.call('POST', keys, { token, body: { label: 'same', allow_all: true } }),
      400,
      'ModelArts.3508',
      'API key label has already been used: same',
    );
    const made = [first, named];
    while (made.length < 5) {
      const res = await server.call('POST', keys, { token, body: { allow_all: true } });
      if (res.status !== 200) break;
      made.push(res.json);
    }
    expectError(
      await server.call('POST', keys, { token, body: { allow_all: true } }),
      400,
      'ModelArts.3506',
      'The number of API keys exceeds the quota of 5 per account.',
    );
    for (const key of made)
      await server.call('DELETE', `/v1/${server.projectId}/maas/api-auth/api-keys/${key.id}`, { token });
    // A deleted key's label is free again.
    assert.equal((await m.createKey({ label: 'same' })).label, 'same');
  });

  it('checks every field of a key as the spec states it', async () => {
    const bad = async (body: Record<string, unknown>, message: string) =>
      expectError(
        await server.call('POST', keys, { token, body }),
        400,
        'ModelArts.0101',
        `Invalid parameter: ${message}`,
      );
    await bad({}, 'allow_all is required');
    await bad({ allow_all: true, label: 'has space' }, 'label must be up to 100 letters, digits, "_" or "-"');
    await bad({ allow_all: true, label: 'x'.repeat(101) }, 'label must be up to 100 letters, digits, "_" or "-"');
    await bad({ allow_all: true, description: 'd'.repeat(101) }, 'description must be at most 100 characters');
    await bad({ allow_all: true, ip_whitelist: ['1.2.3.4'] }, 'ip_whitelist must be empty when allow_all is true');
    await bad({ allow_all: false }, 'ip_whitelist must list addresses when allow_all is false');
    for (const entry of ['256.1.1.1', '1.2.3', '10.0.0.0/33', '10.0.0.9-10.0.0.1', 'fe80::1', '01.2.3.4']) {
      await bad(
        { allow_all: false, ip_whitelist: [entry] },
        'ip_whitelist must list IPv4 addresses, ranges (a.b.c.d-a.b.c.e) or CIDR blocks',
      );
    }
    await bad({ allow_all: false, ip_whitelist: ['1.2.3.4', '1.2.3.4'] }, 'ip_whitelist must not repeat an item');
    await bad(
      { allow_all: false, ip_whitelist: Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`) },
      'ip_whitelist may hold at most 100 items',
    );
    await bad(
      { allow_all: true, resident_model_version_whitelist: ['gpt-9'] },
      'resident_model_version_whitelist names no model open to this account: gpt-9',
    );
    await bad(
      { allow_all: true, endpoint_whitelist: ['0123456789abcdef0123456789abcdef'] },
      'endpoint_whitelist names no custom endpoint of this account: 0123456789abcdef0123456789abcdef',
    );
    expectError(
      await server.call('POST', keys, { token, body: { allow_all: 'yes' } }),
      400,
      'ModelArts.2115',
      'Invalid JSON request body',
    );
  });

  it('refuses a client address outside the IP allowlist (401 ModelArts.81015)', async () => {
    const key = await m.createKey({
      allow_all: false,
      ip_whitelist: ['10.1.2.3', '192.168.0.10-192.168.0.20', '172.16.0.0/12'],
    });
    for (const allowed of ['10.1.2.3', '192.168.0.15', '192.168.0.20', '172.31.255.255']) {
      assert.equal((await call(key.api_key, 'qwen2.5-7b', allowed)).status, 200, allowed);
    }
    for (const refused of ['10.1.2.4', '192.168.0.21', '172.32.0.1', '2001:db8::1']) {
      const res = await call(key.api_key, 'qwen2.5-7b', refused);
      expectError(
        res,
        401,
        'ModelArts.81015',
        `Invalid client ip ${refused}, rejected by api key ip allowlist setting.`,
      );
      assert.equal(res.json.error.code, 'ModelArts.81015');
    }
    // The OpenAI SDK shows the catalogue's message.
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key.api_key, maxRetries: 0 });
    await assert.rejects(client.models.list(), {
      status: 401,
      code: 'ModelArts.81015',
      message: '401 Invalid client ip 127.0.0.1, rejected by api key ip allowlist setting.',
    });
  });

  it('refuses models and endpoints outside the key allowlists (401 ModelArts.81015)', async () => {
    const key = await m.createKey({
      resident_model_version_whitelist: ['qwen2.5-7b'],
      endpoint_whitelist: [endpointId],
    });
    assert.equal((await call(key.api_key, 'qwen2.5-7b')).status, 200);
    assert.equal((await call(key.api_key, 'chat-a')).status, 200);
    expectError(
      await call(key.api_key, 'deepseek-v3'),
      401,
      'ModelArts.81015',
      'Invalid model deepseek-v3, rejected by api key model allowlist setting.',
    );
    expectError(
      await call(key.api_key, 'chat-b'),
      401,
      'ModelArts.81015',
      'Invalid custom endpoint chat-b, rejected by api key custom endpoint allowlist setting.',
    );
    // /v1/models lists only what the key may call.
    const models = await server.call('GET', '/v1/models', { headers: { Authorization: `Bearer ${key.api_key}` } });
    assert.deepEqual(models.json.data.map((x: { id: string }) => x.id).sort(), ['chat-a', 'qwen2.5-7b']);
    // An update takes effect at once.
    await server.call('PUT', `${keys}/${key.id}`, { token, body: { allow_all: true } });
    assert.equal((await call(key.api_key, 'deepseek-v3')).status, 200);
  });

  it('needs the cloud permissions: create (and update), list, delete', async () => {
    const user = await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'lister', password: 'lister-password', permissions: ['modelarts:apiKey:list'] } },
    });
    assert.equal(user.status, 201, user.text);
    const lister = await server.token({ user: 'lister', password: 'lister-password' });
    assert.equal((await server.call('GET', keys, { token: lister })).status, 200);
    expectError(
      await server.call('POST', keys, { token: lister, body: { allow_all: true } }),
      400,
      'ModelArts.4203',
      'No access permission.',
    );
    expectError(
      await server.call('DELETE', `/v1/${server.projectId}/maas/api-auth/api-keys/x`, { token: lister }),
      400,
      'ModelArts.4203',
      'No access permission.',
    );
  });
});

describe('IP allowlist entries', () => {
  it('parses addresses, ranges and CIDR blocks, and matches IPv4-mapped IPv6 clients', () => {
    assert.deepEqual(parseAllowlistEntry('10.0.0.1'), [167772161, 167772161]);
    assert.deepEqual(parseAllowlistEntry('10.0.0.7/30'), [167772164, 167772167]);
    assert.equal(parseAllowlistEntry('0.0.0.0/0')![1], 2 ** 32 - 1);
    assert.equal(parseAllowlistEntry('1.1.1.1/'), undefined);
    const list = new IpAllowlist(['10.0.0.0/8']);
    assert.equal(list.allows('::ffff:10.9.8.7'), true);
    assert.equal(list.allows('11.0.0.1'), false);
    assert.equal(list.allows('not an ip'), false);
  });
});
