import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type FakeModelServer, startFakeModelServer } from './helpers/fake-model-server.js';
import { pollUntil } from './helpers/poll.js';
import { operatorKey, request, spawnServer, type SpawnedServer, tokenRequest } from './helpers/server.js';

/**
 * Graceful shutdown of the real server process: SIGTERM lets calls in flight finish (streams included) within the
 * deadline, refuses new connections meanwhile, cuts what outlasts the deadline, writes the batched statistics and
 * exits 0. The statistics are written every 10 minutes here, so only the write at shutdown can have saved them.
 */
describe('graceful shutdown (SIGTERM)', () => {
  let model: FakeModelServer;
  before(async () => {
    model = await startFakeModelServer();
  });
  after(async () => {
    await model.close();
  });

  const password = 'shutdown-password';
  const envFor = (dataDir: string, deadlineMs: number) => ({
    AISP_DATA_DIR: dataDir,
    AISP_BOOTSTRAP_ACCOUNT: 'drain',
    AISP_BOOTSTRAP_PASSWORD: password,
    AISP_BOOTSTRAP_PROJECT: 'main',
    AISP_OPERATOR_KEY: operatorKey,
    AISP_UPSTREAM_ALLOW_PRIVATE: 'true',
    AISP_WARM_UP_CLASSIFIER: 'false',
    AISP_STATISTICS_FLUSH_MS: '600000',
    AISP_SHUTDOWN_DEADLINE_MS: String(deadlineMs),
  });

  const json = (method: string, body?: unknown, headers: Record<string, string> = {}) => ({
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

  /** A project token, the operator models `gated` and `slow`, and an API key. */
  async function setUp(server: SpawnedServer) {
    const login = await request(
      server.baseUrl,
      'POST',
      '/v3/auth/tokens',
      json('POST', tokenRequest('admin', password, 'drain', 'main')),
    );
    assert.equal(login.status, 201, login.text);
    const token = login.headers['x-subject-token'] as string;
    const projectId = login.json.token.project.id as string;
    for (const [name, upstream] of [
      ['gated', 'gated-model'],
      ['slow', 'slow-model'],
    ]) {
      const res = await request(
        server.baseUrl,
        'POST',
        '/operator/v1/maas/models',
        json(
          'POST',
          { name, upstream_model: upstream, replicas: [{ url: model.url }] },
          { 'X-Operator-Key': operatorKey },
        ),
      );
      assert.equal(res.status, 201, res.text);
    }
    const key = await request(
      server.baseUrl,
      'POST',
      `/v2/${projectId}/maas/api-auth/api-keys`,
      json('POST', { allow_all: true, label: 'drainer' }, { 'X-Auth-Token': token }),
    );
    assert.equal(key.status, 200, key.text);
    return { token, projectId, apiKey: key.json.api_key as string };
  }

  /** A streamed chat call; `first` resolves with the first bytes of the answer, `done` with all of it. */
  function openStream(baseUrl: string, apiKey: string, modelName: string, content: string) {
    const url = new URL('/v1/chat/completions', baseUrl);
    let text = '';
    let markFirst: () => void;
    const first = new Promise<void>((resolve) => (markFirst = resolve));
    const done = new Promise<{ status: number; text: string; complete: boolean }>((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: url.pathname,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
          // A connection of its own, as a streaming client usually opens: one reused from the set-up calls would
          // carry a peer address read before, and hide a call metered from a socket that is gone.
          agent: false,
        },
        (res) => {
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            markFirst();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, complete: res.complete }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0, text, complete: false }));
        },
      );
      req.on('error', () => resolve({ status: 0, text, complete: false }));
      req.end(JSON.stringify({ model: modelName, stream: true, messages: [{ role: 'user', content }] }));
    });
    return { first, done };
  }

  /** Whether a new TCP connection to the server is refused. */
  function connectionRefused(baseUrl: string): Promise<boolean> {
    const url = new URL(baseUrl);
    return new Promise((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
  }

  async function statistics(baseUrl: string, token: string, projectId: string) {
    const now = Date.now();
    const res = await request(
      baseUrl,
      'POST',
      `/v1/${projectId}/maas/monitoring/show-statistics`,
      json(
        'POST',
        { service_type: 2, infer_type: 'real_time', start_time: now - 3600_000, end_time: now + 60_000 },
        { 'X-Auth-Token': token },
      ),
    );
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  it('lets calls in flight finish, refuses new connections, answers not ready, and keeps the usage', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-drain-'));
    const env = envFor(dataDir, 20_000);
    try {
      const server = await spawnServer(env);
      let setup: Awaited<ReturnType<typeof setUp>>;
      try {
        setup = await setUp(server);
        // A stream held open by the model until released, and a call whose model answers after 2 s, on a socket
        // of its own (another request follows it there once the drain has begun).
        const stream = openStream(server.baseUrl, setup.apiKey, 'gated', 'one two');
        await stream.first;
        const port = Number(new URL(server.baseUrl).port);
        const socket = net.connect(port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        let raw = '';
        socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        const socketClosed = new Promise((resolve) => socket.once('close', resolve));
        const slowBody = JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'a b c' }] });
        const slowCalls = () => model.requests.filter((r) => r.body?.model === 'slow-model').length;
        const slowBefore = slowCalls();
        socket.write(
          `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${setup.apiKey}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(slowBody)}\r\n\r\n${slowBody}`,
        );
        // The signal comes once the slow call is in flight: at the model, which answers 2 s later.
        await pollUntil('the slow call to reach the model', async () => (slowCalls() > slowBefore ? true : undefined));

        server.child.kill('SIGTERM');
        // New connections are refused soon after the signal...
        await pollUntil(
          'new connections to be refused after SIGTERM',
          async () => ((await connectionRefused(server.baseUrl)) ? true : undefined),
          3000,
          50,
        );
        // ...while a request on a connection still open is answered: readiness says 503 (shutting down).
        socket.write('GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n');
        assert.equal(server.child.exitCode, null, 'the process exited with a stream still open');

        model.release();
        const streamed = await stream.done;
        assert.equal(streamed.status, 200);
        assert.ok(streamed.complete, 'the stream was cut');
        assert.match(streamed.text, /data: \[DONE\]/);
        assert.equal(
          streamed.text
            .split('\n')
            .filter((l) => l.startsWith('data: {'))
            .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? '')
            .join(''),
          'echo: one two',
        );

        await socketClosed;
        const answers = raw.split(/(?=HTTP\/1\.1 )/);
        assert.equal(answers.length, 2, raw);
        assert.match(answers[0]!, /^HTTP\/1\.1 200 /);
        assert.match(answers[0]!, /"content":"echo: a b c"/);
        assert.match(answers[1]!, /^HTTP\/1\.1 503 /);
        assert.match(answers[1]!, /connection: close/i);
        assert.match(answers[1]!, /"status":"shutting_down"/);

        assert.equal(await server.exited, 0, server.output());
      } finally {
        await server.stop();
      }

      // Started again on the same database: both calls are in the statistics (written at shutdown only).
      const again = await spawnServer(env);
      try {
        const stats = await statistics(again.baseUrl, setup.token, setup.projectId);
        assert.equal(stats.total_request_count, 2, JSON.stringify(stats));
        assert.equal(stats.total_error_count, 0);
        // Words in, words out: "one two" → "echo: one two", "a b c" → "echo: a b c".
        assert.equal(stats.total_prompt_token, 0.005);
        assert.equal(stats.total_completion_token, 0.007);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('cuts a stream that outlasts the deadline, counts it, and still exits 0', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisp-cut-'));
    const env = envFor(dataDir, 1000);
    try {
      const server = await spawnServer(env);
      let setup: Awaited<ReturnType<typeof setUp>>;
      try {
        setup = await setUp(server);
        // A call answered before the signal: still pending in memory (written every 10 minutes here).
        const plain = await request(
          server.baseUrl,
          'POST',
          '/v1/chat/completions',
          json(
            'POST',
            { model: 'gated', messages: [{ role: 'user', content: 'first' }] },
            {
              Authorization: `Bearer ${setup.apiKey}`,
            },
          ),
        );
        assert.equal(plain.status, 200, plain.text);
        const stream = openStream(server.baseUrl, setup.apiKey, 'gated', 'never finished');
        await stream.first;
        const signalled = Date.now();
        server.child.kill('SIGTERM');
        const cut = await stream.done;
        const cutAfter = Date.now() - signalled;
        assert.equal(cut.complete, false, 'the stream ended normally');
        assert.doesNotMatch(cut.text, /\[DONE\]/);
        assert.ok(cutAfter >= 900, `cut after ${cutAfter} ms, before the deadline`);
        assert.ok(cutAfter < 5000, `cut only after ${cutAfter} ms`);
        assert.equal(await server.exited, 0, server.output());
        assert.ok(Date.now() - signalled < 10_000);
        assert.match(server.output(), /cutting the calls still running/);
      } finally {
        model.release();
        await server.stop();
      }

      const again = await spawnServer(env);
      try {
        const stats = await statistics(again.baseUrl, setup.token, setup.projectId);
        // The cut stream is metered after its connection is gone; it and the call pending beside it are both kept.
        assert.equal(stats.total_request_count, 2, JSON.stringify(stats));
        // Its prompt was reported before the cut ("never finished": 2 words), and "first" is 1.
        assert.equal(stats.total_prompt_token, 0.003);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
