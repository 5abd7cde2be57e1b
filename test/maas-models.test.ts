import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { captureLog } from './helpers/log-lines.js';
import { maas } from './helpers/maas.js';
import { expectError, startServer, type TestServer } from './helpers/server.js';

describe("the operator's model deployments (built-in services)", () => {
  let server: TestServer;
  let model: FakeModelServer;
  const models = '/operator/v1/maas/models';

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({ maas: { inference: { allowPrivateUpstreams: true } } });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('deploys, shows, lists, replaces and deletes a model', async () => {
    const created = await server.operator('POST', models, {
      name: 'qwen2.5-7b',
      description: 'Qwen 2.5 7B instruct',
      rpm_limit: 700,
      tpm_limit: 500_000,
      replicas: [{ url: model.url, weight: 3 }, { url: `${model.url}/` }],
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.upstream_model, 'qwen2.5-7b');
    assert.equal(created.json.open_to_all, true);
    assert.equal(created.json.moderation, true);
    assert.equal(created.json.status, 'running');
    assert.equal(created.json.origin, 'api');
    assert.deepEqual(
      created.json.replicas.map((r: { url: string; weight: number }) => [r.url, r.weight]),
      [
        [model.url, 3],
        [model.url, 1],
      ],
    );
    assert.deepEqual((await server.operator('GET', `${models}/qwen2.5-7b`)).json, created.json);
    assert.equal((await server.operator('GET', models)).json.total, 1);

    const replaced = await server.operator('PUT', `${models}/qwen2.5-7b`, {
      name: 'qwen2.5-7b',
      upstream_model: 'qwen-served',
      replicas: [{ url: model.url }],
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.json.upstream_model, 'qwen-served');
    assert.equal(replaced.json.replicas.length, 1);

    expectError(
      await server.operator('POST', models, { name: 'qwen2.5-7b', replicas: [{ url: model.url }] }),
      409,
      'ModelArts.3510',
      'Model name has already been used: qwen2.5-7b',
    );
    assert.equal((await server.operator('DELETE', `${models}/qwen2.5-7b`)).status, 204);
    expectError(
      await server.operator('GET', `${models}/qwen2.5-7b`),
      404,
      'ModelArts.3509',
      'Model not found: qwen2.5-7b',
    );
  });

  it('refuses to delete a model a custom endpoint uses', async () => {
    const token = await server.token();
    const m = maas(server, token);
    await m.deployModel('in-use', model.url);
    const endpoint = await m.createEndpoint({ endpoint_name: 'on-in-use', model_name: 'in-use' });
    expectError(
      await server.operator('DELETE', `${models}/in-use`),
      409,
      'ModelArts.3511',
      'Model is in use by custom endpoint on-in-use and cannot be deleted.',
    );
    await server.call('DELETE', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint/${endpoint.id}`, {
      token,
    });
    assert.equal((await server.operator('DELETE', `${models}/in-use`)).status, 204);
  });

  it('checks the declaration', async () => {
    const bad = async (body: Record<string, unknown>, message: string) =>
      expectError(await server.operator('POST', models, body), 400, 'ModelArts.0101', `Invalid parameter: ${message}`);
    await bad(
      { name: '', replicas: [{ url: model.url }] },
      'name must be 1 to 128 letters, digits, ".", "_", "-", ":" or "/", starting with a letter or digit',
    );
    await bad({ name: 'm' }, 'replicas must list at least one upstream server');
    await bad({ name: 'm', replicas: [{ url: 'ftp://x' }] }, 'replicas[0].url must be an absolute http or https URL');
    await bad(
      { name: 'm', replicas: [{ url: 'http://user:pw@host/v1' }] },
      'replicas[0].url must not carry credentials',
    );
    await bad({ name: 'm', replicas: [{ url: model.url, weight: 0 }] }, 'weight must be an integer from 1 to 1000');
    await bad({ name: 'm', accounts: ['nobody'], replicas: [{ url: model.url }] }, 'accounts names no account nobody');
    await bad({ name: 'm', status: 'paused', replicas: [{ url: model.url }] }, 'status must be running or stopped');
    // Without the operator key, nothing.
    expectError(
      await server.call('GET', models, { headers: { 'X-Operator-Key': 'wrong-operator-key-123' } }),
      401,
      'APIG.0305',
      'Incorrect operator authentication information.',
    );
  });

  it('applies a models file at start, and the file wins on the next start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aisp-models-'));
    const file = path.join(dir, 'models.json');
    writeFileSync(
      file,
      JSON.stringify({
        models: [
          { name: 'from-file', upstream_model: 'qwen2.5-7b', replicas: [{ url: model.url, api_key: 'file-key' }] },
          { name: 'retired-later', replicas: [{ url: model.url }] },
        ],
      }),
    );
    // Each model the file changes is logged, one JSON line each.
    const applied = (log: ReturnType<typeof captureLog>) =>
      log.lines.filter((l) => l.file === file).map((l) => [l.model, l.action]);
    const firstLog = captureLog();
    const s = await startServer(
      { logLevel: 'info', maas: { modelsFile: file, inference: { allowPrivateUpstreams: true } } },
      { logStream: firstLog.stream },
    );
    const dataDir = s.config.dataDir;
    try {
      assert.deepEqual(applied(firstLog), [
        ['from-file', 'created'],
        ['retired-later', 'created'],
      ]);
      const listed = await s.operator('GET', models);
      assert.deepEqual(
        listed.json.models.map((x: { name: string; origin: string }) => [x.name, x.origin]),
        [
          ['from-file', 'file'],
          ['retired-later', 'file'],
        ],
      );
      const t = await s.token();
      const client = new OpenAI({
        baseURL: `${s.baseUrl}/v1`,
        apiKey: (await maas(s, t).createKey()).api_key,
        maxRetries: 0,
      });
      const answer = await client.chat.completions.create({
        model: 'from-file',
        messages: [{ role: 'user', content: 'hi' }],
      });
      assert.equal(answer.choices[0]!.message.content, 'echo: hi');
      assert.equal(model.requests.at(-1)!.headers!.authorization, 'Bearer file-key');
      await maas(s, t).createEndpoint({ endpoint_name: 'keeps-it', model_name: 'retired-later' });
    } finally {
      await s.close(true);
    }
    writeFileSync(file, JSON.stringify({ models: [{ name: 'from-file', replicas: [{ url: model.url }] }] }));
    const againLog = captureLog();
    const again = await startServer(
      { dataDir, logLevel: 'info', maas: { modelsFile: file, inference: { allowPrivateUpstreams: true } } },
      { logStream: againLog.stream },
    );
    try {
      assert.deepEqual(applied(againLog), [
        ['from-file', 'replaced'],
        ['retired-later', 'stopped'],
      ]);
      const listed = await again.operator('GET', models);
      // A model left out of the file is deleted, or stopped while an endpoint still uses it.
      assert.deepEqual(
        listed.json.models.map((x: { name: string; status: string }) => [x.name, x.status]),
        [
          ['from-file', 'running'],
          ['retired-later', 'stopped'],
        ],
      );
      // A replica sent again without its key keeps the key it had.
      assert.equal(listed.json.models[0].replicas[0].has_api_key, true);
    } finally {
      await again.close();
    }
    writeFileSync(file, '{"models": [{"name": "broken"}]}');
    await assert.rejects(
      startServer({ maas: { modelsFile: file } }),
      /models file .*entry 0: Invalid parameter: replicas must list at least one upstream server/,
    );
    // Keys no model or replica has are refused, with their path and the closest real key.
    const refused = async (content: unknown, message: RegExp) => {
      writeFileSync(file, JSON.stringify(content));
      await assert.rejects(startServer({ maas: { modelsFile: file } }), message);
    };
    await refused(
      { models: [{ name: 'm', rpm: 5, replicas: [{ url: model.url }] }] },
      /the models file .*models\.json, models\[0\]\.rpm: unknown key; did you mean rpm_limit\?/,
    );
    await refused(
      { models: [{ name: 'm', replicas: [{ url: model.url }, { url: model.url, weigth: 2 }] }] },
      /models\[0\]\.replicas\[1\]\.weigth: unknown key; did you mean weight\?/,
    );
    await refused({ model: [] }, /must hold \{"models": \[\.\.\.\]\}/);
    await refused({ models: [], version: 2 }, /the models file .*, version: unknown key$/);
    // A model left out and no longer used is deleted, and that is logged too.
    writeFileSync(file, JSON.stringify({ models: [{ name: 'kept', replicas: [{ url: model.url }] }] }));
    const lastLog = captureLog();
    const last = await startServer(
      { logLevel: 'info', maas: { modelsFile: file, inference: { allowPrivateUpstreams: true } } },
      { logStream: lastLog.stream },
    );
    await last.close(true);
    writeFileSync(file, JSON.stringify({ models: [] }));
    const emptiedLog = captureLog();
    const emptied = await startServer(
      { dataDir: last.config.dataDir, logLevel: 'info', maas: { modelsFile: file } },
      { logStream: emptiedLog.stream },
    );
    await emptied.close();
    assert.deepEqual(applied(lastLog), [['kept', 'created']]);
    assert.deepEqual(applied(emptiedLog), [['kept', 'deleted']]);
  });
});
