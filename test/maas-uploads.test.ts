import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startFakeModelServer, type FakeModelServer } from './helpers/fake-model-server.js';
import { maas } from './helpers/maas.js';
import { pollUntil } from './helpers/poll.js';
import { startServer, type TestServer } from './helpers/server.js';
import { speechWav } from './helpers/wav.js';

/** Small caps, so that the oversize cases cost little to send. */
const maxAudioBytes = 8 * 1024;
const maxBatchFileBytes = 16 * 1024;
const boundary = '----upload-test-boundary';
const formType = `multipart/form-data; boundary=${boundary}`;

/** A multipart body written out by hand, so that the test controls every byte and where the chunks fall. */
function formBody(parts: { name: string; value: string | Buffer; filename?: string }[], close = true): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const file = part.filename !== undefined ? `; filename="${part.filename}"` : '';
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${file}\r\n\r\n`));
    pieces.push(Buffer.from(part.value), Buffer.from('\r\n'));
  }
  if (close) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

interface Answer {
  status: number;
  json: any;
  text: string;
}

/**
 * A POST whose body the test sends itself, chunk by chunk, each written (and handed to the socket) before the next:
 * `chunks` is called until it returns undefined or the server has answered. Answers the response and the bytes sent.
 */
function upload(
  url: string,
  headers: Record<string, string>,
  chunks: () => Buffer | undefined,
): Promise<Answer & { sent: number; answeredEarly: boolean }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    let sent = 0;
    let answered = false;
    let finished = false;
    const req = http.request(
      { host: target.hostname, port: target.port, method: 'POST', path: target.pathname, headers },
      (res) => {
        answered = true;
        const body: Buffer[] = [];
        res.on('data', (c: Buffer) => body.push(c));
        res.on('end', () => {
          const text = Buffer.concat(body).toString('utf8');
          const json = /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : undefined;
          resolve({ status: res.statusCode ?? 0, json, text, sent, answeredEarly: !finished });
          req.destroy();
        });
      },
    );
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.on('socket', (socket) => socket.setNoDelay(true));
    const next = () => {
      if (answered) return;
      const chunk = chunks();
      if (chunk === undefined) {
        finished = true;
        req.end();
        return;
      }
      sent += chunk.length;
      // Each chunk its own write and its own turn of the event loop, so that the server sees it arrive alone.
      req.write(chunk, () => setImmediate(next));
    };
    next();
  });
}

/** Chunks of a buffer in varying small sizes (1 to 13 bytes), so that boundaries and headers fall across them. */
function smallChunks(bytes: Buffer): () => Buffer | undefined {
  let at = 0;
  let turn = 0;
  return () => {
    if (at >= bytes.length) return undefined;
    const size = 1 + ((turn++ * 7) % 13);
    const chunk = bytes.subarray(at, at + size);
    at += size;
    return chunk;
  };
}

describe('MaaS uploads read as they arrive (audio transcriptions, batch files)', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let key: string;
  const wav = speechWav('hello world');
  const audioUrl = () => `${server.baseUrl}/v1/audio/transcriptions`;
  const filesUrl = () => `${server.baseUrl}/v1/files`;
  const auth = () => ({ authorization: `Bearer ${key}` });
  const transcriptions = () => model.requests.filter((r) => r.path === '/v1/audio/transcriptions');

  before(async () => {
    model = await startFakeModelServer();
    server = await startServer({
      maas: {
        statisticsFlushMs: 50,
        inference: { allowPrivateUpstreams: true, maxAudioBytes },
        batch: { fileMaxBytes: maxBatchFileBytes },
      },
    });
    const m = maas(server, await server.token());
    await m.deployModel('whisper', model.url, { upstream_model: 'whisper-large-v3' });
    key = (await m.createKey()).api_key;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  /** A transcription the ordinary way: the server still answers calls after whatever came before. */
  const transcribe = async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(wav)]), 'speech.wav');
    form.append('model', 'whisper');
    const res = await fetch(audioUrl(), { method: 'POST', headers: auth(), body: form });
    return { status: res.status, text: await res.text() };
  };

  it('reads a form sent a few bytes at a time, the boundaries and headers split across chunks', async () => {
    const before = transcriptions().length;
    const bytes = formBody([
      { name: 'model', value: 'whisper' },
      { name: 'prompt', value: 'A greeting.' },
      { name: 'file', value: wav, filename: 'speech.wav' },
    ]);
    const res = await upload(audioUrl(), { ...auth(), 'content-type': formType }, smallChunks(bytes));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.text, 'hello world');
    const sent = transcriptions()[before]!.body;
    assert.deepEqual(
      [sent.model, sent.prompt, sent.file_name, sent.file_bytes],
      ['whisper-large-v3', 'A greeting.', 'speech.wav', wav.length],
    );

    // A batch file the same way (chunked transfer encoding: no Content-Length), read back byte for byte.
    const line = JSON.stringify({
      custom_id: 'a',
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'whisper', messages: [{ role: 'user', content: 'héllo ☃' }] },
    });
    const jsonl = `${line}\n`;
    const file = await upload(
      filesUrl(),
      { ...auth(), 'content-type': formType },
      smallChunks(
        formBody([
          { name: 'purpose', value: 'batch' },
          { name: 'file', value: jsonl, filename: 'in.jsonl' },
        ]),
      ),
    );
    assert.equal(file.status, 200, file.text);
    assert.deepEqual([file.json.filename, file.json.bytes], ['in.jsonl', Buffer.byteLength(jsonl)]);
    const openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: key, maxRetries: 0 });
    assert.equal(await (await openai.files.content(file.json.id)).text(), jsonl);
  });

  it('answers a body past the cap as soon as it passes it, before the client has sent the rest', async () => {
    const total = 64 * 1024 * 1024;
    for (const [url, fields] of [
      [audioUrl(), [{ name: 'model', value: 'whisper' }]],
      [filesUrl(), [{ name: 'purpose', value: 'batch' }]],
    ] as const) {
      // No Content-Length (chunked): the only way to know is to count the bytes as they come.
      const head = formBody([...fields, { name: 'file', value: '', filename: 'big' }], false).subarray(0, -2);
      let offered = 0;
      const res = await upload(url, { ...auth(), 'content-type': formType }, () => {
        if (offered >= total) return undefined;
        const chunk = offered === 0 ? head : Buffer.alloc(64 * 1024, 1);
        offered += chunk.length;
        return chunk;
      });
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error_code, 'APIG.0201');
      assert.ok(res.answeredEarly, `${url}: answered only after all ${res.sent} bytes`);
      assert.ok(res.sent < total / 4, `${url}: ${res.sent} bytes sent before the answer`);
    }
    // A file over the cap in a body within the route's limit: the route's own answer once the body has been read.
    const big = Buffer.alloc(maxAudioBytes + 1, 1);
    const audio = await upload(
      audioUrl(),
      { ...auth(), 'content-type': formType },
      smallChunks(
        formBody([
          { name: 'model', value: 'whisper' },
          { name: 'file', value: big, filename: 'a.wav' },
        ]),
      ),
    );
    assert.deepEqual([audio.status, audio.json.error_code], [400, 'APIG.0201']);
    const batchFile = await upload(
      filesUrl(),
      { ...auth(), 'content-type': formType },
      (() => {
        const body = formBody([
          { name: 'purpose', value: 'batch' },
          { name: 'file', value: Buffer.alloc(maxBatchFileBytes + 1, 0x20), filename: 'a.jsonl' },
        ]);
        let done = false;
        return () => (done ? undefined : ((done = true), body));
      })(),
    );
    assert.deepEqual(
      [batchFile.status, batchFile.json.error_code, batchFile.json.error_msg],
      [400, 'ModelArts.81123', `The file is larger than the limit of ${maxBatchFileBytes} bytes.`],
    );
    assert.equal((await transcribe()).status, 200);
  });

  it('stays healthy when clients go away mid-upload: nothing is answered, nothing is left in flight', async () => {
    const before = transcriptions().length;
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const target = new URL(i % 2 === 0 ? audioUrl() : filesUrl());
        const req = http.request({
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: target.pathname,
          headers: { ...auth(), 'content-type': formType, 'content-length': String(maxAudioBytes) },
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        const part = formBody([
          { name: 'model', value: 'whisper' },
          { name: 'file', value: wav, filename: 'a.wav' },
        ]);
        // Part of the body (a part header cut in the middle, on odd turns), then the connection is cut.
        req.write(part.subarray(0, i % 2 === 0 ? 200 : 60), () => setImmediate(() => req.destroy()));
      });
    }
    // The next calls are answered as ever, and no call was counted or left running.
    assert.equal((await transcribe()).status, 200);
    assert.equal(transcriptions().length, before + 1);
    await pollUntil('no call in flight', async () => {
      const metrics = (await server.operator('GET', '/metrics')).text;
      // A gauge without labels: read its one line (the helper reads labelled samples).
      const running = /^aisp_maas_calls_in_flight (\S+)$/m.exec(metrics);
      assert.ok(running, 'the gauge is exported');
      return Number(running[1]) === 0 ? true : undefined;
    });
  });

  it('answers malformed forms ModelArts.81001 on both routes, never a 5xx', async () => {
    const headers = { ...auth(), 'content-type': formType };
    const good = formBody([
      { name: 'model', value: 'whisper' },
      { name: 'purpose', value: 'batch' },
      { name: 'file', value: wav, filename: 'speech.wav' },
    ]);
    const malformed: [string, Buffer, Record<string, string>][] = [
      ['cut short', good.subarray(0, good.length - 30), headers],
      [
        'a part header that is not one',
        Buffer.from(`--${boundary}\r\nno colon\r\n\r\nx\r\n--${boundary}--\r\n`),
        headers,
      ],
      [
        'another boundary',
        Buffer.from('--other\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--other--\r\n'),
        headers,
      ],
      ['part headers over 16 KiB', formBody([{ name: `a${'n'.repeat(17 * 1024)}`, value: 'x' }]), headers],
      ['no boundary', good, { ...auth(), 'content-type': 'multipart/form-data; charset=utf-8' }],
      ['a bare multipart type', good, { ...auth(), 'content-type': 'multipart/form-data' }],
      ['65 parts', formBody(Array.from({ length: 65 }, (_, i) => ({ name: `f${i}`, value: 'x' }))), headers],
    ];
    for (const url of [audioUrl(), filesUrl()]) {
      for (const [what, body, sentHeaders] of malformed) {
        const expected = 'ModelArts.81001';
        const res = await upload(url, sentHeaders, smallChunksOrWhole(body));
        assert.equal(res.status, 400, `${url} ${what}: ${res.text}`);
        assert.equal(res.json.error_code, expected, `${url} ${what}`);
      }
    }
    // Random damage to a good form: any answer but a 5xx.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 60; i++) {
      const body = Buffer.from(good);
      for (let n = 0; n < 1 + Math.floor(random() * 4); n++) body[Math.floor(random() * body.length)] = random() * 256;
      const url = i % 2 === 0 ? audioUrl() : filesUrl();
      const res = await upload(url, headers, smallChunksOrWhole(body));
      assert.ok(res.status < 500, `${url} damaged form ${i}: ${res.status} ${res.text}`);
    }
    assert.equal((await transcribe()).status, 200);
  });
});

/** The body in small chunks when it is small, else whole (a megabyte a few bytes at a time takes too long). */
function smallChunksOrWhole(body: Buffer): () => Buffer | undefined {
  if (body.length < 4096) return smallChunks(body);
  let done = false;
  return () => (done ? undefined : ((done = true), body));
}
