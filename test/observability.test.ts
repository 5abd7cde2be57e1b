import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import type net from 'node:net';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startBenchServer } from '../bench/bench-server.js';
import { captureLog } from './helpers/log-lines.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, freePort, operatorKey, startServer, type TestServer } from './helpers/server.js';

const scrapeToken = 'scrape-token-0123456789';

/** The value of one series in a Prometheus text exposition, or undefined when it is not there. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A small photo-like image (a gradient with a shape), as PNG. */
async function sampleImage(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="160"><defs><linearGradient id="g">' +
    '<stop offset="0" stop-color="#3a7"/><stop offset="1" stop-color="#fd4"/></linearGradient></defs>' +
    '<rect width="200" height="160" fill="url(#g)"/><circle cx="100" cy="80" r="40" fill="#248"/></svg>';
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('metrics', () => {
  let server: TestServer;
  let files: http.Server;
  let filesBase: string;

  before(async () => {
    files = http.createServer((_req, res) => res.end('Dear team, the report is ready. Also, go to hell.\n'));
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesBase = `http://127.0.0.1:${(files.address() as net.AddressInfo).port}`;
    server = await startServer({
      metricsToken: scrapeToken,
      moderation: { fetch: { allowPrivateAddresses: true }, jobs: { pollIntervalMs: 100 } },
    });
  });
  after(async () => {
    await server.close();
    await new Promise((resolve) => files.close(resolve));
  });

  const scrape = (headers: Record<string, string>) => server.call('GET', '/metrics', { headers });

  it('serves /metrics to the scrape token (Bearer) and to the operator key; a wrong token is refused alike', async () => {
    const withToken = await scrape({ Authorization: `Bearer ${scrapeToken}` });
    assert.equal(withToken.status, 200, withToken.text);
    assert.match(withToken.text, /# TYPE aisp_http_requests_total counter/);
    assert.equal((await scrape({ 'X-Operator-Key': operatorKey })).status, 200);
    for (const headers of [
      {},
      { Authorization: 'Bearer scrape-token-0123456780' },
      { Authorization: `Basic ${scrapeToken}` },
      { Authorization: `Bearer ${scrapeToken}x` },
      { 'X-Operator-Key': scrapeToken },
    ] as Record<string, string>[]) {
      expectError(await scrape(headers), 401, 'APIG.0305', 'Incorrect operator authentication information.');
    }
    // Without a scrape token configured, a bearer token is no credential here.
    const plain = await startServer();
    const answer = await plain
      .call('GET', '/metrics', { headers: { Authorization: `Bearer ${scrapeToken}` } })
      .finally(() => plain.close());
    expectError(answer, 401, 'APIG.0305', 'Incorrect operator authentication information.');
  });

  it('counts moderation calls by operation and suggestion, times OCR and the image model, and shows the job queue', async () => {
    const token = await server.token();
    const moderation = `/v3/${server.projectId}/moderation`;
    const text = await server.call('POST', `${moderation}/text`, {
      token,
      body: { event_type: 'comment', data: { text: 'go to hell, idiot' } },
    });
    assert.equal(text.status, 200, text.text);
    const image = await server.call('POST', `${moderation}/image`, {
      token,
      body: {
        event_type: 'head_image',
        categories: ['porn', 'image_text'],
        image: (await sampleImage()).toString('base64'),
      },
    });
    assert.equal(image.status, 200, image.text);
    const job = await server.sdk('POST', `${moderation}/document/jobs`, {
      data: { url: `${filesBase}/notes.txt`, format: 'txt' },
      event_type: 'default',
      text_categories: ['default'],
    });
    assert.equal(job.status, 200, job.text);
    const done = await pollUntil(
      'the document job to end',
      async () => {
        const res = await server.sdk('GET', `${moderation}/document/jobs/${job.json.job_id}`);
        return ['succeeded', 'failed'].includes(res.json.status) ? res.json : undefined;
      },
      30_000,
      100,
    );
    assert.equal(done.status, 'succeeded', JSON.stringify(done));

    const metrics = (await scrape({ Authorization: `Bearer ${scrapeToken}` })).text;
    const value = (series: string) => seriesValue(metrics, series);
    assert.equal(value(`aisp_moderation_calls_total{operation="text",suggestion="${text.json.result.suggestion}"}`), 1);
    assert.equal(
      value(`aisp_moderation_calls_total{operation="image",suggestion="${image.json.result.suggestion}"}`),
      1,
    );
    assert.equal(
      value(`aisp_moderation_calls_total{operation="document",suggestion="${done.result.suggestion}"}`),
      1,
      metrics,
    );
    assert.equal(value('aisp_moderation_image_model_seconds_count'), 1);
    assert.ok(value('aisp_moderation_image_model_seconds_sum')! > 0);
    // PaddleOCR read it: the default engine.
    assert.equal(value('aisp_moderation_ocr_seconds_count{engine="paddle"}'), 1);
    assert.equal(value('aisp_moderation_ocr_seconds_bucket{engine="paddle",le="+Inf"}'), 1);
    // The queue: nothing left unfinished, every kind and state shown; the job's time by kind and outcome.
    for (const kind of ['document', 'audio', 'video', 'video_stream', 'audio_stream'])
      for (const state of ['queuing', 'running']) assert.equal(value(`aisp_jobs{kind="${kind}",state="${state}"}`), 0);
    assert.equal(value('aisp_job_duration_seconds_count{kind="document",outcome="succeeded"}'), 1);
    assert.match(metrics, /# TYPE aisp_jobs gauge/);
    assert.match(metrics, /# TYPE aisp_job_duration_seconds histogram/);
  });
});

describe('logs', () => {
  it('logs a Redis that cannot be reached once, not once per reconnection', async () => {
    const port = await freePort();
    // Each reconnection ioredis makes is a refused connection to that port, seen here as it happens.
    let refused = 0;
    const onSocket = ({ socket }: { socket: net.Socket }) =>
      socket.once('error', (error: NodeJS.ErrnoException & { port?: number }) => {
        if (error.code === 'ECONNREFUSED' && error.port === port) refused++;
      });
    diagnostics.subscribe('net.client.socket', onSocket as (message: unknown) => void);
    const log = captureLog();
    const server = await startServer(
      { logLevel: 'info', redisUrl: `redis://127.0.0.1:${port}` },
      { logStream: log.stream },
    );
    try {
      const token = await server.token();
      // Calls go on (rate limits counted in memory) while Redis is away.
      for (let i = 0; i < 3; i++) assert.equal((await server.call('GET', '/v3/projects', { token })).status, 200);
      await pollUntil('several reconnections', async () => (refused >= 4 ? true : undefined), 20_000);
      const redisLines = log.lines.filter((line) => line.dependency === 'redis');
      assert.equal(redisLines.length, 1, JSON.stringify(redisLines));
      assert.equal(redisLines[0]!.state, 'down');
      assert.equal(redisLines[0]!.level, 40);
      assert.match(redisLines[0]!.msg, /redis is down; rate limits counted in memory meanwhile/);
      assert.equal((redisLines[0]!.error as { code?: string }).code, 'ECONNREFUSED');
      // The error's code and message, not a stack per retry.
      assert.ok(!JSON.stringify(log.lines).includes('    at '), 'a stack in the log');
    } finally {
      diagnostics.unsubscribe('net.client.socket', onSocket as (message: unknown) => void);
      await server.close();
    }
  });

  it('writes only JSON lines, the image model loading included (no nsfwjs banner)', async () => {
    const server = await startBenchServer({ AISP_WARM_UP_CLASSIFIER: 'true', AISP_OCR_WORKERS: '0' });
    try {
      const image = { event_type: 'head_image', categories: ['porn'], image: (await sampleImage()).toString('base64') };
      assert.ok((await server.call('POST', `/v3/${server.projectId}/moderation/image`, image)).result.suggestion);
    } finally {
      await server.stop();
    }
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line !== '');
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    assert.ok(!server.output().includes("You're using the model"), server.output());
  });
});
