import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { sample } from './helpers/metrics.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, request, startServer, type TestServer } from './helpers/server.js';
import { speechWav } from './helpers/wav.js';

/** The audio cap of the test server: small, so that the oversize refusals cost nothing to send. */
const maxAudioBytes = 8 * 1024;

describe('MaaS audio transcriptions (POST /v1/audio/transcriptions)', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let m: ReturnType<typeof maas>;
  let key: string;
  let openai: OpenAI;
  const wav = speechWav('hello world');
  const transcriptions = () => model.requests.filter((r) => r.path === '/v1/audio/transcriptions');

  /** A raw multipart (or other) POST with the key, for what the SDK would never send. */
  const post = (body: FormData | string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/v1/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, ...headers },
      body: body as never,
    }).then(async (res) => {
      const text = await res.text();
      const json = /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
      return { status: res.status, text, json, headers: Object.fromEntries(res.headers) };
    });
  const form = (fields: Record<string, string>, file?: { bytes: Buffer; name?: string }) => {
    const data = new FormData();
    if (file) data.append('file', new Blob([new Uint8Array(file.bytes)]), file.name ?? 'speech.wav');
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    return data;
  };

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: { statisticsFlushMs: 50, inference: { allowPrivateUpstreams: true, maxAudioBytes } },
    });
    m = maas(server, await server.token());
    await m.deployModel('whisper', model.url, { upstream_model: 'whisper-large-v3' });
    await m.deployModel('qwen2.5-7b', model.url);
    key = (await m.createKey()).api_key;
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('relays the file and fields to the deployment (its own model name) and answers as the format asks', async () => {
    const file = await toFile(wav, 'speech.wav', { type: 'audio/wav' });
    const json = await openai.audio.transcriptions.create({
      file,
      model: 'whisper',
      language: 'en',
      prompt: 'A greeting.',
      temperature: 0.2,
    });
    assert.equal(json.text, 'hello world');
    const [sent] = transcriptions();
    assert.deepEqual(sent!.body, {
      bytes: sent!.body.bytes,
      model: 'whisper-large-v3',
      response_format: undefined,
      language: 'en',
      prompt: 'A greeting.',
      file_name: 'speech.wav',
      file_bytes: wav.length,
    });
    // The client's key never reaches the model server.
    assert.equal(sent!.headers?.authorization, undefined);

    const text = await openai.audio.transcriptions.create({
      file: await toFile(wav, 'speech.wav'),
      model: 'whisper',
      response_format: 'text',
    });
    assert.equal(text, 'hello world');
    const verbose = await openai.audio.transcriptions.create({
      file: await toFile(wav, 'speech.wav'),
      model: 'whisper',
      response_format: 'verbose_json',
    });
    assert.deepEqual(verbose.segments, [{ start: 0, end: 2, text: 'hello world' }]);
    // The OpenAI-compatible prefix answers the same.
    const prefixed = new OpenAI({ baseURL: `${server.baseUrl}/openai/v1`, apiKey: key, maxRetries: 0 });
    const again = await prefixed.audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'whisper' });
    assert.equal(again.text, 'hello world');
  });

  it('meters each call in the statistics: the upstream tokens when it counts them, the estimate else', async () => {
    // The four calls above: json (50 in, 2 out, as the upstream reports), text, verbose_json (by duration: no
    // tokens) and json again; the text and verbose_json calls count the transcript's 2 tokens out, nothing in.
    const stats = await pollUntil('the four transcriptions in the statistics', async () => {
      const res = await m.statistics({ service_type: 2 });
      return res.total_request_count >= 4 ? res : undefined;
    });
    assert.equal(stats.total_request_count, 4);
    assert.equal(stats.total_error_count, 0);
    assert.equal(stats.total_prompt_token, 0.1);
    assert.equal(stats.total_completion_token, 0.008);
  });

  it('refuses what is not a transcription request in the data plane codes, never with a 5xx', async () => {
    const modelEmpty = 'Failed to format request body, model is empty.';
    expectError(
      await request(server.baseUrl, 'POST', '/v1/audio/transcriptions', {
        headers: { authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=x' },
        body: '--x\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper\r\n--x--\r\n',
      }),
      400,
      'ModelArts.81001',
      'Failed to format request body, file is empty.',
    );
    const fileEmpty = 'Failed to format request body, file is empty.';
    const cases: [FormData | string, Record<string, string>, string][] = [
      [form({ model: 'whisper' }), {}, fileEmpty],
      [form({ model: 'whisper' }, { bytes: Buffer.alloc(0) }), {}, fileEmpty],
      [form({ model: 'whisper', file: 'not a file' }), {}, 'Invalid request body.'],
      [form({}, { bytes: wav }), {}, modelEmpty],
      [
        form({ model: 'whisper', response_format: 'xml' }, { bytes: wav }),
        {},
        'Failed to format request body, response_format is xml, not one of json, text, srt, verbose_json, vtt.',
      ],
      [form({ model: 'whisper', temperature: 'hot' }, { bytes: wav }), {}, 'Invalid request body.'],
      [form({ model: 'whisper', stream: 'true' }, { bytes: wav }), {}, 'Invalid request body.'],
      [
        JSON.stringify({ model: 'whisper', file: 'aGVsbG8=' }),
        { 'content-type': 'application/json' },
        'Invalid request body.',
      ],
      ['--x\r\ngarbage', { 'content-type': 'multipart/form-data; boundary=x' }, 'Invalid request body.'],
      [
        form(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`field${i}`, 'x'])), { bytes: wav }),
        {},
        'Invalid request body.',
      ],
    ];
    for (const [body, headers, message] of cases) {
      const res = await post(body, headers);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error_code, 'ModelArts.81001', res.text);
      assert.equal(res.json.error_msg, message);
      // The OpenAI SDKs read an `error` object.
      assert.equal(res.json.error.code, 'ModelArts.81001');
    }
    // An unknown model, and a model the key's allowlist leaves out.
    expectError(await post(form({ model: 'nope' }, { bytes: wav })), 404, 'ModelArts.81009', 'Invalid model.');
    const narrow = (await m.createKey({ resident_model_version_whitelist: ['qwen2.5-7b'] })).api_key;
    const refused = await new OpenAI({
      baseURL: `${server.baseUrl}/v1`,
      apiKey: narrow,
      maxRetries: 0,
    }).audio.transcriptions
      .create({ file: await toFile(wav, 'speech.wav'), model: 'whisper' })
      .then(
        () => assert.fail('the key may not call whisper'),
        (error: InstanceType<typeof OpenAI.APIError>) => error,
      );
    assert.equal(refused.status, 401);
    assert.equal(refused.code, 'ModelArts.81015');
    assert.equal(refused.message, '401 Invalid model whisper, rejected by api key model allowlist setting.');
    // No key at all.
    const anonymous = await fetch(`${server.baseUrl}/v1/audio/transcriptions`, { method: 'POST', body: form({}) });
    assert.equal(anonymous.status, 400);
    assert.equal(((await anonymous.json()) as { error_code: string }).error_code, 'ModelArts.81002');
  });

  it('refuses an audio file over the cap, and a body over the cap without reading it all', async () => {
    const oversized = 'The request body is oversized.';
    // The file over the cap, in a body the route still reads whole (the cap plus room for the fields).
    expectError(
      await post(form({ model: 'whisper' }, { bytes: Buffer.alloc(maxAudioBytes + 1) })),
      400,
      'APIG.0201',
      oversized,
    );
    // A body past the cap and the room for the fields: refused as it arrives, by its Content-Length.
    expectError(
      await post(form({ model: 'whisper' }, { bytes: Buffer.alloc(maxAudioBytes + 128 * 1024) })),
      400,
      'APIG.0201',
      oversized,
    );
    // The SDK gets the same answer.
    const error = await openai.audio.transcriptions
      .create({ file: await toFile(Buffer.alloc(maxAudioBytes * 2), 'big.wav'), model: 'whisper' })
      .then(
        () => assert.fail('over the cap'),
        (e: InstanceType<typeof OpenAI.APIError>) => e,
      );
    assert.equal(error.status, 400);
    assert.equal(error.code, 'APIG.0201');
    // None of the refused calls reached the model server.
    assert.equal(transcriptions().length, 4);
  });

  it('checks the transcript with the content guard and counts the call against the rpm limits', async () => {
    // The fake recogniser hears abuse in any audio when asked for the model `shouting`.
    await m.deployModel('whisper-guarded', model.url, { upstream_model: 'shouting', moderation: true });
    const blocked = await post(form({ model: 'whisper-guarded' }, { bytes: wav }));
    assert.equal(blocked.status, 403, blocked.text);
    assert.equal(blocked.json.error_code, 'ModelArts.81011');
    // The same without the guard gets the words through as they were heard.
    await m.deployModel('whisper-unguarded', model.url, { upstream_model: 'shouting', moderation: false });
    const heard = await post(form({ model: 'whisper-unguarded', response_format: 'text' }, { bytes: wav }));
    assert.equal(heard.status, 200, heard.text);
    assert.match(heard.headers['content-type']!, /^text\/plain/);
    assert.equal(heard.text, 'kill yourself');

    const limited = new OpenAI({
      baseURL: `${server.baseUrl}/v1`,
      apiKey: (await m.createKey({ rpm: 1 })).api_key,
      maxRetries: 0,
    });
    const transcribe = async () =>
      limited.audio.transcriptions.create({ file: await toFile(wav, 'speech.wav'), model: 'whisper' }).then(
        (answer) => answer.text,
        (error: InstanceType<typeof OpenAI.APIError>) => `${error.status} ${error.code}`,
      );
    assert.equal(await transcribe(), 'hello world');
    assert.equal(await transcribe(), '429 ModelArts.81101');
  });

  it("answers through a custom endpoint of the key's project, counted as the endpoint's call", async () => {
    await m.createEndpoint({ endpoint_name: 'speech-ep', model_name: 'whisper' });
    const answer = await openai.audio.transcriptions.create({ file: await toFile(wav, 'a.wav'), model: 'speech-ep' });
    assert.equal(answer.text, 'hello world');
    assert.equal(transcriptions().at(-1)!.body.model, 'whisper-large-v3');
    await pollUntil('the endpoint call in the statistics', async () => {
      const stats = await m.statistics({ service_type: 3 });
      return stats.total_request_count === 1 ? stats : undefined;
    });
  });

  it('fails over to another replica when one fails', async () => {
    const broken = await startFakeModelServer();
    await broken.close();
    // The first replica is a closed port, picked first nearly always (its weight): refused, tried on the second.
    await m.deployModel('whisper-pool', [], {
      replicas: [
        { url: broken.url, weight: 1000 },
        { url: model.url, weight: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) {
      const answer = await openai.audio.transcriptions.create({
        file: await toFile(speechWav(`call ${i}`), 'speech.wav'),
        model: 'whisper-pool',
      });
      assert.equal(answer.text, `call ${i}`);
    }
    const metrics = (await server.operator('GET', '/metrics')).text;
    const replica = new URL(broken.url).host;
    const labels = { deployment: 'whisper-pool', replica, outcome: 'connect_error' };
    assert.ok(sample(metrics, 'aisp_maas_upstream_attempts_total', labels) >= 1);
  });
});

/** A model server whose every call fails (500), counting them; health checks answered, so it stays in rotation. */
async function startFailingServer() {
  let calls = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
    calls++;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'out of GPU memory' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('Audio moderation through an operator model (AISP_ASR_MODEL without AISP_ASR_URL)', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let failing: Awaited<ReturnType<typeof startFailingServer>>;
  let files: http.Server;
  let filesBase: string;
  let m: ReturnType<typeof maas>;

  before(async () => {
    model = await startFakeModelServer();
    failing = await startFailingServer();
    files = http.createServer((req, res) => {
      if (req.url !== '/speech.wav') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(speechWav('good morning|kill yourself'));
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    server = await startServer({
      maas: { inference: { allowPrivateUpstreams: true }, pool: { retryBackoffMs: 1 } },
      moderation: {
        fetch: { allowPrivateAddresses: true },
        jobs: { asrModel: 'speech-primary', pollIntervalMs: 50 },
      },
    });
    m = maas(server, await server.token());
  });
  after(async () => {
    await server.close();
    await model.close();
    await failing.close();
    await new Promise((resolve) => files.close(resolve));
  });

  const jobs = () => `/v3/${server.projectId}/moderation/audio/jobs`;
  const audioJob = { data: { url: '' }, event_type: 'default', categories: ['abuse'] };

  it('refuses audio work while no running operator model has the name (AIS.0007)', async () => {
    const body = { ...audioJob, data: { url: `${filesBase}/speech.wav` } };
    expectError(await server.sdk('POST', jobs(), body), 400, 'AIS.0007', 'The service has not been enabled yet.');
  });

  it('transcribes through the model, failing over to its fallback when its deployment fails', async () => {
    await m.deployModel('speech-backup', model.url, { upstream_model: 'whisper-large-v3' });
    await m.deployModel('speech-primary', failing.url, { fallback_model: 'speech-backup' });
    const created = await server.sdk('POST', jobs(), { ...audioJob, data: { url: `${filesBase}/speech.wav` } });
    assert.equal(created.status, 200, created.text);
    const done = await pollUntil(
      'the audio job to end',
      async () => {
        const res = await server.sdk('GET', `${jobs()}/${created.json.job_id}`);
        return ['succeeded', 'failed'].includes(res.json.status) ? res.json : undefined;
      },
      30_000,
      50,
    );
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.result.audio_text, 'good morning kill yourself');
    assert.equal(done.result.suggestion, 'block');
    assert.deepEqual(
      done.result.details.map((d: { audio_text: string; start_time: number }) => [d.audio_text, d.start_time]),
      [['kill yourself', 2]],
    );
    // The failing deployment was asked first, then the fallback, with its own model name and the audio.
    assert.ok(failing.calls() >= 1, 'the primary deployment was tried');
    const [sent] = model.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    assert.equal(sent!.body.model, 'whisper-large-v3');
    assert.equal(sent!.body.response_format, 'verbose_json');
    assert.equal(sent!.body.file_bytes, speechWav('good morning|kill yourself').length);
    const metrics = (await server.operator('GET', '/metrics')).text;
    assert.ok(sample(metrics, 'aisp_maas_fallbacks_total', { deployment: 'speech-primary' }) >= 1);
  });
});
