import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import { GlobalCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/GlobalCredentials.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { DefaultHttpClient } from '@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient.js';
import { Logger4jInstance } from '@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger.js';
import { Region } from '@huaweicloud/huaweicloud-sdk-core/region/region.js';
import { IamClient } from '@huaweicloud/huaweicloud-sdk-iam/v3/IamClient.js';
import * as iam from '@huaweicloud/huaweicloud-sdk-iam/v3/public-api.js';
import { adminPassword, startServer, type TestServer } from './helpers/server.js';

// The SDK logs every error answer on standard output; the tests provoke some on purpose.
Logger4jInstance.level = 'off';

/** The cloud's IAM time format: microseconds, UTC. */
const iamTimePattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const akskFail = 'Incorrect IAM authentication information: verify aksk signature fail';

/** The SDK answers the JSON body as it came (plus httpStatusCode and the response headers it was asked for). */
type Answer = Record<string, any>;
const raw = (response: unknown): Answer => response as Answer;

/** What the SDK throws for an error answer: ClientRequestException, with the code and message it parsed. */
async function sdkError(
  call: Promise<unknown>,
): Promise<{ httpStatusCode: number; errorCode: string; errorMsg: string }> {
  try {
    await call;
  } catch (error) {
    return error as { httpStatusCode: number; errorCode: string; errorMsg: string };
  }
  throw new Error('the call succeeded');
}

function iamClient(server: TestServer, credential: ICredential, region?: string): IamClient {
  const builder = IamClient.newBuilder().withCredential(credential);
  // With a region the client discovers the credential's domain or project id from IAM before its first call.
  if (region !== undefined) builder.withRegion(new Region(region, [server.baseUrl]));
  else builder.withEndpoint(server.baseUrl);
  return builder.build();
}

function globalCredentials(server: TestServer, ak = server.accessKey, sk = server.secretKey): GlobalCredentials {
  return new GlobalCredentials().withAk(ak).withSk(sk).withIamEndpoint(server.baseUrl);
}

function passwordTokenRequest(scope: iam.AuthScope, user = 'admin', password = adminPassword) {
  const identity = new iam.PwdIdentity()
    .withMethods(['password'])
    .withPassword(
      new iam.PwdPassword().withUser(
        new iam.PwdPasswordUser()
          .withName(user)
          .withPassword(password)
          .withDomain(new iam.PwdPasswordUserDomain().withName('acme')),
      ),
    );
  return new iam.KeystoneCreateUserTokenByPasswordRequest().withBody(
    new iam.KeystoneCreateUserTokenByPasswordRequestBody().withAuth(
      new iam.PwdAuth().withIdentity(identity).withScope(scope),
    ),
  );
}

const projectScope = (name: string) => new iam.AuthScope().withProject(new iam.AuthScopeProject().withName(name));
const domainScope = () => new iam.AuthScope().withDomain(new iam.AuthScopeDomain().withName('acme'));

describe("IAM through the cloud's own Node client (@huaweicloud/huaweicloud-sdk-iam)", () => {
  let server: TestServer;
  let client: IamClient;
  let accountId: string;

  before(async () => {
    server = await startServer();
    client = iamClient(server, globalCredentials(server));
    accountId = (await server.platform.identity.directory.findAccountByName('acme'))!.id;
  });
  after(() => server.close());

  it('issues a project-scoped token by password, in the shape of TokenResult', async () => {
    const started = Date.now();
    const res = raw(await client.keystoneCreateUserTokenByPassword(passwordTokenRequest(projectScope('cn-test-1'))));
    assert.equal(res.httpStatusCode, 201);
    const subject = res['X-Subject-Token'];
    assert.match(subject, /^MIIT/);
    const { token } = res;
    assert.deepEqual(Object.keys(token), ['methods', 'expires_at', 'issued_at', 'catalog', 'roles', 'project', 'user']);
    assert.deepEqual(token.methods, ['password']);
    assert.match(token.issued_at, iamTimePattern);
    assert.match(token.expires_at, iamTimePattern);
    assert.ok(Date.parse(token.issued_at) >= Math.floor(started / 1000) * 1000);
    assert.equal(Date.parse(token.expires_at) - Date.parse(token.issued_at), 24 * 3600 * 1000);
    const domain = { name: 'acme', id: accountId };
    assert.deepEqual(token.project, { name: 'cn-test-1', id: server.projectId, domain });
    assert.deepEqual(token.user, { name: 'admin', id: server.userId, password_expires_at: '', domain });
    // The bootstrap administrator holds every permission: the cloud's administrator role.
    assert.deepEqual(token.roles, [{ name: 'te_admin', id: '0' }]);
    // The catalog lists this deployment's services at the origin the request came in on, for the project's region.
    assert.deepEqual(
      token.catalog.map((s: Answer) => s.type),
      ['identity', 'iam', 'moderation', 'modelarts', 'maas'],
    );
    for (const service of token.catalog) {
      assert.deepEqual(Object.keys(service), ['type', 'id', 'name', 'endpoints']);
      assert.match(service.id, /^[0-9a-f]{32}$/);
      assert.equal(service.endpoints.length, 1);
      const [endpoint] = service.endpoints;
      assert.deepEqual(Object.keys(endpoint), ['url', 'region', 'region_id', 'interface', 'id']);
      assert.equal(endpoint.url, server.baseUrl);
      assert.equal(endpoint.region, 'cn-test-1');
      assert.equal(endpoint.region_id, 'cn-test-1');
      assert.equal(endpoint.interface, 'public');
    }
    // The token works on the project's APIs.
    assert.equal((await server.call('GET', `/v1/${server.projectId}/services`, { token: subject })).status, 200);
  });

  it('issues a domain-scoped token, and leaves the catalog out on nocatalog', async () => {
    const res = raw(await client.keystoneCreateUserTokenByPassword(passwordTokenRequest(domainScope())));
    assert.equal(res.httpStatusCode, 201);
    assert.deepEqual(res.token.domain, { name: 'acme', id: accountId });
    assert.equal(res.token.project, undefined);
    assert.ok(res.token.catalog.every((s: Answer) => s.endpoints[0].region === 'cn-north-4'));

    const bare = raw(
      await client.keystoneCreateUserTokenByPassword(passwordTokenRequest(domainScope()).withNocatalog('true')),
    );
    assert.deepEqual(bare.token.catalog, []);
  });

  it('names the permission patterns of a user without every permission as its roles', async () => {
    const token = await server.token();
    const created = await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'reader', password: 'reader-password', permissions: ['modelarts:*:get'] } },
    });
    assert.equal(created.status, 201, created.text);
    const res = raw(
      await client.keystoneCreateUserTokenByPassword(
        passwordTokenRequest(projectScope('cn-test-1'), 'reader', 'reader-password'),
      ),
    );
    assert.deepEqual(res.token.roles, [{ name: 'modelarts:*:get', id: '0' }]);
  });

  it('refuses a wrong password with IAM.0001', async () => {
    const error = await sdkError(
      client.keystoneCreateUserTokenByPassword(passwordTokenRequest(projectScope('cn-test-1'), 'admin', 'wrong')),
    );
    assert.equal(error.httpStatusCode, 401);
    assert.equal(error.errorCode, 'IAM.0001');
  });

  it('validates a token (KeystoneValidateToken), and answers IAM.0003 once it is revoked', async () => {
    const token = await server.token();
    const res = raw(
      await client.keystoneValidateToken(new iam.KeystoneValidateTokenRequest().withXSubjectToken(token)),
    );
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res['X-Subject-Token'], token);
    assert.deepEqual(res.token.methods, ['password']);
    assert.equal(res.token.project.id, server.projectId);
    assert.equal(res.token.user.id, server.userId);
    assert.equal(res.token.catalog.length, 5);
    const bare = raw(
      await client.keystoneValidateToken(
        new iam.KeystoneValidateTokenRequest().withXSubjectToken(token).withNocatalog('yes'),
      ),
    );
    assert.deepEqual(bare.token.catalog, []);

    assert.equal(
      (await server.call('DELETE', '/v3/auth/tokens', { token, headers: { 'X-Subject-Token': token } })).status,
      204,
    );
    const error = await sdkError(
      client.keystoneValidateToken(new iam.KeystoneValidateTokenRequest().withXSubjectToken(token)),
    );
    assert.equal(error.httpStatusCode, 404);
    assert.equal(error.errorCode, 'IAM.0003');
    assert.equal(error.errorMsg, 'Could not find token.');
  });

  it('rescopes a token of ours to a project (KeystoneCreateScopedToken), keeping its expiry', async () => {
    const domainToken = raw(await client.keystoneCreateUserTokenByPassword(passwordTokenRequest(domainScope())));
    const body = new iam.KeystoneCreateScopedTokenRequestBody().withAuth(
      new iam.ScopedTokenAuth()
        .withIdentity(
          new iam.ScopedTokenIdentity()
            .withMethods(['token'])
            .withToken(new iam.ScopedToken().withId(domainToken['X-Subject-Token'])),
        )
        .withScope(
          new iam.TokenSocpeOption().withProject(
            new iam.ScopeProjectOption().withName('cn-test-1').withDomain(new iam.ScopeDomainOption().withName('acme')),
          ),
        ),
    );
    const res = raw(await client.keystoneCreateScopedToken(new iam.KeystoneCreateScopedTokenRequest().withBody(body)));
    assert.equal(res.httpStatusCode, 201);
    assert.deepEqual(res.token.methods, ['token']);
    assert.equal(res.token.project.id, server.projectId);
    assert.equal(res.token.expires_at, domainToken.token.expires_at);
    const scoped = res['X-Subject-Token'];
    assert.notEqual(scoped, domainToken['X-Subject-Token']);
    assert.equal((await server.call('GET', `/v1/${server.projectId}/services`, { token: scoped })).status, 200);
  });

  it('lists the projects and the domain of the caller (KeystoneListAuthProjects, KeystoneListAuthDomains)', async () => {
    const projects = raw(await client.keystoneListAuthProjects(new iam.KeystoneListAuthProjectsRequest()));
    assert.deepEqual(projects.links, { self: `${server.baseUrl}/v3/auth/projects` });
    assert.deepEqual(projects.projects, [
      {
        is_domain: false,
        description: '',
        links: { self: `${server.baseUrl}/v3/projects/${server.projectId}` },
        enabled: true,
        id: server.projectId,
        parent_id: accountId,
        domain_id: accountId,
        name: 'cn-test-1',
      },
    ]);
    const domains = raw(await client.keystoneListAuthDomains(new iam.KeystoneListAuthDomainsRequest()));
    assert.deepEqual(domains, {
      domains: [
        {
          enabled: true,
          id: accountId,
          name: 'acme',
          links: { self: `${server.baseUrl}/v3/domains/${accountId}` },
          description: '',
        },
      ],
      links: { self: `${server.baseUrl}/v3/auth/domains` },
      httpStatusCode: 200,
    });
  });

  it('finds exactly one project by name (KeystoneListProjects), for AK/SK and token callers alike', async () => {
    const token = await server.token();
    assert.equal(
      (await server.call('POST', '/v3/projects', { token, body: { project: { name: 'cn-north-4' } } })).status,
      201,
    );
    const res = raw(await client.keystoneListProjects(new iam.KeystoneListProjectsRequest().withName('cn-test-1')));
    assert.equal(res.projects.length, 1);
    assert.deepEqual(res.projects[0], {
      is_domain: false,
      description: '',
      links: { self: `${server.baseUrl}/v3/projects/${server.projectId}`, previous: null, next: null },
      enabled: true,
      id: server.projectId,
      parent_id: accountId,
      domain_id: accountId,
      name: 'cn-test-1',
    });
    assert.deepEqual(res.links, { self: `${server.baseUrl}/v3/projects?name=cn-test-1`, previous: null, next: null });
    const byToken = await server.call('GET', '/v3/projects?name=cn-north-4', { token });
    assert.equal(byToken.json.projects.length, 1);
    assert.equal(byToken.json.projects[0].name, 'cn-north-4');
    const none = raw(await client.keystoneListProjects(new iam.KeystoneListProjectsRequest().withName('nowhere')));
    assert.deepEqual(none.projects, []);
    const paged = raw(
      await client.keystoneListProjects(new iam.KeystoneListProjectsRequest().withPage(1).withPerPage(1)),
    );
    assert.equal(paged.projects.length, 1);
    assert.equal(paged.links.previous, null);
    assert.match(paged.links.next, /[?&]page=2(&|$)/);
  });

  it('verifies query values as the SDK signs and sends them: spaces, plus signs, unicode, marks, "=" and "&"', async () => {
    for (const name of ['a b', 'a+b', 'a%2Bb', '名字 ü', "-_.~!*'()", 'x=y&z', ' ', '']) {
      const res = raw(await client.keystoneListProjects(new iam.KeystoneListProjectsRequest().withName(name)));
      assert.equal(res.httpStatusCode, 200, name);
      assert.deepEqual(res.projects, [], name);
    }
    const found = raw(await client.keystoneListProjects(new iam.KeystoneListProjectsRequest().withName('cn-test-1')));
    assert.equal(found.projects.length, 1);
  });

  it('discovers the domain id as the SDK does: GET /v3/auth/domains, then X-Domain-Id', async () => {
    const credentials = globalCredentials(server);
    assert.equal(credentials.domainId, undefined);
    const discovering = iamClient(server, credentials, 'cn-test-1');
    const res = raw(await discovering.keystoneListAuthProjects(new iam.KeystoneListAuthProjectsRequest()));
    assert.equal(res.httpStatusCode, 200);
    assert.equal(credentials.domainId, accountId);
    assert.equal(DefaultHttpClient.httpReqParam.headers['X-Domain-Id'], accountId);
  });

  it('discovers the project id as the SDK does: GET /v3/projects?name=<region> answers exactly one', async () => {
    const credentials = new BasicCredentials()
      .withAk(server.accessKey)
      .withSk(server.secretKey)
      .withIamEndpoint(server.baseUrl);
    const discovering = iamClient(server, credentials, 'cn-test-1');
    const res = raw(await discovering.keystoneListAuthDomains(new iam.KeystoneListAuthDomainsRequest()));
    assert.equal(res.httpStatusCode, 200);
    assert.equal(credentials.projectId, server.projectId);
    assert.equal(DefaultHttpClient.httpReqParam.headers['X-Project-Id'], server.projectId);

    // The core SDK's own discovery step, for another region (project) of the account.
    const token = await server.token();
    const created = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'ap-southeast-3' } } });
    const other = new BasicCredentials()
      .withAk(server.accessKey)
      .withSk(server.secretKey)
      .withIamEndpoint(server.baseUrl);
    const hcClient = new HcClient(new DefaultHttpClient({}, [server.baseUrl])).withCredential(other);
    await other.processAuthParams(hcClient, 'ap-southeast-3');
    assert.equal(other.projectId, created.json.project.id);
  });

  it('creates, lists, shows, updates and deletes permanent access keys', async () => {
    const created = raw(
      await client.createPermanentAccessKey(
        new iam.CreatePermanentAccessKeyRequest().withBody(
          new iam.CreatePermanentAccessKeyRequestBody().withCredential(
            new iam.CreateCredentialOption().withUserId(server.userId).withDescription('ci key'),
          ),
        ),
      ),
    );
    assert.equal(created.httpStatusCode, 201);
    const { credential } = created;
    assert.deepEqual(Object.keys(credential).sort(), [
      'access',
      'create_time',
      'description',
      'secret',
      'status',
      'user_id',
    ]);
    assert.match(credential.access, /^[A-Z0-9]{20}$/);
    assert.equal(credential.secret.length, 40);
    assert.equal(credential.status, 'active');
    assert.equal(credential.user_id, server.userId);
    assert.equal(credential.description, 'ci key');
    assert.match(credential.create_time, iamTimePattern);
    const access = credential.access as string;

    const listed = raw(
      await client.listPermanentAccessKeys(new iam.ListPermanentAccessKeysRequest().withUserId(server.userId)),
    );
    const entry = listed.credentials.find((c: Answer) => c.access === access);
    assert.deepEqual(entry, {
      user_id: server.userId,
      access,
      status: 'active',
      create_time: credential.create_time,
      description: 'ci key',
    });
    assert.ok(listed.credentials.every((c: Answer) => c.secret === undefined));

    const shown = raw(
      await client.showPermanentAccessKey(new iam.ShowPermanentAccessKeyRequest().withAccessKey(access)),
    );
    assert.deepEqual(shown.credential, {
      user_id: server.userId,
      access,
      status: 'active',
      create_time: credential.create_time,
      last_use_time: '',
      description: 'ci key',
    });

    const updated = raw(
      await client.updatePermanentAccessKey(
        new iam.UpdatePermanentAccessKeyRequest()
          .withAccessKey(access)
          .withBody(
            new iam.UpdatePermanentAccessKeyRequestBody().withCredential(
              new iam.UpdateCredentialOption().withDescription('renamed'),
            ),
          ),
      ),
    );
    assert.deepEqual(updated.credential, {
      user_id: server.userId,
      access,
      status: 'active',
      create_time: credential.create_time,
      description: 'renamed',
    });

    const deleted = raw(
      await client.deletePermanentAccessKey(new iam.DeletePermanentAccessKeyRequest().withAccessKey(access)),
    );
    assert.equal(deleted.httpStatusCode, 204);
    const gone = await sdkError(
      client.showPermanentAccessKey(new iam.ShowPermanentAccessKeyRequest().withAccessKey(access)),
    );
    assert.equal(gone.httpStatusCode, 404);
    assert.equal(gone.errorCode, 'IAM.0003');
  });

  it('refuses an inactive key at once, takes it again when re-activated, and records its last use', async () => {
    const created = raw(
      await client.createPermanentAccessKey(
        new iam.CreatePermanentAccessKeyRequest().withBody(
          new iam.CreatePermanentAccessKeyRequestBody().withCredential(
            new iam.CreateCredentialOption().withUserId(server.userId),
          ),
        ),
      ),
    );
    const { access, secret } = created.credential;
    const withKey = iamClient(server, globalCredentials(server, access, secret));
    const listDomains = () => withKey.keystoneListAuthDomains(new iam.KeystoneListAuthDomainsRequest());
    const setStatus = (status: string) =>
      client.updatePermanentAccessKey(
        new iam.UpdatePermanentAccessKeyRequest()
          .withAccessKey(access)
          .withBody(
            new iam.UpdatePermanentAccessKeyRequestBody().withCredential(
              new iam.UpdateCredentialOption().withStatus(status),
            ),
          ),
      );

    const beforeUse = Date.now();
    assert.equal(raw(await listDomains()).httpStatusCode, 200);
    const shown = raw(
      await client.showPermanentAccessKey(new iam.ShowPermanentAccessKeyRequest().withAccessKey(access)),
    );
    assert.match(shown.credential.last_use_time, iamTimePattern);
    assert.ok(Date.parse(shown.credential.last_use_time) >= beforeUse - 1);

    assert.equal(raw(await setStatus('inactive')).credential.status, 'inactive');
    const refused = await sdkError(listDomains());
    assert.equal(refused.httpStatusCode, 400);
    assert.equal(refused.errorCode, 'APIG.0301');
    assert.equal(refused.errorMsg, akskFail);

    assert.equal(raw(await setStatus('active')).credential.status, 'active');
    assert.equal(raw(await listDomains()).httpStatusCode, 200);
  });

  it('lets a user without iam:credentials:manage manage its own keys, and only those', async () => {
    const token = await server.token();
    const user = await server.call('POST', '/v3/users', {
      token,
      body: { user: { name: 'keyholder', password: 'keyholder-password', permissions: [] } },
    });
    const userId = user.json.user.id as string;
    const first = await server.call('POST', '/v3.0/OS-CREDENTIAL/credentials', {
      token,
      body: { credential: { user_id: userId } },
    });
    assert.equal(first.status, 201, first.text);
    const own = iamClient(
      server,
      globalCredentials(server, first.json.credential.access, first.json.credential.secret),
    );

    const second = raw(
      await own.createPermanentAccessKey(
        new iam.CreatePermanentAccessKeyRequest().withBody(
          new iam.CreatePermanentAccessKeyRequestBody().withCredential(
            new iam.CreateCredentialOption().withUserId(userId),
          ),
        ),
      ),
    );
    assert.equal(second.credential.user_id, userId);
    const listed = raw(await own.listPermanentAccessKeys(new iam.ListPermanentAccessKeysRequest()));
    assert.deepEqual(
      listed.credentials.map((c: Answer) => c.access).sort(),
      [first.json.credential.access, second.credential.access].sort(),
    );
    const access = second.credential.access as string;
    assert.equal(
      raw(await own.showPermanentAccessKey(new iam.ShowPermanentAccessKeyRequest().withAccessKey(access))).credential
        .user_id,
      userId,
    );
    assert.equal(
      raw(await own.deletePermanentAccessKey(new iam.DeletePermanentAccessKeyRequest().withAccessKey(access)))
        .httpStatusCode,
      204,
    );

    // Thunks, not promises: each call starts only when awaited, so a refusal
    // is never an unhandled rejection while an earlier one is pending.
    for (const call of [
      () => own.showPermanentAccessKey(new iam.ShowPermanentAccessKeyRequest().withAccessKey(server.accessKey)),
      () => own.listPermanentAccessKeys(new iam.ListPermanentAccessKeysRequest().withUserId(server.userId)),
      () =>
        own.createPermanentAccessKey(
          new iam.CreatePermanentAccessKeyRequest().withBody(
            new iam.CreatePermanentAccessKeyRequestBody().withCredential(
              new iam.CreateCredentialOption().withUserId(server.userId),
            ),
          ),
        ),
    ]) {
      const error = await sdkError(call());
      assert.equal(error.httpStatusCode, 403);
      assert.equal(error.errorCode, 'APIG.0302');
    }
  });
});

describe('IAM settings: public URL and the last use of keys across a restart', () => {
  it('lists the configured public URL in the catalog and in links', async () => {
    const server = await startServer({
      publicUrl: 'https://ai.example.com/',
      identity: { defaultRegion: 'eu-west-0' },
    });
    try {
      const client = iamClient(server, globalCredentials(server));
      const res = raw(await client.keystoneCreateUserTokenByPassword(passwordTokenRequest(domainScope())));
      assert.ok(res.token.catalog.every((s: Answer) => s.endpoints[0].url === 'https://ai.example.com'));
      assert.ok(res.token.catalog.every((s: Answer) => s.endpoints[0].region === 'eu-west-0'));
      const domains = raw(await client.keystoneListAuthDomains(new iam.KeystoneListAuthDomainsRequest()));
      assert.equal(domains.links.self, 'https://ai.example.com/v3/auth/domains');
    } finally {
      await server.close();
    }
  });

  it('writes the last use of a key when the server closes, and shows it after a restart', async () => {
    const server = await startServer();
    const { dataDir } = server.config;
    let restarted: TestServer | undefined;
    try {
      assert.equal((await server.signed('GET', '/v3/auth/domains')).status, 200);
      const token = await server.token();
      const path = `/v3.0/OS-CREDENTIAL/credentials/${server.accessKey}`;
      const before = (await server.call('GET', path, { token })).json.credential.last_use_time;
      assert.match(before, iamTimePattern);
      await server.close(true);
      restarted = await startServer({ dataDir });
      const after = await restarted.call('GET', path, { token: await restarted.token() });
      assert.equal(after.json.credential.last_use_time, before);
    } finally {
      await (restarted ?? server).close();
    }
  });
});
