import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, startServer, tokenRequest, type TestServer } from './helpers/server.js';

const decryptFail = 'Incorrect IAM authentication information: decrypt token fail';

describe('identity and account states', () => {
  let server: TestServer;
  let token: string;

  before(async () => {
    server = await startServer();
    token = await server.token();
  });
  after(() => server.close());

  it('refuses a wrong password without saying which part was wrong', async () => {
    expectError(
      await server.call('POST', '/v3/auth/tokens', {
        body: tokenRequest('admin', 'wrong-password', 'acme', 'cn-test-1'),
      }),
      401,
      'IAM.0001',
      'The username or password is wrong.',
    );
    expectError(
      await server.call('POST', '/v3/auth/tokens', {
        body: tokenRequest('nobody', 'wrong-password', 'acme', 'cn-test-1'),
      }),
      401,
      'IAM.0001',
      'The username or password is wrong.',
    );
    expectError(
      await server.call('POST', '/v3/auth/tokens', { rawBody: '{', headers: { 'Content-Type': 'application/json' } }),
      400,
      'IAM.0005',
      'The JSON format of the request body is incorrect.',
    );
  });

  it('creates AK/SK pairs that sign requests until deleted', async () => {
    const created = await server.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
      token,
      body: { credential: { description: 'ci' } },
    });
    assert.equal(created.status, 201, created.text);
    const { access, secret } = created.json.credential;
    assert.match(access, /^[A-Z0-9]{20}$/);
    assert.equal(secret.length, 40);
    assert.equal((await server.signed('GET', '/v3/projects', undefined, { ak: access, sk: secret })).status, 200);
    const listed = await server.call('GET', '/v3.0/OS-CREDENTIAL/credentials', { token });
    assert.ok(
      listed.json.credentials.some(
        (c: { access: string; secret?: string }) => c.access === access && c.secret === undefined,
      ),
    );
    assert.equal((await server.call('DELETE', `/v3.0/OS-CREDENTIAL/credentials/${access}`, { token })).status, 204);
    expectError(
      await server.signed('GET', '/v3/projects', undefined, { ak: access, sk: secret }),
      400,
      'APIG.0301',
      'Incorrect IAM authentication information: verify aksk signature fail',
    );
  });

  it('refuses token requests that name another domain, a bad token or no scope to rescope to', async () => {
    const foreignDomain = tokenRequest('admin', 'admin-password-1', 'acme', null);
    foreignDomain.auth.scope = { domain: { name: 'elsewhere' } } as never;
    expectError(
      await server.call('POST', '/v3/auth/tokens', { body: foreignDomain }),
      404,
      'IAM.0003',
      'Could not find domain.',
    );
    const rescope = (id: string, scope?: unknown) =>
      server.call('POST', '/v3/auth/tokens', {
        body: { auth: { identity: { methods: ['token'], token: { id } }, ...(scope ? { scope } : {}) } },
      });
    const scope = { project: { name: 'cn-test-1' } };
    expectError(await rescope('MIITnot-a-token', scope), 400, 'APIG.0301', decryptFail);
    expectError(await rescope(token), 400, 'IAM.0002', 'Invalid request parameter: auth.scope');
    expectError(await rescope(token, { project: { name: 'nowhere' } }), 404, 'IAM.0003', 'Could not find project.');
    const rescoped = await rescope(token, { domain: { name: 'acme' } });
    assert.equal(rescoped.status, 201, rescoped.text);
    assert.deepEqual(rescoped.json.token.methods, ['token']);
    assert.equal(rescoped.json.token.project, undefined);
  });

  it('validates tokens (GET /v3/auth/tokens): own ones, or any of the account with iam:users:manage', async () => {
    await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'checker', password: 'checker-password', permissions: [] } },
    });
    const checker = await server.token({ user: 'checker', password: 'checker-password' });
    const own = await server.call('GET', '/v3/auth/tokens', {
      token: checker,
      headers: { 'X-Subject-Token': checker },
    });
    assert.equal(own.status, 200, own.text);
    assert.equal(own.headers['x-subject-token'], checker);
    assert.deepEqual(own.json.token.roles, []);
    assert.equal(own.json.token.user.name, 'checker');
    const byAdmin = await server.call('GET', '/v3/auth/tokens?nocatalog=1', {
      token,
      headers: { 'X-Subject-Token': checker },
    });
    assert.equal(byAdmin.status, 200, byAdmin.text);
    assert.deepEqual(byAdmin.json.token.catalog, []);
    expectError(
      await server.call('GET', '/v3/auth/tokens', { token: checker, headers: { 'X-Subject-Token': token } }),
      404,
      'IAM.0003',
      'Could not find token.',
    );
    expectError(
      await server.call('GET', '/v3/auth/tokens', { token: checker }),
      400,
      'IAM.0002',
      'Invalid request parameter: X-Subject-Token',
    );
  });

  it('filters and pages GET /v3/projects as KeystoneListProjects does', async () => {
    const list = async (query: string) => {
      const res = await server.call('GET', `/v3/projects${query}`, { token });
      assert.equal(res.status, 200, res.text);
      return res.json.projects.map((p: { name: string }) => p.name);
    };
    const domainId = (await server.call('GET', '/v3/auth/domains', { token })).json.domains[0].id;
    assert.deepEqual(await list(`?domain_id=${domainId}&parent_id=${domainId}&enabled=true&is_domain=false`), [
      'cn-test-1',
    ]);
    assert.deepEqual(await list('?domain_id=other'), []);
    assert.deepEqual(await list('?enabled=false'), []);
    assert.deepEqual(await list('?is_domain=true'), []);
    assert.deepEqual(await list('?page=2&per_page=1'), []);
    for (const [query, field] of [
      ['?page=1', 'page and per_page'],
      ['?page=0&per_page=1', 'page'],
      ['?page=1&per_page=5001', 'per_page'],
      ['?enabled=yes', 'enabled'],
    ]) {
      expectError(
        await server.call('GET', `/v3/projects${query}`, { token }),
        400,
        'IAM.0002',
        `Invalid request parameter: ${field}`,
      );
    }
  });

  it('checks access key updates and keeps keys of other accounts out of reach', async () => {
    const path = `/v3.0/OS-CREDENTIAL/credentials/${server.accessKey}`;
    for (const [credential, field] of [
      [{}, 'credential'],
      [{ status: 'frozen' }, 'credential.status'],
      [{ description: 'x'.repeat(256) }, 'credential.description'],
    ] as const) {
      expectError(
        await server.call('PUT', path, { token, body: { credential } }),
        400,
        'IAM.0002',
        `Invalid request parameter: ${field}`,
      );
    }
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'stranger',
      admin_password: 'stranger-password',
    });
    const foreign = `/v3.0/OS-CREDENTIAL/credentials/${other.json.credential.access}`;
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expectError(
        await server.call(method, foreign, {
          token,
          ...(method === 'PUT' ? { body: { credential: { status: 'inactive' } } } : {}),
        }),
        404,
        'IAM.0003',
        'Could not find credential.',
      );
    }
  });

  it('answers APIG.0302 to a user without identity permissions', async () => {
    await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'plain', password: 'plain-password', permissions: [] } },
    });
    const plain = await server.token({ user: 'plain', password: 'plain-password' });
    expectError(
      await server.call('GET', '/v3/users', { token: plain }),
      403,
      'APIG.0302',
      'The IAM user is not authorized to access the API.',
    );
  });

  it('guards the operator API with its key', async () => {
    expectError(
      await server.call('GET', '/operator/v1/accounts/acme'),
      401,
      'APIG.0305',
      'Incorrect operator authentication information.',
    );
    expectError(
      await server.call('GET', '/operator/v1/accounts/acme', { headers: { 'X-Operator-Key': 'guess' } }),
      401,
      'APIG.0305',
      'Incorrect operator authentication information.',
    );
    const shown = await server.operator('GET', '/operator/v1/accounts/acme');
    assert.equal(shown.json.account.state, 'normal');
  });

  it("blocks frozen and restricted accounts with each family's code", async () => {
    const created = await server.operator('POST', '/operator/v1/accounts', {
      name: 'debtor',
      admin_password: 'debtor-password',
    });
    assert.equal(created.status, 201, created.text);
    const projectId = created.json.project_id;
    const { access, secret } = created.json.credential;
    const login = await server.call('POST', '/v3/auth/tokens', {
      body: tokenRequest('admin', 'debtor-password', 'debtor', 'default'),
    });
    const debtorToken = login.headers['x-subject-token'] as string;
    const url = `/v1/${projectId}/maas/services/custom-endpoint/endpoint`;
    assert.equal((await server.call('GET', url, { token: debtorToken })).status, 200);
    // The MaaS data plane, with an API key of the account.
    const key = await server.call('POST', `/v2/${projectId}/maas/api-auth/api-keys`, {
      token: debtorToken,
      body: { allow_all: true },
    });
    assert.equal(key.status, 200, key.text);
    const models = () => server.call('GET', '/v1/models', { headers: { Authorization: `Bearer ${key.json.api_key}` } });
    assert.equal((await models()).status, 200);

    assert.equal((await server.operator('PUT', '/operator/v1/accounts/debtor/state', { state: 'frozen' })).status, 200);
    expectError(
      await server.call('GET', url, { token: debtorToken }),
      400,
      'ModelArts.4106',
      'The account is restricted.',
    );
    // The catalogue: an account in arrears fails AK/SK verification.
    expectError(
      await server.signed('GET', url, undefined, { ak: access, sk: secret }),
      400,
      'APIG.0301',
      'Incorrect IAM authentication information: verify aksk signature fail',
    );
    expectError(
      await server.call('POST', '/v3/auth/tokens', {
        body: tokenRequest('admin', 'debtor-password', 'debtor', 'default'),
      }),
      401,
      'IAM.0006',
      'The account is frozen or restricted.',
    );
    expectError(await models(), 403, 'ModelArts.81006', 'The resource is frozen.');

    await server.operator('PUT', '/operator/v1/accounts/debtor/state', { state: 'restricted' });
    expectError(
      await server.call('GET', url, { token: debtorToken }),
      400,
      'ModelArts.4106',
      'The account is restricted.',
    );
    expectError(
      await server.signed('GET', url, undefined, { ak: access, sk: secret }),
      400,
      'ModelArts.4106',
      'The account is restricted.',
    );
    expectError(await models(), 403, 'ModelArts.81006', 'The resource is frozen.');

    await server.operator('PUT', '/operator/v1/accounts/debtor/state', { state: 'normal' });
    assert.equal((await server.call('GET', url, { token: debtorToken })).status, 200);
    assert.equal((await models()).status, 200);
  });

  it("keeps accounts apart: a token cannot reach another account's project", async () => {
    const other = await server.operator('POST', '/operator/v1/accounts', {
      name: 'neighbour',
      admin_password: 'neighbour-password',
    });
    expectError(
      await server.call('GET', `/v1/${other.json.project_id}/services`, { token }),
      400,
      'ModelArts.0203',
      'Invalid token.',
    );
    expectError(
      await server.signed('GET', `/v1/${other.json.project_id}/services`),
      400,
      'ModelArts.0203',
      'Invalid token.',
    );
  });
});
