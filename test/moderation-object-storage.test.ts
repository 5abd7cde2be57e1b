import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startObjectStore, s3rverAccessKey, type TestObjectStore } from './helpers/object-store.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, freePort, startServer, tokenRequest, type Response, type TestServer } from './helpers/server.js';

const M = {
  noAgency: 'The OBS agency failed to be queried.',
  badObsUrl: 'The OBS URL is invalid.',
  noObject: 'The OBS file does not exist.',
  obsFailed: 'Failed to obtain the OBS file.',
  refused: 'Failed to obtain the file from OBS.',
  externalInvalid: 'The external URL is invalid.',
  missing: 'Lack the request parameter, or the request parameter is empty.',
  wrong: 'The input parameter is incorrect.',
  unsupported: 'The request parameter is not supported.',
};

const png = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#88aacc' } })
    .png()
    .toBuffer();

/** What a client can observe of an answer: status and body (the request id aside). */
const observable = (res: Response) => ({ status: res.status, body: res.json });

/** A second tenant: another account with its own project, made through the operator API. */
async function secondTenant(server: TestServer, name: string) {
  const created = await server.operator('POST', '/operator/v1/accounts', {
    name,
    admin_password: `${name}-password-1`,
    project: `${name}-project`,
  });
  assert.equal(created.status, 201, created.text);
  const login = await server.call('POST', '/v3/auth/tokens', {
    body: tokenRequest('admin', `${name}-password-1`, name, `${name}-project`),
  });
  assert.equal(login.status, 201, login.text);
  return { projectId: created.json.project_id as string, token: login.headers['x-subject-token'] as string };
}

describe('object storage access per project', () => {
  let store: TestObjectStore;
  let ownStore: TestObjectStore;
  let image: Buffer;

  before(async () => {
    image = await png();
    store = await startObjectStore({
      'media/a/ok.png': image,
      'media/b/x.png': image,
      'media/a/notes.txt': Buffer.from('Dear team, the report is ready. Also, go to hell.\n'),
      'media/b/notes.txt': Buffer.from('Minutes of the meeting of tenant B.\n'),
      'media/whole.png': image,
    });
    // A tenant's own store: another server, whose bucket shares a name with the operator's.
    ownStore = await startObjectStore({ 'media/own/photo.png': image, 'private/photo.png': image });
  });
  after(async () => {
    await store.close();
    await ownStore.close();
  });

  const operatorStore = (endpoint = store.endpoint) => ({
    endpoint,
    region: 'us-east-1',
    accessKey: s3rverAccessKey,
    secretKey: s3rverAccessKey,
    forcePathStyle: true,
  });
  const moderate = (s: TestServer, projectId: string, token: string, url: string) =>
    s.call('POST', `/v3/${projectId}/moderation/image`, { token, body: { event_type: 'head_image', url } });
  const grant = (s: TestServer, projectId: string, buckets: unknown) =>
    s.operator('PUT', `/operator/v1/projects/${projectId}/object-storage`, { buckets });
  const ownStorePath = (projectId: string) => `/v3/${projectId}/moderation/object-storage`;

  describe('through grants on the operator store', () => {
    let server: TestServer;
    let tokenA: string;
    let b: { projectId: string; token: string };

    before(async () => {
      server = await startServer({
        moderation: { objectStorage: operatorStore(), jobs: { pollIntervalMs: 100 } } as never,
      });
      tokenA = await server.token();
      b = await secondTenant(server, 'beta');
    });
    after(() => server.close());

    const readA = (url: string) => moderate(server, server.projectId, tokenA, url);
    const readB = (url: string) => moderate(server, b.projectId, b.token, url);

    it('reads nothing without a grant (ModelArts.4702), although the operator store is configured', async () => {
      expectError(await readA('obs://media/a/ok.png'), 400, 'ModelArts.4702', M.noAgency);
      expectError(await readB('s3://media/b/x.png'), 400, 'ModelArts.4702', M.noAgency);
    });

    it("answers another project's objects exactly as absent ones (ModelArts.4706)", async () => {
      assert.equal((await grant(server, server.projectId, [{ bucket: 'media', prefix: 'a/' }])).status, 200);
      assert.equal((await grant(server, b.projectId, [{ bucket: 'media', prefix: 'b/' }])).status, 200);
      try {
        for (const url of [
          'obs://media/a/ok.png',
          's3://media/a/ok.png',
          'https://media.obs.cn-north-4.myhuaweicloud.com/a/ok.png',
        ]) {
          const res = await readA(url);
          assert.equal(res.status, 200, `${url}: ${res.text}`);
        }
        assert.equal((await readB('obs://media/b/x.png')).status, 200);

        const othersObject = await readA('obs://media/b/x.png');
        const missingOwn = await readA('obs://media/a/missing.png');
        expectError(missingOwn, 400, 'ModelArts.4706', M.noObject);
        assert.deepEqual(observable(othersObject), observable(missingOwn));
        assert.deepEqual(observable(await readB('obs://media/a/ok.png')), observable(missingOwn));
        // Outside every grant: other keys of the bucket, and other buckets.
        assert.deepEqual(observable(await readA('obs://media/whole.png')), observable(missingOwn));
        assert.deepEqual(observable(await readA('obs://elsewhere/a/ok.png')), observable(missingOwn));
      } finally {
        await server.operator('DELETE', `/operator/v1/projects/${b.projectId}/object-storage`);
      }
    });

    it('shows and revokes grants through the operator API; the longest prefix of a grant decides', async () => {
      const granted = await grant(server, server.projectId, [
        { bucket: 'media', prefix: 'a/' },
        { bucket: 'media', prefix: '' },
      ]);
      assert.equal(granted.status, 200, granted.text);
      const shown = await server.operator('GET', `/operator/v1/projects/${server.projectId}/object-storage`);
      assert.equal(shown.status, 200);
      assert.equal(shown.json.project_id, server.projectId);
      assert.deepEqual(shown.json.buckets, [
        { bucket: 'media', prefix: 'a/' },
        { bucket: 'media', prefix: '' },
      ]);
      assert.equal((await readA('obs://media/whole.png')).status, 200);

      const revoked = await server.operator('DELETE', `/operator/v1/projects/${server.projectId}/object-storage`);
      assert.equal(revoked.status, 204);
      assert.deepEqual(
        (await server.operator('GET', `/operator/v1/projects/${server.projectId}/object-storage`)).json.buckets,
        [],
      );
      expectError(await readA('obs://media/a/ok.png'), 400, 'ModelArts.4702', M.noAgency);
    });

    it('refuses malformed keys and keys that could leave a prefix (ModelArts.4703)', async () => {
      await grant(server, server.projectId, [{ bucket: 'media', prefix: 'a/' }]);
      for (const url of [
        'obs://media/%',
        'obs://media/a/%zz.png',
        'https://media.obs.cn-north-4.myhuaweicloud.com/%',
        'obs://media/a/../b/x.png',
        'obs://media/a/%2e%2e/b/x.png',
        'obs://media/a/..%2Fb/x.png',
        'obs://media/a/./ok.png',
        'obs://media//a/ok.png',
        'obs://media/a//ok.png',
        'obs://media/a\\..\\b\\x.png',
        'obs://media/a/ok%00.png',
        'obs://media/a/ok%0A.png',
      ]) {
        expectError(await readA(url), 400, 'ModelArts.4703', M.badObsUrl);
      }
      // Jobs check the URL when they are created.
      expectError(
        await server.call('POST', `/v3/${server.projectId}/moderation/document/jobs`, {
          token: tokenA,
          body: { data: { url: 'obs://media/%' } },
        }),
        400,
        'ModelArts.4703',
        M.badObsUrl,
      );
    });

    it('reads job files through the same grants', async () => {
      await grant(server, server.projectId, [{ bucket: 'media', prefix: 'a/' }]);
      const run = async (url: string) => {
        const created = await server.call('POST', `/v3/${server.projectId}/moderation/document/jobs`, {
          token: tokenA,
          body: { data: { url, format: 'txt' }, event_type: 'default', text_categories: ['default'] },
        });
        assert.equal(created.status, 200, created.text);
        const jobUrl = `/v3/${server.projectId}/moderation/document/jobs/${created.json.job_id}`;
        return pollUntil(
          `job ${created.json.job_id} to finish`,
          async () => {
            const job = await server.call('GET', jobUrl, { token: tokenA });
            return job.json.status === 'succeeded' || job.json.status === 'failed' ? job.json : undefined;
          },
          30_000,
          100,
        );
      };
      const own = await run('obs://media/a/notes.txt');
      assert.equal(own.status, 'succeeded', JSON.stringify(own));
      assert.equal(own.result.suggestion, 'block');
      const others = await run('obs://media/b/notes.txt');
      assert.equal(others.status, 'failed');
      assert.equal(others.error_code, 'ModelArts.4706');
      assert.equal(others.error_msg, M.noObject);
    });

    it('refuses unknown projects and malformed grants in the operator API', async () => {
      const unknown = '0123456789abcdef0123456789abcdef';
      for (const [method, body] of [
        ['PUT', { buckets: [{ bucket: 'media', prefix: '' }] }],
        ['GET', undefined],
        ['DELETE', undefined],
      ] as const) {
        expectError(
          await server.operator(method, `/operator/v1/projects/${unknown}/object-storage`, body),
          404,
          'IAM.0003',
          'Could not find project.',
        );
      }
      const at = `/operator/v1/projects/${server.projectId}/object-storage`;
      for (const [body, field] of [
        [{}, 'buckets'],
        [{ buckets: 'media' }, 'buckets'],
        [{ buckets: [{ bucket: 'media' }] }, 'buckets[0].prefix'],
        [{ buckets: [{ bucket: 'Media_Files', prefix: '' }] }, 'buckets[0].bucket'],
        [
          {
            buckets: [
              { bucket: 'media', prefix: 'a/' },
              { bucket: 'media', prefix: '../b/' },
            ],
          },
          'buckets[1].prefix',
        ],
        [{ buckets: [{ bucket: 'media', prefix: '/a/' }] }, 'buckets[0].prefix'],
      ] as const) {
        expectError(await server.operator('PUT', at, body), 400, 'IAM.0002', `Invalid request parameter: ${field}`);
      }
    });
  });

  it('never asks the store about keys outside the grants', async () => {
    // Nothing listens on the store's port: a read that reaches for the store fails (4704), one that does not, 4706.
    const server = await startServer({
      moderation: { objectStorage: operatorStore(`http://127.0.0.1:${await freePort()}`) } as never,
    });
    try {
      const token = await server.token();
      await grant(server, server.projectId, [{ bucket: 'media', prefix: 'a/' }]);
      const read = (url: string) => moderate(server, server.projectId, token, url);
      expectError(await read('obs://media/a/ok.png'), 400, 'ModelArts.4704', M.obsFailed);
      expectError(await read('obs://media/b/x.png'), 400, 'ModelArts.4706', M.noObject);
      expectError(await read('obs://other/a/ok.png'), 400, 'ModelArts.4706', M.noObject);
    } finally {
      await server.close();
    }
  });

  describe("through a project's own store", () => {
    let server: TestServer;
    let token: string;

    before(async () => {
      server = await startServer({
        moderation: { objectStorage: operatorStore(), fetch: { allowPrivateAddresses: true } } as never,
      });
      token = await server.token();
    });
    after(() => server.close());

    const configure = (body: unknown, t = token) =>
      server.call('PUT', ownStorePath(server.projectId), { token: t, body });
    const read = (url: string) => moderate(server, server.projectId, token, url);
    const ownConfig = () => ({
      endpoint: ownStore.endpoint,
      region: 'us-east-1',
      access_key: s3rverAccessKey,
      secret_key: 'tenant-secret-key-0123456789',
      path_style: true,
      buckets: [{ bucket: 'media', prefix: 'own/' }, { bucket: 'private' }],
    });

    it('keeps the secret write-only, shows it masked, and reads through the credentials', async () => {
      const put = await configure(ownConfig());
      assert.equal(put.status, 200, put.text);
      const expected = {
        endpoint: ownStore.endpoint,
        region: 'us-east-1',
        access_key: s3rverAccessKey,
        secret_key: '******',
        path_style: true,
        buckets: [
          { bucket: 'media', prefix: 'own/' },
          { bucket: 'private', prefix: '' },
        ],
        operator_buckets: [],
      };
      assert.deepEqual({ ...put.json, update_time: undefined }, { ...expected, update_time: undefined });
      const shown = await server.call('GET', ownStorePath(server.projectId), { token });
      assert.equal(shown.status, 200);
      assert.deepEqual({ ...shown.json, update_time: undefined }, { ...expected, update_time: undefined });
      assert.ok(!shown.text.includes('tenant-secret-key'));

      // Encrypted at rest: the stored row does not hold the secret.
      const rows = await server.platform.db.selectFrom('moderation_object_storage').selectAll().execute();
      assert.ok(rows.length > 0);
      assert.ok(!JSON.stringify(rows).includes('tenant-secret-key'));

      assert.equal((await read('obs://media/own/photo.png')).status, 200);
      assert.equal((await read('obs://private/photo.png')).status, 200);
      // The operator store holds media/a/ok.png, but this project has no grant there.
      expectError(await read('obs://media/a/ok.png'), 400, 'ModelArts.4706', M.noObject);
      // With a grant on the operator store too, each key goes to the store whose prefix covers it.
      await grant(server, server.projectId, [{ bucket: 'media', prefix: 'a/' }]);
      assert.equal((await read('obs://media/a/ok.png')).status, 200);
      expectError(await read('obs://media/own/missing.png'), 400, 'ModelArts.4706', M.noObject);
      assert.deepEqual((await server.call('GET', ownStorePath(server.projectId), { token })).json.operator_buckets, [
        { bucket: 'media', prefix: 'a/' },
      ]);
      await server.operator('DELETE', `/operator/v1/projects/${server.projectId}/object-storage`);

      assert.equal((await server.call('DELETE', ownStorePath(server.projectId), { token })).status, 204);
      expectError(await read('obs://media/own/photo.png'), 400, 'ModelArts.4702', M.noAgency);
      assert.deepEqual((await server.call('GET', ownStorePath(server.projectId), { token })).json, {
        buckets: [],
        operator_buckets: [],
      });
    });

    it('answers AIS.0024 when the own store refuses the credentials', async () => {
      assert.equal((await configure({ ...ownConfig(), access_key: 'UNKNOWNACCESSKEY' })).status, 200);
      try {
        expectError(await read('obs://private/photo.png'), 400, 'AIS.0024', M.refused);
      } finally {
        await server.call('DELETE', ownStorePath(server.projectId), { token });
      }
    });

    it('answers the moderation codes for bad input, and APIG.0302 without the permission', async () => {
      const { endpoint, access_key, secret_key, buckets } = ownConfig();
      for (const [body, code, message] of [
        [{ access_key, secret_key, buckets }, 'AIS.0011', M.missing],
        [{ endpoint, secret_key, buckets }, 'AIS.0011', M.missing],
        [{ endpoint, access_key, buckets }, 'AIS.0011', M.missing],
        [{ endpoint, access_key, secret_key }, 'AIS.0011', M.missing],
        [{ endpoint, access_key, secret_key, buckets: [] }, 'AIS.0011', M.missing],
        [{ endpoint: 9000, access_key, secret_key, buckets }, 'AIS.0401', M.wrong],
        [{ endpoint: 'not a url', access_key, secret_key, buckets }, 'AIS.0401', M.wrong],
        [{ endpoint: 'http://user:pw@store.example.com', access_key, secret_key, buckets }, 'AIS.0401', M.wrong],
        [{ endpoint: 'ftp://store.example.com', access_key, secret_key, buckets }, 'AIS.0012', M.unsupported],
        [{ endpoint, access_key, secret_key, buckets: 'media' }, 'AIS.0401', M.wrong],
        [{ endpoint, access_key, secret_key, buckets: [{ bucket: 'Bad_Bucket' }] }, 'AIS.0401', M.wrong],
        [{ endpoint, access_key, secret_key, buckets: [{ bucket: 'media', prefix: 'a/../' }] }, 'AIS.0401', M.wrong],
        [{ endpoint, access_key, secret_key, buckets, path_style: 'yes' }, 'AIS.0401', M.wrong],
        [{ endpoint, access_key, secret_key, buckets, session_token: 'x' }, 'AIS.0012', M.unsupported],
      ] as const) {
        expectError(await configure(body), 400, code, message);
      }
      await server.call('POST', '/v3/users', {
        token,
        body: { user: { name: 'reader', password: 'reader-pass-1', permissions: ['moderation:image:check'] } },
      });
      const reader = await server.token({ user: 'reader', password: 'reader-pass-1' });
      expectError(
        await configure(ownConfig(), reader),
        403,
        'APIG.0302',
        'The IAM user is not authorized to access the API.',
      );
    });
  });

  it('refuses own-store endpoints on loopback and private addresses unless they are allowed', async () => {
    const server = await startServer();
    try {
      const token = await server.token();
      const body = (endpoint: string) => ({
        endpoint,
        access_key: s3rverAccessKey,
        secret_key: 'secret-0123456789',
        buckets: [{ bucket: 'media' }],
      });
      for (const endpoint of [
        ownStore.endpoint,
        `http://localhost:${ownStore.port}`,
        'http://10.1.2.3:9000',
        'http://169.254.169.254',
        'http://[::1]:9000',
      ]) {
        expectError(
          await server.call('PUT', ownStorePath(server.projectId), { token, body: body(endpoint) }),
          400,
          'ModelArts.4601',
          M.externalInvalid,
        );
      }
    } finally {
      await server.close();
    }
  });

  it('checks the own store address again when it connects', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-obs-guard-'));
    const config = (endpoint: string) => ({
      endpoint,
      access_key: s3rverAccessKey,
      secret_key: 'secret-0123456789',
      buckets: [{ bucket: 'private' }],
    });
    // Configured while private addresses were allowed (a literal address and a name that resolves to loopback)...
    const first = await startServer({ dataDir, moderation: { fetch: { allowPrivateAddresses: true } } });
    let tenants: { projectId: string; token: string }[];
    try {
      tenants = [{ projectId: first.projectId, token: await first.token() }, await secondTenant(first, 'gamma')];
      const endpoints = [ownStore.endpoint, `http://localhost:${ownStore.port}`];
      for (const [i, { projectId, token }] of tenants.entries()) {
        const put = await first.call('PUT', ownStorePath(projectId), { token, body: config(endpoints[i]!) });
        assert.equal(put.status, 200, put.text);
        assert.equal((await moderate(first, projectId, token, 'obs://private/photo.png')).status, 200);
      }
    } finally {
      await first.close(true);
    }
    // ...and read after they no longer are: refused where the connection is made.
    const second = await startServer({ dataDir });
    try {
      for (const { projectId, token } of tenants) {
        expectError(
          await moderate(second, projectId, token, 'obs://private/photo.png'),
          400,
          'ModelArts.4601',
          M.externalInvalid,
        );
      }
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
