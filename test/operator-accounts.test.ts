import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectError, startServer, type TestServer } from './helpers/server.js';

/** GET /operator/v1/accounts: every account, oldest first, paged by offset and limit, behind the operator key. */
describe('operator list of accounts', () => {
  let server: TestServer;
  const created = ['acct-a', 'acct-b', 'acct-c', 'acct-d'];

  before(async () => {
    server = await startServer();
    for (const name of created) {
      const answer = await server.operator('POST', '/operator/v1/accounts', {
        name,
        admin_password: 'a-long-password',
      });
      assert.equal(answer.status, 201, answer.text);
    }
    await server.operator('PUT', '/operator/v1/accounts/acct-c/state', { state: 'frozen' });
  });
  after(() => server.close());

  it('lists every account with its state, oldest first', async () => {
    const all = await server.operator('GET', '/operator/v1/accounts');
    assert.equal(all.status, 200, all.text);
    assert.equal(all.json.total, 5);
    assert.deepEqual(
      all.json.accounts.map((a: { name: string }) => a.name),
      [server.accountName, ...created],
    );
    const frozen = all.json.accounts.find((a: { name: string }) => a.name === 'acct-c');
    assert.equal(frozen.state, 'frozen');
    assert.deepEqual(Object.keys(frozen).sort(), ['id', 'name', 'state']);
    const shown = await server.operator('GET', '/operator/v1/accounts/acct-c');
    assert.deepEqual(shown.json.account, frozen);
  });

  it('pages by offset and limit, the total always the whole', async () => {
    const first = await server.operator('GET', '/operator/v1/accounts?offset=0&limit=2');
    const second = await server.operator('GET', '/operator/v1/accounts?offset=2&limit=2');
    const third = await server.operator('GET', '/operator/v1/accounts?offset=4&limit=2');
    const past = await server.operator('GET', '/operator/v1/accounts?offset=9&limit=2');
    const names = (r: typeof first) => r.json.accounts.map((a: { name: string }) => a.name);
    assert.deepEqual(names(first), [server.accountName, 'acct-a']);
    assert.deepEqual(names(second), ['acct-b', 'acct-c']);
    assert.deepEqual(names(third), ['acct-d']);
    assert.deepEqual(names(past), []);
    for (const page of [first, second, third, past]) assert.equal(page.json.total, 5);
  });

  it('refuses paging out of range as a bad request, not a server error', async () => {
    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'limit=abc']) {
      const answer = await server.operator('GET', `/operator/v1/accounts?${query}`);
      const name = query.split('=')[0]!;
      expectError(answer, 400, 'IAM.0002', `Invalid request parameter: ${name}`);
    }
  });

  it('answers without the operator key as the other operator routes do', async () => {
    for (const headers of [{}, { 'X-Operator-Key': 'guess' }] as Record<string, string>[]) {
      const list = await server.call('GET', '/operator/v1/accounts', { headers });
      const one = await server.call('GET', `/operator/v1/accounts/${server.accountName}`, { headers });
      const models = await server.call('GET', '/operator/v1/maas/models', { headers });
      expectError(list, 401, 'APIG.0305', 'Incorrect operator authentication information.');
      assert.deepEqual(list.json, one.json);
      assert.deepEqual(list.json, models.json);
    }
    // A tenant's token is no operator key either.
    const token = await server.token();
    expectError(
      await server.call('GET', '/operator/v1/accounts', { token }),
      401,
      'APIG.0305',
      'Incorrect operator authentication information.',
    );
  });
});
