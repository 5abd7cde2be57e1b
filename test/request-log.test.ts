import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { type FakeModelServer, startFakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { pollUntil } from './helpers/poll.js';
import { startServer, type TestServer } from './helpers/server.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  maas?: Record<string, unknown>;
}

describe('request log lines', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let endpointId: string;
  let logText = '';
  const lines: LogLine[] = [];

  before(async () => {
    model = await startFakeModelServer();
    const log = new PassThrough();
    log.on('data', (chunk: Buffer) => {
      logText += chunk.toString('utf8');
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    server = await startServer(
      { logLevel: 'info', maas: { inference: { allowPrivateUpstreams: true } } },
      { logStream: log },
    );
    token = await server.token();
    const m = maas(server, token);
    await m.deployModel('qwen2.5-7b', model.url);
    await m.deployModel('held', model.url, { upstream_model: 'gated-model' });
    endpointId = (await m.createEndpoint({ endpoint_name: 'chat-prod', model_name: 'qwen2.5-7b' })).id;
    apiKey = (await m.createKey({ label: 'billing-team' })).api_key;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  /** The log lines of one request, once its completion line is written (a stream's comes after its last byte). */
  async function linesOf(requestId: string, final = /request completed|request closed before completion/) {
    await pollUntil(`the final log line of ${requestId}`, async () =>
      lines.find((l) => l.reqId === requestId && final.test(l.msg)),
    );
    return lines.filter((l) => l.reqId === requestId);
  }

  const chat = (body: Record<string, unknown>) =>
    server.call('POST', '/v1/chat/completions', { body, headers: { Authorization: `Bearer ${apiKey}` } });

  it('writes one info line per inference call, with endpoint, model, tokens, key label, status and duration', async () => {
    const res = await chat({ model: 'chat-prod', messages: [{ role: 'user', content: 'one two three' }] });
    assert.equal(res.status, 200, res.text);
    const own = await linesOf(res.headers['x-request-id'] as string);
    assert.equal(own.length, 1, JSON.stringify(own));
    const line = own[0]!;
    assert.equal(line.level, 30);
    assert.equal(line.msg, 'request completed');
    assert.deepEqual(line.req && { method: line.req.method, url: line.req.url }, {
      method: 'POST',
      url: '/v1/chat/completions',
    });
    assert.equal(line.res?.statusCode, 200);
    assert.equal(typeof line.responseTime, 'number');
    assert.deepEqual(line.maas, {
      endpoint: '/v1/chat/completions',
      model: 'chat-prod',
      service_type: 'custom_endpoint',
      service_id: endpointId,
      deployment: 'qwen2.5-7b',
      project_id: server.projectId,
      key_label: 'billing-team',
      key_id: line.maas?.key_id,
      stream: false,
      code: 'ok',
      prompt_tokens: 3,
      completion_tokens: 4,
    });
    assert.equal(typeof line.maas?.key_id, 'string');
  });

  it('logs a streamed call once, when the stream ends, with the tokens the stream reported', async () => {
    const res = await chat({ model: 'qwen2.5-7b', stream: true, messages: [{ role: 'user', content: 'a b' }] });
    assert.equal(res.status, 200, res.text);
    const own = await linesOf(res.headers['x-request-id'] as string);
    assert.equal(own.length, 1, JSON.stringify(own));
    assert.equal(own[0]!.msg, 'request completed');
    assert.equal(own[0]!.res?.statusCode, 200);
    assert.deepEqual(
      {
        model: own[0]!.maas?.model,
        service_type: own[0]!.maas?.service_type,
        stream: own[0]!.maas?.stream,
        prompt_tokens: own[0]!.maas?.prompt_tokens,
        completion_tokens: own[0]!.maas?.completion_tokens,
      },
      { model: 'qwen2.5-7b', service_type: 'model', stream: true, prompt_tokens: 2, completion_tokens: 3 },
    );
  });

  it('logs a refused call with its error code, the model asked for and the key label', async () => {
    const res = await chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(res.json?.error_code, 'ModelArts.81009', res.text);
    const own = await linesOf(res.headers['x-request-id'] as string);
    const done = own.find((l) => l.msg === 'request completed');
    assert.ok(done, JSON.stringify(own));
    assert.equal(done.res?.statusCode, res.status);
    assert.equal(done.maas?.code, 'ModelArts.81009');
    assert.equal(done.maas?.model, 'no-such-model');
    assert.equal(done.maas?.key_label, 'billing-team');
  });

  it('logs a stream whose client left before its end', async () => {
    const url = new URL('/v1/chat/completions', server.baseUrl);
    const requestId = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: url.pathname,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve(res.headers['x-request-id'] as string);
          });
        },
      );
      req.on('error', () => undefined);
      req.once('response', () => undefined);
      req.end(JSON.stringify({ model: 'held', stream: true, messages: [{ role: 'user', content: 'wait' }] }));
      setTimeout(() => reject(new Error('no first byte')), 5000).unref();
    });
    try {
      const own = await linesOf(requestId);
      const closed = own.find((l) => l.msg === 'request closed before completion');
      assert.ok(closed, JSON.stringify(own));
      assert.equal(closed.level, 30);
      assert.equal(closed.res?.statusCode, 200);
      assert.equal(closed.maas?.model, 'held');
      assert.equal(closed.maas?.stream, true);
    } finally {
      model.release();
    }
  });

  it('logs no incoming-request lines and no probe lines at info, and never a credential', async () => {
    const probe = await server.call('GET', '/health/ready');
    assert.equal(probe.status, 200);
    const listed = await server.call('GET', `/v1/${server.projectId}/maas/services/custom-endpoint/endpoint`, {
      token,
    });
    assert.equal(listed.status, 200, listed.text);
    const own = await linesOf(listed.headers['x-request-id'] as string);
    assert.equal(own.length, 1);
    // The probe was answered before the listing was asked for, so a line of its own would be in the log by now.
    assert.deepEqual(
      lines.filter((l) => l.reqId === probe.headers['x-request-id']),
      [],
    );
    assert.equal(lines.filter((l) => l.msg === 'incoming request').length, 0);
    assert.ok(logText.length > 0);
    for (const secret of [apiKey, token, 'Bearer']) {
      assert.ok(!logText.includes(secret), `the log contains ${secret.slice(0, 12)}...`);
    }
  });
});
