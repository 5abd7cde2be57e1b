import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startFakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { expectError, request, startServer } from './helpers/server.js';

const redisUrl = process.env.AISP_TEST_REDIS_URL;

describe('several instances', () => {
  it(
    'share one rate limit through Redis',
    { skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run (CI does)' },
    async () => {
      // Two instances on one database and one Redis, as behind a load balancer.
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-scale-'));
      const settings = { dataDir, redisUrl: redisUrl!, gateway: { rateLimitPerSecond: 2, rateLimitBurst: 1 } };
      const a = await startServer(settings);
      const b = await startServer(settings);
      try {
        const token = await a.token();
        const results = [];
        for (let i = 0; i < 6; i++) results.push(await (i % 2 === 0 ? a : b).call('GET', '/v3/projects', { token }));
        // Two per second and one of burst across both instances; each alone would have let six through.
        assert.equal(results.filter((r) => r.status === 200).length, 3);
        expectError(
          results[5]!,
          400,
          'APIG.0308',
          'The request is sent too fast and exceeds the default rate limit of the service.',
        );
      } finally {
        await b.close(true);
        await a.close();
      }
    },
  );

  it(
    "share an endpoint's rpm through Redis, concurrent calls included",
    { skip: !redisUrl && 'set AISP_TEST_REDIS_URL to run (CI does)' },
    async () => {
      const model = await startFakeModelServer();
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-scale-'));
      const settings = { dataDir, redisUrl: redisUrl!, maas: { inference: { allowPrivateUpstreams: true } } };
      const a = await startServer(settings);
      const b = await startServer(settings);
      try {
        const m = maas(a, await a.token());
        await m.deployModel('qwen2.5-7b', model.url);
        await m.createEndpoint({ endpoint_name: 'shared', model_name: 'qwen2.5-7b', rpm: 6 });
        const key = (await m.createKey({ label: 'both' })).api_key;
        const results = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            request((i % 2 === 0 ? a : b).baseUrl, 'POST', '/v1/chat/completions', {
              headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ model: 'shared', messages: [{ role: 'user', content: 'hi' }] }),
            }),
          ),
        );
        // Six a minute across both instances; each alone would have let six through.
        assert.equal(results.filter((r) => r.status === 200).length, 6);
        expectError(
          results.find((r) => r.status !== 200)!,
          429,
          'ModelArts.81101',
          'Too many requests, exceeded rate limit is 6 times per minute.',
        );
      } finally {
        await b.close(true);
        await a.close();
        await model.close();
      }
    },
  );

  it('keep working on memory counts while Redis is unreachable', async () => {
    const s = await startServer({
      redisUrl: 'redis://127.0.0.1:1',
      gateway: { rateLimitPerSecond: 2, rateLimitBurst: 1 },
    });
    try {
      const token = await s.token();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await s.call('GET', '/v3/projects', { token }));
      assert.equal(results.filter((r) => r.status === 200).length, 3);
      expectError(
        results[4]!,
        400,
        'APIG.0308',
        'The request is sent too fast and exceeds the default rate limit of the service.',
      );
    } finally {
      await s.close();
    }
  });
});
