import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, type Response, startServer, tokenRequest, type TestServer } from './helpers/server.js';

const decryptFail = 'Incorrect IAM authentication information: decrypt token fail';
const akskFail = 'Incorrect IAM authentication information: verify aksk signature fail';

describe('hardening: identity', () => {
  let server: TestServer;
  let admin: string;

  const createUser = async (name: string) => {
    const res = await server.call('POST', '/v3/users', {
      token: admin,
      body: { user: { name, password: 'first-password-1', permissions: ['*'] } },
    });
    assert.equal(res.status, 201, res.text);
    return res.json.user.id as string;
  };

  before(async () => {
    server = await startServer();
    admin = await server.token();
  });
  after(() => server.close());

  it('ends the tokens issued before a password change', async () => {
    const userId = await createUser('changer');
    const old = await server.token({ user: 'changer', password: 'first-password-1' });
    assert.equal((await server.call('GET', '/v3/projects', { token: old })).status, 200);
    const changed = await server.call('PATCH', `/v3/users/${userId}`, {
      token: admin,
      body: { user: { password: 'second-password-2' } },
    });
    assert.equal(changed.status, 200, changed.text);
    expectError(await server.call('GET', '/v3/projects', { token: old }), 400, 'APIG.0301', decryptFail);
    const fresh = await server.token({ user: 'changer', password: 'second-password-2' });
    assert.equal((await server.call('GET', '/v3/projects', { token: fresh })).status, 200);
  });

  it('disables a user: no token, no login, no AK/SK', async () => {
    const userId = await createUser('leaver');
    const token = await server.token({ user: 'leaver', password: 'first-password-1' });
    const key = await server.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
      token: admin,
      body: { credential: { user_id: userId } },
    });
    const keys = { ak: key.json.credential.access, sk: key.json.credential.secret };
    assert.equal((await server.signed('GET', '/v3/projects', undefined, keys)).status, 200);

    const disabled = await server.call('PATCH', `/v3/users/${userId}`, {
      token: admin,
      body: { user: { enabled: false } },
    });
    assert.equal(disabled.json.user.enabled, false);
    expectError(await server.call('GET', '/v3/projects', { token }), 400, 'APIG.0301', decryptFail);
    expectError(await server.signed('GET', '/v3/projects', undefined, keys), 400, 'APIG.0301', akskFail);
    expectError(
      await server.call('POST', '/v3/auth/tokens', {
        body: tokenRequest('leaver', 'first-password-1', 'acme', 'cn-test-1'),
      }),
      401,
      'IAM.0001',
      'The username or password is wrong.',
    );
    await server.call('PATCH', `/v3/users/${userId}`, { token: admin, body: { user: { enabled: true } } });
    assert.equal((await server.signed('GET', '/v3/projects', undefined, keys)).status, 200);
  });

  it("revokes one token on DELETE /v3/auth/tokens, and only the caller's own without iam:users:manage", async () => {
    const first = await server.token();
    const second = await server.token();
    const revoked = await server.call('DELETE', '/v3/auth/tokens', {
      token: second,
      headers: { 'X-Subject-Token': first },
    });
    assert.equal(revoked.status, 204, revoked.text);
    expectError(await server.call('GET', '/v3/projects', { token: first }), 400, 'APIG.0301', decryptFail);
    assert.equal((await server.call('GET', '/v3/projects', { token: second })).status, 200);

    await server.call('POST', '/v3/users', {
      token: admin,
      body: { user: { name: 'plain', password: 'plain-password-1', permissions: ['modelarts:*:*'] } },
    });
    const plain = await server.token({ user: 'plain', password: 'plain-password-1' });
    expectError(
      await server.call('DELETE', '/v3/auth/tokens', { token: plain, headers: { 'X-Subject-Token': second } }),
      404,
      'IAM.0003',
      'Could not find token.',
    );
    expectError(
      await server.call('DELETE', '/v3/auth/tokens', { token: plain }),
      400,
      'IAM.0002',
      'Invalid request parameter: X-Subject-Token',
    );
    const own = await server.call('DELETE', '/v3/auth/tokens', { token: plain, headers: { 'X-Subject-Token': plain } });
    assert.equal(own.status, 204);
    expectError(await server.call('GET', '/v3/projects', { token: plain }), 400, 'APIG.0301', decryptFail);
  });

  const userWith = async (name: string, permissions: string[]) => {
    const res = await server.call('POST', '/v3/users', {
      token: admin,
      body: { user: { name, password: `${name}-password-1`, permissions } },
    });
    assert.equal(res.status, 201, res.text);
    return res.json.user.id as string;
  };
  const notAuthorized = (res: Response) =>
    expectError(res, 403, 'APIG.0302', 'The IAM user is not authorized to access the API.');

  it('lets a credential manager hold and touch only the keys of users holding no more than itself', async () => {
    const keeperId = await userWith('keeper', ['iam:credentials:manage']);
    const rootId = await userWith('root2', ['*']);
    const peerId = await userWith('peer', ['iam:credentials:manage']);
    const lesserId = await userWith('lesser', []);
    const keeper = await server.token({ user: 'keeper', password: 'keeper-password-1' });
    const credentials = '/v3.0/OS-CREDENTIAL/credentials';
    const create = (token: string, userId: string) =>
      server.call('POST', credentials, { token, body: { credential: { user_id: userId } } });

    // A key of a user holding "*" would let the keeper act with "*".
    notAuthorized(await create(keeper, rootId));
    notAuthorized(await create(keeper, server.userId));
    assert.equal((await create(keeper, peerId)).status, 201);
    assert.equal((await create(keeper, lesserId)).status, 201);
    assert.equal((await create(keeper, keeperId)).status, 201);

    const rootKey = (await create(admin, rootId)).json.credential.access as string;
    notAuthorized(await server.call('GET', `${credentials}/${rootKey}`, { token: keeper }));
    notAuthorized(
      await server.call('PUT', `${credentials}/${rootKey}`, {
        token: keeper,
        body: { credential: { status: 'inactive' } },
      }),
    );
    notAuthorized(await server.call('DELETE', `${credentials}/${rootKey}`, { token: keeper }));
    notAuthorized(await server.call('GET', `${credentials}?user_id=${rootId}`, { token: keeper }));
    const listed = await server.call('GET', credentials, { token: keeper });
    assert.equal(listed.status, 200, listed.text);
    const owners = new Set(listed.json.credentials.map((c: { user_id: string }) => c.user_id));
    assert.deepEqual([...owners].sort(), [keeperId, peerId, lesserId].sort());
    // The administrator still sees and manages them all.
    const all = await server.call('GET', credentials, { token: admin });
    assert.ok(all.json.credentials.some((c: { access: string }) => c.access === rootKey));
    assert.equal((await server.call('GET', `${credentials}/${rootKey}`, { token: admin })).status, 200);
  });

  it('lets a user manager give no more than it holds, and change no user holding more', async () => {
    await userWith('manager', ['iam:users:manage', 'modelarts:*:*']);
    const manager = await server.token({ user: 'manager', password: 'manager-password-1' });
    const managerId = (await server.call('GET', '/v3/users', { token: admin })).json.users.find(
      (u: { name: string }) => u.name === 'manager',
    ).id as string;
    const create = (name: string, permissions: string[]) =>
      server.call('POST', '/v3/users', {
        token: manager,
        body: { user: { name, password: 'made-password-1', permissions } },
      });
    notAuthorized(await create('made-root', ['*']));
    notAuthorized(await create('made-iam', ['iam:credentials:manage']));
    assert.equal((await create('made-full', ['modelarts:*:*', 'iam:users:manage'])).status, 201);
    const made = await create('made-small', ['modelarts:service:get']);
    assert.equal(made.status, 201, made.text);
    const madeId = made.json.user.id as string;

    const patch = (userId: string, user: Record<string, unknown>) =>
      server.call('PATCH', `/v3/users/${userId}`, { token: manager, body: { user } });
    // The administrator (holding "*"): no new password, no disabling, no permissions.
    notAuthorized(await patch(server.userId, { password: 'taken-over-1' }));
    notAuthorized(await patch(server.userId, { enabled: false }));
    notAuthorized(await patch(server.userId, { permissions: [] }));
    assert.ok(await server.token());
    // Itself or another: never more than it holds.
    notAuthorized(await patch(managerId, { permissions: ['*'] }));
    notAuthorized(await patch(madeId, { permissions: ['iam:credentials:manage'] }));
    const widened = await patch(madeId, { permissions: ['modelarts:service:*'] });
    assert.equal(widened.status, 200, widened.text);
    assert.deepEqual(widened.json.user.permissions, ['modelarts:service:*']);
    assert.equal((await patch(madeId, { password: 'made-password-2' })).status, 200);
    expectError(await patch('0'.repeat(32), { enabled: false }), 404, 'IAM.0003', 'Could not find user.');
  });

  it('rations logins per address and locks a user after repeated wrong passwords', async () => {
    const s = await startServer({ identity: { loginsPerMinutePerAddress: 4, failedLoginsBeforeLockout: 2 } });
    try {
      const login = (password: string) =>
        s.call('POST', '/v3/auth/tokens', { body: tokenRequest('admin', password, 'acme', 'cn-test-1') });
      expectError(await login('wrong-password-1'), 401, 'IAM.0001', 'The username or password is wrong.');
      expectError(await login('wrong-password-2'), 401, 'IAM.0001', 'The username or password is wrong.');
      const locked = await login('admin-password-1');
      assert.equal(locked.status, 429, locked.text);
      assert.equal(locked.json.error_code, 'IAM.0007');
      assert.match(locked.json.error_msg, /^Too many wrong passwords: the user is locked for \d+ seconds\.$/);
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal((await login('admin-password-1')).status, 429);
      const rationed = await login('admin-password-1');
      expectError(
        rationed,
        400,
        'APIG.0308',
        'The request is sent too fast and exceeds the default rate limit of the service.',
      );
      assert.ok(Number(rationed.headers['retry-after']) > 0);
    } finally {
      await s.close();
    }
  });
});
