import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { classifierReadiness, type ClassifierState } from '../src/moderation/image/classifier.js';
import { HealthChecks } from '../src/ops/health.js';
import { pollUntil } from './helpers/poll.js';
import { freePort, startServer, type TestServer } from './helpers/server.js';

const redisUrl = process.env.AISP_TEST_REDIS_URL;

describe('health: live and ready', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  it('answers live at /health/live and its old name /health, without credentials', async () => {
    for (const path of ['/health/live', '/health']) {
      const res = await server.call('GET', path);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { status: 'ok' });
    }
  });

  it('answers ready with each check: the database, and the image model that loads on first use', async () => {
    const res = await server.call('GET', '/health/ready');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.json.status, 'ok');
    assert.deepEqual(Object.keys(res.json.checks).sort(), ['database', 'image_model']);
    assert.equal(res.json.checks.database.status, 'ok');
    assert.equal(typeof res.json.checks.database.duration_ms, 'number');
    // The test servers turn the warm-up off: not loaded, yet ready.
    assert.deepEqual(
      { status: res.json.checks.image_model.status, detail: res.json.checks.image_model.detail },
      { status: 'ok', detail: 'loads on first use' },
    );
  });

  it('answers 503 shutting_down once the process drains, while live stays 200', async () => {
    const other = await startServer();
    try {
      other.platform.health.markShuttingDown();
      const ready = await other.call('GET', '/health/ready');
      assert.equal(ready.status, 503, ready.text);
      assert.equal(ready.json.status, 'shutting_down');
      assert.equal((await other.call('GET', '/health/live')).status, 200);
    } finally {
      await other.close();
    }
  });
});

describe('health: Redis', () => {
  it('is unready, naming redis, while the configured Redis does not answer; live stays 200', async () => {
    // Nothing listens there.
    const server = await startServer({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    try {
      const res = await server.call('GET', '/health/ready');
      assert.equal(res.status, 503, res.text);
      assert.equal(res.json.status, 'fail');
      assert.equal(res.json.checks.redis.status, 'fail');
      assert.match(res.json.checks.redis.detail, /connection|ECONNREFUSED|no answer/);
      assert.equal(res.json.checks.database.status, 'ok');
      assert.deepEqual(res.json.failed, ['redis']);
      assert.equal((await server.call('GET', '/health/live')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('is ready with a Redis that answers PING', { skip: !redisUrl && 'AISP_TEST_REDIS_URL not set' }, async () => {
    const server = await startServer({ redisUrl: redisUrl! });
    try {
      // The connection may still be opening right after the start.
      const res = await pollUntil(
        'readiness with Redis',
        async () => {
          const ready = await server.call('GET', '/health/ready');
          return ready.status === 200 ? ready : undefined;
        },
        5000,
        100,
      );
      assert.equal(res.json.checks.redis.status, 'ok');
    } finally {
      await server.close();
    }
  });
});

describe('health: the image model with warm-up on', () => {
  it('becomes ready once the classifier is loaded', async () => {
    const server = await startServer({ moderation: { warmUpClassifier: true } });
    try {
      const seen: string[] = [];
      const res = await pollUntil(
        'the classifier to load',
        async () => {
          const ready = await server.call('GET', '/health/ready');
          if (ready.status === 200) return ready;
          assert.equal(ready.status, 503, ready.text);
          assert.deepEqual(ready.json.failed, ['image_model']);
          seen.push(ready.json.checks.image_model.detail);
          return undefined;
        },
        60_000,
        100,
      );
      assert.equal(res.json.checks.image_model.detail, 'loaded');
      // While it loaded, readiness said so (the load takes a while; a fast machine may skip this).
      for (const detail of seen) assert.equal(detail, 'loading');
    } finally {
      await server.close();
    }
  });
});

describe('health: checks (units)', () => {
  const classifier = (status: ClassifierState) => {
    let warmUps = 0;
    return {
      status: () => status,
      warmUp: async () => {
        warmUps++;
      },
      get warmUps() {
        return warmUps;
      },
    };
  };

  it('reads the image model as ready or not by state and warm-up setting', () => {
    const cases: [ClassifierState, boolean, boolean, string][] = [
      [{ state: 'loaded' }, true, true, 'loaded'],
      [{ state: 'loaded' }, false, true, 'loaded'],
      [{ state: 'loading' }, true, false, 'loading'],
      [{ state: 'loading' }, false, true, 'loading on first use'],
      [{ state: 'unloaded' }, true, false, 'not loaded yet'],
      [{ state: 'unloaded' }, false, true, 'loads on first use'],
      [{ state: 'failed', error: 'no wasm', at: 0 }, false, false, 'failed to load: no wasm'],
      [{ state: 'failed', error: 'no wasm', at: 0 }, true, false, 'failed to load: no wasm'],
    ];
    for (const [state, warmUp, ok, detail] of cases) {
      assert.deepEqual(
        classifierReadiness(classifier(state), warmUp, 30_000, 1),
        { ok, detail },
        JSON.stringify(state),
      );
    }
  });

  it('tries a failed load again, at most every retry interval', () => {
    const failed = classifier({ state: 'failed', error: 'x', at: 1000 });
    classifierReadiness(failed, true, 30_000, 20_000);
    assert.equal(failed.warmUps, 0);
    classifierReadiness(failed, true, 30_000, 31_000);
    assert.equal(failed.warmUps, 1);
  });

  it('fails a check that throws or hangs past its time limit, and runs the checks in parallel', async () => {
    const health = new HealthChecks();
    health.add('fine', () => ({ ok: true, detail: 'fine' }));
    health.add('thrower', async () => {
      throw new Error('disk on fire');
    });
    health.add('hanger', () => new Promise(() => undefined), 200);
    health.add('slow', () => sleep(150).then(() => ({ ok: true })), 1000);
    const started = Date.now();
    const report = await health.readiness();
    assert.ok(Date.now() - started < 1000, 'checks ran one after the other');
    assert.equal(report.status, 'fail');
    assert.deepEqual(report.failed, ['thrower', 'hanger']);
    assert.equal(report.checks.fine!.status, 'ok');
    assert.equal(report.checks.slow!.status, 'ok');
    assert.equal(report.checks.thrower!.detail, 'disk on fire');
    assert.equal(report.checks.hanger!.detail, 'no answer within 200 ms');
    assert.throws(() => health.add('fine', () => ({ ok: true })), /twice/);
  });
});
