import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, startServer, tokenRequest, type TestServer } from './helpers/server.js';

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
