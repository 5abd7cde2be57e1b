import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { type FakeModelServer, startFakeModelServer } from './helpers/fake-model-server.js';
import { maas, startMaasWithModel } from './helpers/maas.js';
import { s3rverAccessKey, startObjectStore, type TestObjectStore } from './helpers/object-store.js';
import { pollUntil } from './helpers/poll.js';
import { expectError, freePort, startServer, tokenRequest, type TestServer } from './helpers/server.js';

type Line = { custom_id: string; method: string; url: string; body: Record<string, unknown> };

const chatLine = (id: string, model: string, content: string): Line => ({
  custom_id: id,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model, messages: [{ role: 'user', content }] },
});
const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const outputOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('MaaS batches: the OpenAI Files and Batch APIs', () => {
  let server: TestServer;
  let model: FakeModelServer;
  let token: string;
  let apiKey: string;
  let openai: OpenAI;
  let m: ReturnType<typeof maas>;

  const upload = async (client: OpenAI, lines: unknown[]) =>
    client.files.create({ file: await toFile(Buffer.from(jsonl(lines)), 'input.jsonl'), purpose: 'batch' });
  const finished = (client: OpenAI, id: string, timeoutMs = 20_000) =>
    pollUntil(
      `batch ${id} to end`,
      async () => {
        const batch = await client.batches.retrieve(id);
        return ['completed', 'failed', 'cancelled', 'expired'].includes(batch.status) ? batch : undefined;
      },
      timeoutMs,
      50,
    );
  /** Uploads the lines, creates a batch of them and waits for it to end. */
  const runBatch = async (client: OpenAI, lines: Line[], endpoint: Line['url'] = '/v1/chat/completions') => {
    const file = await upload(client, lines);
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: endpoint as '/v1/chat/completions',
      completion_window: '24h',
    });
    return finished(client, created.id);
  };
  const contentOf = async (client: OpenAI, fileId: string | null | undefined) => {
    assert.ok(fileId, 'the file exists');
    return outputOf(await (await client.files.content(fileId)).text());
  };

  before(async () => {
    ({ model, server, token, m } = await startMaasWithModel());
    await m.deployModel('other-model', model.url);
    apiKey = (await m.createKey()).api_key;
    openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  it('runs a chat batch with the OpenAI SDK: files.create, batches.create, retrieve, files.content', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => chatLine(`req-${i}`, 'qwen2.5-7b', `question ${i}`));
    const file = await upload(openai, lines);
    assert.equal(file.object, 'file');
    assert.match(file.id, /^file-/);
    assert.equal(file.purpose, 'batch');
    assert.equal(file.filename, 'input.jsonl');
    assert.equal(file.bytes, Buffer.byteLength(jsonl(lines)));
    assert.deepEqual(await openai.files.retrieve(file.id), file);

    const created = await openai.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { purpose: 'test' },
    });
    assert.equal(created.object, 'batch');
    assert.match(created.id, /^batch_/);
    assert.equal(created.request_counts?.total, 7);
    assert.deepEqual(created.metadata, { purpose: 'test' });

    const batch = await finished(openai, created.id);
    assert.equal(batch.status, 'completed');
    assert.deepEqual(batch.request_counts, { total: 7, completed: 7, failed: 0 });
    assert.equal(batch.error_file_id, null);
    assert.ok(batch.completed_at && batch.in_progress_at && batch.finalizing_at);

    const output = await contentOf(openai, batch.output_file_id);
    assert.deepEqual(
      output.map((l) => l.custom_id),
      lines.map((l) => l.custom_id),
    );
    for (const [i, line] of output.entries()) {
      assert.match(line.id, /^batch_req_/);
      assert.equal(line.error, null);
      assert.equal(line.response.status_code, 200);
      assert.ok(line.response.request_id);
      assert.equal(line.response.body.choices[0].message.content, `echo: question ${i}`);
      assert.equal(line.response.body.model, 'qwen2.5-7b');
    }
    const listed = await openai.batches.list({ limit: 1 });
    assert.equal(listed.data[0]!.id, created.id);
  });

  it('runs an embeddings batch', async () => {
    const lines = ['alpha', 'beta gamma'].map((input, i) => ({
      custom_id: `emb-${i}`,
      method: 'POST',
      url: '/v1/embeddings',
      body: { model: 'qwen2.5-7b', input },
    }));
    const batch = await runBatch(openai, lines, '/v1/embeddings');
    assert.equal(batch.status, 'completed');
    const output = await contentOf(openai, batch.output_file_id);
    assert.deepEqual(
      output.map((l) => [l.custom_id, l.response.status_code, l.response.body.object]),
      [
        ['emb-0', 200, 'list'],
        ['emb-1', 200, 'list'],
      ],
    );
    assert.equal(output[0].response.body.data[0].embedding.length, 3);
  });

  it("refuses lines outside the key's model allowlist and lines the guard blocks, each in the error file", async () => {
    const limited = (await m.createKey({ allow_all: true, resident_model_version_whitelist: ['qwen2.5-7b'] })).api_key;
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: limited, maxRetries: 0 });
    const lines = [
      chatLine('fine', 'qwen2.5-7b', 'what is the capital of France?'),
      chatLine('not-allowed', 'other-model', 'hello'),
      chatLine('rude', 'qwen2.5-7b', 'you are a motherfucker'),
      chatLine('also-fine', 'qwen2.5-7b', 'and of Spain?'),
    ];
    const chats = () => model.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const before = chats();
    const batch = await runBatch(client, lines);
    assert.equal(batch.status, 'completed');
    assert.deepEqual(batch.request_counts, { total: 4, completed: 2, failed: 2 });
    // Only the two admitted lines reached the model server.
    assert.equal(chats() - before, 2);
    const output = await contentOf(client, batch.output_file_id);
    assert.deepEqual(
      output.map((l) => l.custom_id),
      ['fine', 'also-fine'],
    );
    const errors = await contentOf(client, batch.error_file_id);
    assert.deepEqual(
      errors.map((l) => [l.custom_id, l.response.status_code, l.error.code, l.response.body.error_code]),
      [
        ['not-allowed', 401, 'ModelArts.81015', 'ModelArts.81015'],
        ['rude', 403, 'ModelArts.81011', 'ModelArts.81011'],
      ],
    );
    assert.equal(errors[0].error.message, 'Invalid model other-model, rejected by api key model allowlist setting.');
    assert.equal(errors[1].error.message, 'May contain sensitive information.');
  });

  it("refuses the lines past the key's monthly budget (ModelArts.81110), each in the error file", async () => {
    // As in the budget tests: 0.007 a call at these prices, so a budget of 0.014 pays for two lines of four.
    await m.deployModel('metered', model.url, {
      input_price_per_million_tokens: 1000,
      output_price_per_million_tokens: 1000,
    });
    const budgeted = (await m.createKey({ label: 'budgeted', monthly_budget: 0.014 })).api_key;
    const client = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey: budgeted, maxRetries: 0 });
    const lines = Array.from({ length: 4 }, (_, i) => ({
      ...chatLine(`paid-${i}`, 'metered', 'one two three'),
      body: { model: 'metered', messages: [{ role: 'user', content: 'one two three' }], max_tokens: 4 },
    }));
    const batch = await runBatch(client, lines);
    assert.deepEqual(batch.request_counts, { total: 4, completed: 2, failed: 2 });
    const errors = await contentOf(client, batch.error_file_id);
    assert.deepEqual(
      errors.map((l) => [l.response.status_code, l.error.code, l.error.message, l.response.body.error.type]),
      Array(2).fill([429, 'ModelArts.81110', 'The API key has used up its monthly budget.', 'insufficient_quota']),
    );
  });

  it('counts batch lines in the statistics as infer_type batch, apart from real-time calls', async () => {
    const realTime = await m.statistics({ service_type: 2, infer_type: 'real_time' });
    const batch = await m.statistics({ service_type: 2, infer_type: 'batch' });
    // Every line that resolved a model so far: 7 chat, 2 embeddings, 3 of the allowlist test (the refused one never
    // resolved), the rude line included (refused after resolving, counted as an error), 4 of the budget test (the 2
    // refused ones counted as errors).
    assert.equal(batch.total_request_count, 16);
    assert.equal(batch.total_error_count, 3);
    assert.ok(batch.total_token > 0);
    assert.equal(realTime.total_request_count, 0);
  });

  it('checks the input as OpenAI does: JSONL lines, duplicate custom_id, one url, the endpoint', async () => {
    const post = (body: string, name = 'in.jsonl', purpose = 'batch') => {
      const form = new FormData();
      form.set('purpose', purpose);
      form.set('file', new Blob([body]), name);
      return fetch(`${server.baseUrl}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: form,
      }).then(async (res) => ({ status: res.status, json: (await res.json()) as any }));
    };
    const refused = async (body: string, message: string) => {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.error_code, 'ModelArts.81122');
      assert.equal(res.json.error_msg, `The batch input file is invalid: ${message}`);
      assert.equal(res.json.error.type, 'invalid_request_error');
    };
    const ok = chatLine('a', 'qwen2.5-7b', 'hi');
    await refused(jsonl([ok, ok]), 'line 2: duplicate custom_id a');
    await refused('{"custom_id": "a"\n', 'line 1: not valid JSON');
    await refused(jsonl([{ ...ok, method: 'GET' }]), 'line 1: method must be POST');
    await refused(
      jsonl([ok, { ...chatLine('b', 'x', 'y'), url: '/v1/embeddings' }]),
      "line 2: url must be /v1/chat/completions, as the batch's endpoint",
    );
    await refused(jsonl([{ ...ok, body: { ...ok.body, stream: true } }]), 'line 1: a batch does not stream');
    await refused('\n\n', 'the file holds no request');
    const wrongPurpose = await post(jsonl([ok]), 'in.jsonl', 'fine-tune');
    assert.equal(wrongPurpose.status, 400);
    assert.equal(wrongPurpose.json.error_msg, 'Failed to format request body, purpose is fine-tune, not one of batch.');

    // A batch whose endpoint is not the lines' url.
    const file = await upload(openai, [ok]);
    const mismatch = await server.call('POST', '/v1/batches', {
      headers: { Authorization: `Bearer ${apiKey}` },
      body: { input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' },
    });
    expectError(
      mismatch,
      400,
      'ModelArts.81122',
      "The batch input file is invalid: line 1: url must be /v1/embeddings, as the batch's endpoint",
    );
    const badWindow = await server.call('POST', '/v1/batches', {
      headers: { Authorization: `Bearer ${apiKey}` },
      body: { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '48h' },
    });
    expectError(
      badWindow,
      400,
      'ModelArts.81001',
      'Failed to format request body, completion_window is 48h, not one of 24h.',
    );
  });

  it('answers unknown files and batches 404 in the OpenAI shape, and deletes files', async () => {
    const auth = { Authorization: `Bearer ${apiKey}` };
    const noFile = await server.call('GET', '/v1/files/file-nope', { headers: auth });
    expectError(noFile, 404, 'ModelArts.81120', 'No such File object: file-nope');
    assert.equal(noFile.json.error.type, 'not_found_error');
    expectError(
      await server.call('GET', '/v1/batches/batch_nope', { headers: auth }),
      404,
      'ModelArts.81121',
      'No such Batch object: batch_nope',
    );
    const file = await upload(openai, [chatLine('a', 'qwen2.5-7b', 'hi')]);
    const batch = await runBatch(openai, [chatLine('a', 'qwen2.5-7b', 'hi')]);

    // Another tenant's key finds neither, exactly as missing ones.
    const created = await server.operator('POST', '/operator/v1/accounts', {
      name: 'beta',
      admin_password: 'beta-password-1',
      project: 'beta-project',
    });
    assert.equal(created.status, 201, created.text);
    const login = await server.call('POST', '/v3/auth/tokens', {
      body: tokenRequest('admin', 'beta-password-1', 'beta', 'beta-project'),
    });
    const beta = maas({ ...server, projectId: created.json.project_id }, login.headers['x-subject-token'] as string);
    const other = { Authorization: `Bearer ${(await beta.createKey()).api_key}` };
    for (const path of [`/v1/files/${file.id}`, `/v1/files/${file.id}/content`, `/v1/files/${batch.output_file_id}`]) {
      const id = path.split('/')[3]!;
      expectError(
        await server.call('GET', path, { headers: other }),
        404,
        'ModelArts.81120',
        `No such File object: ${id}`,
      );
    }
    expectError(
      await server.call('DELETE', `/v1/files/${file.id}`, { headers: other }),
      404,
      'ModelArts.81120',
      `No such File object: ${file.id}`,
    );
    for (const [method, path] of [
      ['GET', `/v1/batches/${batch.id}`],
      ['POST', `/v1/batches/${batch.id}/cancel`],
    ] as const) {
      expectError(
        await server.call(method, path, { headers: other }),
        404,
        'ModelArts.81121',
        `No such Batch object: ${batch.id}`,
      );
    }
    const createdElsewhere = await server.call('POST', '/v1/batches', {
      headers: other,
      body: { input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' },
    });
    expectError(createdElsewhere, 404, 'ModelArts.81120', `No such File object: ${file.id}`);
    assert.deepEqual((await server.call('GET', '/v1/batches', { headers: other })).json.data, []);

    assert.deepEqual(await openai.files.del(file.id), { id: file.id, object: 'file', deleted: true });
    await assert.rejects(openai.files.retrieve(file.id), { status: 404 });
    // Without a key: the data plane's 81002.
    expectError(
      await server.call('GET', '/v1/batches'),
      400,
      'ModelArts.81002',
      'Failed to get the authorization header.',
    );
  });

  it('cancels a batch: no new line starts, the lines that ran are in its files', async () => {
    await m.deployModel('slow', model.url, { upstream_model: 'slow-model' });
    const lines = Array.from({ length: 40 }, (_, i) => chatLine(`slow-${i}`, 'slow', `s ${i}`));
    const file = await upload(openai, lines);
    const created = await openai.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    await pollUntil('a line to start', async () =>
      model.requests.some((r) => r.body?.messages?.[0]?.content === 's 0') ? true : undefined,
    );
    const cancelling = await openai.batches.cancel(created.id);
    assert.ok(['cancelling', 'cancelled'].includes(cancelling.status));
    const batch = await finished(openai, created.id);
    assert.equal(batch.status, 'cancelled');
    assert.ok(batch.cancelled_at);
    const ran = batch.request_counts!.completed;
    assert.ok(ran >= 1 && ran < 40, `${ran} lines ran`);
    const errors = await contentOf(openai, batch.error_file_id);
    assert.equal(errors.length, 40 - ran);
    assert.ok(errors.every((l) => l.error.code === 'batch_cancelled' && l.response === null));
    const again = await server.call('POST', `/v1/batches/${created.id}/cancel`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    assert.equal(again.json.status, 'cancelled');
  });
});

describe('MaaS batches across a restart', () => {
  it('finishes a batch stopped mid-way once the server starts again, each line run exactly once', async () => {
    const { model, server, m } = await startMaasWithModel();
    await m.deployModel('slow', model.url, { upstream_model: 'slow-model' });
    const apiKey = (await m.createKey()).api_key;
    const lines = Array.from({ length: 12 }, (_, i) => chatLine(`line-${i}`, 'slow', `line ${i}`));
    const client = (s: TestServer) => new OpenAI({ baseURL: `${s.baseUrl}/v1`, apiKey, maxRetries: 0 });
    const file = await client(server).files.create({
      file: await toFile(Buffer.from(jsonl(lines)), 'in.jsonl'),
      purpose: 'batch',
    });
    const created = await client(server).batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    // Lines only (the pool's health checks ask the same server for its models).
    const lineCalls = () => model.requests.filter((r) => r.path === '/v1/chat/completions');
    await pollUntil('a line to start', async () => (lineCalls().length > 0 ? true : undefined));
    await server.close(true);
    const stoppedAt = lineCalls().length;
    assert.ok(stoppedAt < 12, `${stoppedAt} lines had run when the server stopped`);

    const again = await startServer({
      dataDir: server.config.dataDir,
      maas: { inference: { allowPrivateUpstreams: true } },
    });
    try {
      const batch: Batch = await pollUntil(
        'the batch to complete after the restart',
        async () => {
          const b = await client(again).batches.retrieve(created.id);
          return b.status === 'completed' ? b : undefined;
        },
        30_000,
        50,
      );
      assert.deepEqual(batch.request_counts, { total: 12, completed: 12, failed: 0 });
      const hits = new Map<string, number>();
      for (const r of lineCalls()) {
        const content = r.body?.messages?.[0]?.content as string;
        hits.set(content, (hits.get(content) ?? 0) + 1);
      }
      assert.deepEqual(
        lines.map((l) => hits.get((l.body.messages as { content: string }[])[0]!.content)),
        lines.map(() => 1),
      );
      const output = outputOf(await (await client(again).files.content(batch.output_file_id!)).text());
      assert.deepEqual(
        output.map((l) => [l.custom_id, l.response.body.choices[0].message.content]),
        lines.map((_, i) => [`line-${i}`, `echo: line ${i}`]),
      );
    } finally {
      await again.close();
      await model.close();
    }
  });
});

describe("MaaS batches reading their input from the project's object storage (input_url)", () => {
  const M = {
    noAgency: 'The OBS agency failed to be queried.',
    badUrl: 'The OBS URL is invalid.',
    failed: 'Failed to obtain the OBS file.',
    oversized: 'The OBS file is oversized.',
    missing: 'The OBS file does not exist.',
  };
  const cap = 4096;
  const input = jsonl([chatLine('obs-0', 'qwen2.5-7b', 'from obs 0'), chatLine('obs-1', 'qwen2.5-7b', 'from obs 1')]);
  let store: TestObjectStore;
  let model: FakeModelServer;

  before(async () => {
    store = await startObjectStore({
      'batches/in/ok.jsonl': Buffer.from(input),
      'batches/in/big.jsonl': Buffer.from(`${input}${' '.repeat(cap)}`),
      'batches/other/secret.jsonl': Buffer.from(input),
    });
    model = await startFakeModelServer();
  });
  after(async () => {
    await store.close();
    await model.close();
  });

  /** A server whose operator store is at `endpoint`, with the model, a key, and a grant of batches/in/ when asked. */
  async function serverWithStore(endpoint: string, granted: boolean) {
    const server = await startServer({
      maas: { inference: { allowPrivateUpstreams: true }, batch: { fileMaxBytes: cap } },
      moderation: {
        objectStorage: {
          endpoint,
          region: 'us-east-1',
          accessKey: s3rverAccessKey,
          secretKey: s3rverAccessKey,
          forcePathStyle: true,
        },
      },
    } as never);
    const m = maas(server, await server.token());
    await m.deployModel('qwen2.5-7b', model.url);
    const apiKey = (await m.createKey()).api_key;
    if (granted) {
      const res = await server.operator('PUT', `/operator/v1/projects/${server.projectId}/object-storage`, {
        buckets: [{ bucket: 'batches', prefix: 'in/' }],
      });
      assert.equal(res.status, 200, res.text);
    }
    const create = (inputUrl: string) =>
      server.call('POST', '/v1/batches', {
        headers: { Authorization: `Bearer ${apiKey}` },
        body: { input_url: inputUrl, endpoint: '/v1/chat/completions', completion_window: '24h' },
      });
    return { server, apiKey, create };
  }

  it('runs a batch read from obs://, and answers 4702, 4703, 4705 and 4706 as the catalogue says', async () => {
    const ungranted = await serverWithStore(store.endpoint, false);
    try {
      expectError(await ungranted.create('obs://batches/in/ok.jsonl'), 400, 'ModelArts.4702', M.noAgency);
    } finally {
      await ungranted.server.close();
    }

    const { server, apiKey, create } = await serverWithStore(store.endpoint, true);
    try {
      expectError(await create('obs://Not_A_Bucket/in/ok.jsonl'), 400, 'ModelArts.4703', M.badUrl);
      expectError(await create('obs://batches/in/../other/secret.jsonl'), 400, 'ModelArts.4703', M.badUrl);
      expectError(await create('obs://batches/in/nothing.jsonl'), 400, 'ModelArts.4706', M.missing);
      // Outside the grant: exactly as a missing object.
      expectError(await create('obs://batches/other/secret.jsonl'), 400, 'ModelArts.4706', M.missing);
      expectError(await create('obs://batches/in/big.jsonl'), 400, 'ModelArts.4705', M.oversized);
      // The same cap on an upload.
      const form = new FormData();
      form.set('purpose', 'batch');
      form.set('file', new Blob([`${input}${' '.repeat(cap)}`]), 'big.jsonl');
      const upload = await fetch(`${server.baseUrl}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: form,
      });
      const refused = (await upload.json()) as { error_code: string; error_msg: string };
      assert.equal(upload.status, 400);
      assert.deepEqual(
        [refused.error_code, refused.error_msg],
        ['ModelArts.81123', `The file is larger than the limit of ${cap} bytes.`],
      );
      // One input, not both.
      const both = await server.call('POST', '/v1/batches', {
        headers: { Authorization: `Bearer ${apiKey}` },
        body: {
          input_url: 'obs://batches/in/ok.jsonl',
          input_file_id: 'file-x',
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        },
      });
      assert.equal(both.status, 400);
      assert.equal(both.json.error_code, 'ModelArts.81001');

      const created = await create('obs://batches/in/ok.jsonl');
      assert.equal(created.status, 200, created.text);
      assert.equal(created.json.input_url, 'obs://batches/in/ok.jsonl');
      assert.equal(created.json.input_file_id, null);
      const openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
      const batch = await pollUntil(
        'the obs batch to complete',
        async () => {
          const b = await openai.batches.retrieve(created.json.id);
          return b.status === 'completed' ? b : undefined;
        },
        20_000,
        50,
      );
      const output = outputOf(await (await openai.files.content(batch.output_file_id!)).text());
      assert.deepEqual(
        output.map((l) => l.response.body.choices[0].message.content),
        ['echo: from obs 0', 'echo: from obs 1'],
      );
    } finally {
      await server.close();
    }
  });

  it('answers 4704 when the object store cannot be reached', async () => {
    const { server, create } = await serverWithStore(`http://127.0.0.1:${await freePort()}`, true);
    try {
      expectError(await create('obs://batches/in/ok.jsonl'), 400, 'ModelArts.4704', M.failed);
    } finally {
      await server.close();
    }
  });
});

describe('MaaS batches at the OpenAI-compatible prefix (/openai/v1)', () => {
  const upload = async (client: OpenAI, lines: unknown[]) =>
    client.files.create({ file: await toFile(Buffer.from(jsonl(lines)), 'input.jsonl'), purpose: 'batch' });
  const finished = (client: OpenAI, id: string) =>
    pollUntil(
      `batch ${id} to end`,
      async () => {
        const batch = await client.batches.retrieve(id);
        return ['completed', 'failed', 'cancelled', 'expired'].includes(batch.status) ? batch : undefined;
      },
      20_000,
      50,
    );
  const contentOf = async (client: OpenAI, fileId: string | null | undefined) => {
    assert.ok(fileId, 'the file exists');
    return outputOf(await (await client.files.content(fileId)).text());
  };

  it('answers the same at the /openai/v1 prefix: files.create, batches.create, retrieve, list, content, cancel', async () => {
    const { model, server, m } = await startMaasWithModel();
    try {
      const apiKey = (await m.createKey()).api_key;
      const openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
      const prefixed = new OpenAI({ baseURL: `${server.baseUrl}/openai/v1`, apiKey, maxRetries: 0 });
      const lines = [chatLine('p-0', 'qwen2.5-7b', 'prefixed 0'), chatLine('p-1', 'qwen2.5-7b', 'prefixed 1')];
      const file = await upload(prefixed, lines);
      assert.match(file.id, /^file-/);
      assert.equal(file.bytes, Buffer.byteLength(jsonl(lines)));
      // One store behind both prefixes.
      assert.deepEqual(await prefixed.files.retrieve(file.id), file);
      assert.deepEqual(await openai.files.retrieve(file.id), file);
      assert.equal(await (await prefixed.files.content(file.id)).text(), jsonl(lines));
      assert.ok((await prefixed.files.list()).data.some((f) => f.id === file.id));

      const created = await prefixed.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      assert.match(created.id, /^batch_/);
      assert.equal((await prefixed.batches.retrieve(created.id)).id, created.id);
      assert.equal((await prefixed.batches.list({ limit: 1 })).data[0]!.id, created.id);
      const batch = await finished(prefixed, created.id);
      assert.equal(batch.status, 'completed');
      assert.deepEqual(
        (await contentOf(prefixed, batch.output_file_id)).map((l) => l.response.body.choices[0].message.content),
        ['echo: prefixed 0', 'echo: prefixed 1'],
      );
      // A finished batch cannot be cancelled, at either prefix alike; errors keep the data plane's codes.
      const refused = await prefixed.batches.cancel(created.id).then(
        () => assert.fail('a completed batch was cancelled'),
        (e: InstanceType<typeof OpenAI.APIError>) => e,
      );
      assert.equal(refused.code, 'ModelArts.81124');
      const missing = await prefixed.files.retrieve('file-nope').then(
        () => assert.fail('found'),
        (e: InstanceType<typeof OpenAI.APIError>) => e,
      );
      assert.deepEqual([missing.status, missing.code], [404, 'ModelArts.81120']);
      await prefixed.files.del(file.id);
      await assert.rejects(openai.files.retrieve(file.id), { status: 404 });
    } finally {
      await server.close();
      await model.close();
    }
  });
});

describe("MaaS batches for a person signed in (the console's token routes)", () => {
  it("lists, shows and cancels the project's batches and serves their files, never another project's", async () => {
    const { model, server, token, m } = await startMaasWithModel();
    try {
      await m.deployModel('slow', model.url, { upstream_model: 'slow-model' });
      const apiKey = (await m.createKey()).api_key;
      const openai = new OpenAI({ baseURL: `${server.baseUrl}/v1`, apiKey, maxRetries: 0 });
      const create = async (lines: Line[]) => {
        const file = await openai.files.create({
          file: await toFile(Buffer.from(jsonl(lines)), 'in.jsonl'),
          purpose: 'batch',
        });
        return openai.batches.create({
          input_file_id: file.id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        });
      };
      const done = await create([chatLine('a', 'qwen2.5-7b', 'hi'), chatLine('b', 'missing-model', 'x')]);
      const ended = await pollUntil('the batch to complete', async () => {
        const batch = await openai.batches.retrieve(done.id);
        return batch.status === 'completed' ? batch : undefined;
      });
      const slow = await create(Array.from({ length: 10 }, (_, i) => chatLine(`s${i}`, 'slow', `slow ${i}`)));
      const base = `/v1/${server.projectId}/maas`;

      // The list: the Batch API's own shape and paging, newest first.
      const first = await server.call('GET', `${base}/batches?limit=1`, { token });
      assert.equal(first.status, 200, first.text);
      assert.deepEqual([first.json.data.map((b: Batch) => b.id), first.json.has_more], [[slow.id], true]);
      const second = await server.call('GET', `${base}/batches?limit=1&after=${slow.id}`, { token });
      assert.deepEqual([second.json.data[0].id, second.json.has_more], [done.id, false]);
      // One batch, as the Batch API answers it.
      const shown = await server.call('GET', `${base}/batches/${done.id}`, { token });
      assert.deepEqual(shown.json, await openai.batches.retrieve(done.id));
      // Its files, as stored.
      for (const fileId of [ended.output_file_id!, ended.error_file_id!]) {
        const content = await server.call('GET', `${base}/files/${fileId}/content`, { token });
        assert.equal(content.status, 200);
        assert.equal(content.text, await (await openai.files.content(fileId)).text());
      }
      // Cancel: the running batch moves; a completed one cannot.
      const cancelled = await server.call('POST', `${base}/batches/${slow.id}/cancel`, { token });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.ok(['cancelling', 'cancelled'].includes(cancelled.json.status));
      expectError(
        await server.call('POST', `${base}/batches/${done.id}/cancel`, { token }),
        409,
        'ModelArts.81124',
        'Cannot cancel a batch with status completed.',
      );
      expectError(
        await server.call('GET', `${base}/batches/batch_nope`, { token }),
        404,
        'ModelArts.81121',
        'No such Batch object: batch_nope',
      );

      // Another project of the same account sees none of it, at its own path; and a token cannot read another path.
      const project = await server.call('POST', '/v3/projects', { token, body: { project: { name: 'elsewhere' } } });
      assert.equal(project.status, 201, project.text);
      const elsewhere = await server.token({ project: 'elsewhere' });
      const otherBase = `/v1/${project.json.project.id}/maas`;
      const none = await server.call('GET', `${otherBase}/batches`, { token: elsewhere });
      assert.deepEqual([none.status, none.json.data], [200, []]);
      const foreign = await server.call('GET', `${otherBase}/batches/${done.id}`, { token: elsewhere });
      assert.deepEqual([foreign.status, foreign.json.error_code], [404, 'ModelArts.81121']);
      const foreignFile = await server.call('GET', `${otherBase}/files/${ended.output_file_id}/content`, {
        token: elsewhere,
      });
      assert.deepEqual([foreignFile.status, foreignFile.json.error_code], [404, 'ModelArts.81120']);
      const foreignCancel = await server.call('POST', `${otherBase}/batches/${slow.id}/cancel`, { token: elsewhere });
      assert.equal(foreignCancel.status, 404);
      const crossed = await server.call('GET', `${base}/batches`, { token: elsewhere });
      assert.ok(crossed.status >= 400 && crossed.status < 500, crossed.text);
      // A user without the permission reads nothing.
      const user = await server.call('POST', '/v3/users', {
        token,
        body: { user: { name: 'viewer', password: 'viewer-password', permissions: ['modelarts:usage:get'] } },
      });
      assert.equal(user.status, 201, user.text);
      const viewer = await server.token({ user: 'viewer', password: 'viewer-password' });
      expectError(
        await server.call('GET', `${base}/batches`, { token: viewer }),
        400,
        'ModelArts.4203',
        'No access permission.',
      );
    } finally {
      await server.close();
      await model.close();
    }
  });
});
