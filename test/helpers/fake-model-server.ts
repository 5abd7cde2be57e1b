import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Response } from 'undici';

/**
 * A small, real OpenAI-compatible model server for the tests: /v1/chat/completions and /v1/completions, JSON or SSE
 * streams with usage, answering "echo: <last message>". Some model names behave badly on purpose:
 *   slow-model    waits 2 s before answering (headers)
 *   broken-model  answers 500 with an OpenAI-style error
 *   gated-model   streams its first word, then waits until release() is called before the rest
 *   null-model    answers the JSON `null`
 *   absurd-model  reports negative and absurd usage
 *   flood-model   streams one event that never ends (bytes without a line break) until the connection closes
 *   firehose-model  streams 64 KiB events as fast as the connection takes them (up to 200 MiB), counting bytes
 *   split-model   streams "héllo 你好" with the bytes of é and 你 split across two writes
 *   one-write-model  streams "one two three", its usage event (4 in, 3 out) and [DONE] in a single write;
 *                 own-write-model the same with each event its own write
 *   late-usage-model  streams its answer and finish_reason, then the usage event a second later
 *   rude-model    answers "well here is the thing you motherfucker and then some more words" whatever it is asked
 *   busy-model    answers 429 (Retry-After: 0); teapot-model answers 400 (the request's fault)
 *   break-model   streams its first word, then drops the connection
 * A chat prompt with a marker answers as tool-using and reasoning models do, "rude" with "you motherfucker" in it:
 *   [tool:rude] / [tool:clean]      two parallel tool calls (streamed: their arguments in pieces, interleaved, the
 *                                   rude word cut across two pieces of call 0)
 *   [reason:rude] / [reason:clean]  `reasoning_content` (streamed in pieces, the rude word cut across two) and "done."
 * GET /v1/models answers a model list (what the gateway's health checks ask).
 * /v1/embeddings answers a 3-number vector per input, /v1/rerank scores documents by shared words with the query,
 * and /v1/audio/transcriptions, a speech-recognition stand-in that "hears" the text between SAY: and :END in the
 * uploaded file (segments split at "|"), and fails (500) on a file that contains UNINTELLIGIBLE; asked for the model
 * `shouting`, it hears "kill yourself" in any audio (real audio windows of live streams included). It answers as
 * `response_format` asks (json with a token usage, verbose_json with segments, text) and records the form's fields
 * and the file's name and size it received.
 */
export interface FakeModelServer {
  url: string;
  requests: { path: string; body: any; headers?: http.IncomingHttpHeaders }[];
  /** Bytes the firehose model managed to write, and whether its client went away. */
  firehose: { written: number; closed: boolean };
  release(): void;
  close(): Promise<void>;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: finish ? {} : { content }, finish_reason: finish }] })}\n\n`;

/** The streaming models that misbehave on purpose; true when the model was one of them. */
async function streamMisbehaving(model: string, res: http.ServerResponse, firehose: FakeModelServer['firehose']) {
  const writeOrWait = async (data: string | Buffer) => {
    if (!res.write(data)) await new Promise((r) => res.once('drain', r));
  };
  switch (model) {
    case 'flood-model': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: ');
      const block = 'x'.repeat(16 * 1024);
      while (!res.destroyed && !res.writableEnded) {
        await writeOrWait(block);
        await sleep(1);
      }
      return true;
    }
    case 'firehose-model': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.on('close', () => (firehose.closed = true));
      const event = chunk('y'.repeat(64 * 1024));
      while (!res.destroyed && firehose.written < 200 * 1024 * 1024) {
        await writeOrWait(event);
        firehose.written += event.length;
      }
      res.end();
      return true;
    }
    case 'split-model': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bytes = Buffer.from(chunk('héllo 你好'));
      const cuts = [bytes.indexOf(Buffer.from('é')) + 1, bytes.indexOf(Buffer.from('你')) + 2];
      res.write(bytes.subarray(0, cuts[0]));
      await sleep(50);
      res.write(bytes.subarray(cuts[0], cuts[1]));
      await sleep(50);
      res.write(bytes.subarray(cuts[1]));
      res.end('data: [DONE]\n\n');
      return true;
    }
    case 'raw-model':
    case 'crlf-model': {
      // Events as real servers send them: cut anywhere (here inside `"model":"raw-model"`), comments, ids, one event
      // naming a dated model, no usage at all, and no blank line after the last event.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (content: string, name: string = model) =>
        `data: ${JSON.stringify({ id: 'r', object: 'chat.completion.chunk', created: 1, model: name, choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      let text = `: keep-alive\n\nid: 7\n${event('one ')}${event('two ')}${event('three ', `${model}-2024`)}${event('four')}data: [DONE]`;
      if (model === 'crlf-model') text = text.replaceAll('\n', '\r\n');
      const cut = text.indexOf(`"${model}"`) + 4;
      for (const [from, to] of [
        [0, cut],
        [cut, cut + 40],
        [cut + 40, text.length],
      ] as const) {
        res.write(text.slice(from, to));
        await sleep(30);
      }
      res.end();
      return true;
    }
    case 'one-write-model':
    case 'own-write-model': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (body: object) =>
        `data: ${JSON.stringify({ id: 'o', object: 'chat.completion.chunk', created: 1, model, ...body })}\n\n`;
      const words = ['one ', 'two ', 'three'].map((content) =>
        event({ choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
      );
      const usage = event({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } });
      const events = [...words, usage, 'data: [DONE]\n\n'];
      if (model === 'one-write-model') return (res.end(events.join('')), true);
      for (const text of events) {
        res.write(text);
        await sleep(5);
      }
      res.end();
      return true;
    }
    case 'late-usage-model': {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('a long answer of several words that costs tokens'));
      res.write(chunk('', 'stop'));
      await sleep(1000);
      if (!res.destroyed) {
        res.write(
          `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
      }
      return true;
    }
    default:
      return false;
  }
}

/** The answers of a tool-using or reasoning model (see the markers above), JSON or streamed. */
function answerMarked(res: http.ServerResponse, body: any, kind: 'tool' | 'reason', rude: boolean) {
  const said = rude ? 'you motherfucker' : 'a fine day';
  const base = { id: 'cmpl-marked', created: 1, model: body.model };
  const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 };
  const args = [`{"say":"${said}"}`, '{"city":"Paris"}'];
  if (!body.stream) {
    const message =
      kind === 'tool'
        ? {
            role: 'assistant',
            content: null,
            tool_calls: args.map((a, i) => ({
              id: `call_${i}`,
              type: 'function',
              function: { name: 'f', arguments: a },
            })),
          }
        : { role: 'assistant', reasoning_content: `I think ${said}.`, content: 'done.' };
    res.writeHead(200, { 'content-type': 'application/json' });
    const finish = kind === 'tool' ? 'tool_calls' : 'stop';
    return res.end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: finish }],
        usage,
      }),
    );
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const send = (delta: object, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
    );
  const cut = args[0]!.indexOf('fucker') >= 0 ? args[0]!.indexOf('fucker') : 10;
  if (kind === 'tool') {
    const call = (index: number, piece: string, first = false) =>
      send({
        tool_calls: [
          first
            ? { index, id: `call_${index}`, type: 'function', function: { name: 'f', arguments: piece } }
            : { index, function: { arguments: piece } },
        ],
      });
    call(0, args[0]!.slice(0, cut), true);
    call(1, args[1]!.slice(0, 5), true);
    call(0, args[0]!.slice(cut));
    call(1, args[1]!.slice(5));
    send({}, 'tool_calls');
  } else {
    const thought = `I think ${said}.`;
    const at = thought.indexOf('fucker') >= 0 ? thought.indexOf('fucker') : 8;
    send({ role: 'assistant', reasoning_content: thought.slice(0, at) });
    send({ reasoning_content: thought.slice(at) });
    send({ content: 'done.' });
    send({}, 'stop');
  }
  if (body.stream_options?.include_usage)
    res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}

export async function startFakeModelServer(port = 0): Promise<FakeModelServer> {
  const requests: FakeModelServer['requests'] = [];
  const firehose = { written: 0, closed: false };
  let releaseGate: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (releaseGate = resolve));
  const server = http.createServer((req, res) => {
    // A body it cannot make sense of is answered 400, as a real model server does: never a crash of the test run.
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad request: ${(error as Error).message}`.slice(0, 200) } }));
    });
  });
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBytes = Buffer.concat(chunks);
    if (req.url === '/v1/audio/transcriptions') {
      // Speech recognition stand-in: the test "audio" carries its words between SAY: and :END markers.
      if (rawBytes.includes('UNINTELLIGIBLE')) {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'decoder crashed' } }));
      }
      const form = await new Response(rawBytes, { headers: { 'content-type': req.headers['content-type'] ?? '' } })
        .formData()
        .catch(() => undefined);
      const file = form?.get('file');
      const field = (name: string) => (typeof form?.get(name) === 'string' ? (form.get(name) as string) : undefined);
      const model = field('model');
      const format = field('response_format') ?? 'json';
      const spoken =
        model === 'shouting' ? 'kill yourself' : (/SAY:([\s\S]*?):END/.exec(rawBytes.toString('latin1'))?.[1] ?? '');
      requests.push({
        path: req.url,
        body: {
          bytes: rawBytes.length,
          model,
          response_format: field('response_format'),
          language: field('language'),
          prompt: field('prompt'),
          file_name: typeof file === 'object' && file ? file.name : undefined,
          file_bytes: typeof file === 'object' && file ? file.size : undefined,
        },
        headers: req.headers,
      });
      const segments = spoken.split('|').map((text, i) => ({ start: i * 2, end: i * 2 + 2, text }));
      const text = segments.map((s) => s.text).join(' ');
      if (format === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(text);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      // json: OpenAI's token usage (as gpt-4o-transcribe answers); verbose_json: segments and a usage by duration.
      if (format === 'json') {
        return res.end(
          JSON.stringify({ text, usage: { type: 'tokens', input_tokens: 50, output_tokens: words(text).length } }),
        );
      }
      return res.end(JSON.stringify({ text, segments, usage: { type: 'duration', seconds: segments.length * 2 } }));
    }
    // Health checks are answered without being logged as requests.
    if (req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
    }
    const raw = rawBytes.toString('utf8');
    const body = raw ? JSON.parse(raw) : {};
    requests.push({ path: req.url ?? '', body, headers: req.headers });
    if (req.url === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      const tokens = inputs.reduce((n, text) => n + words(String(text)).length, 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({
          object: 'list',
          model: body.model,
          data: inputs.map((text, index) => ({
            object: 'embedding',
            index,
            embedding: [String(text).length, words(String(text)).length, index],
          })),
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        }),
      );
    }
    if (req.url === '/v1/rerank') {
      const query = new Set(words(String(body.query)));
      const results = (body.documents as string[])
        .map((doc, index) => ({ index, relevance_score: words(doc).filter((w) => query.has(w)).length }))
        .sort((a, b) => b.relevance_score - a.relevance_score);
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: 'rerank-1', model: body.model, results, usage: { total_tokens: 7 } }));
    }
    const chat = req.url === '/v1/chat/completions';
    if (!chat && req.url !== '/v1/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: 'not found' } }));
    }
    if (body.model === 'broken-model') {
      res.writeHead(500, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: 'model crashed', type: 'server_error' } }));
    }
    if (body.model === 'busy-model' || body.model === 'teapot-model') {
      const busy = body.model === 'busy-model';
      res.writeHead(busy ? 429 : 400, { 'content-type': 'application/json', ...(busy ? { 'retry-after': '0' } : {}) });
      return res.end(JSON.stringify({ error: { message: busy ? 'too busy' : 'bad request to the model' } }));
    }
    if (body.stream && body.model === 'break-model') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('first'));
      await sleep(20);
      res.destroy();
      return;
    }
    if (body.model === 'slow-model') await new Promise((r) => setTimeout(r, 2000));
    if (body.model === 'null-model') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('null');
    }
    if (body.stream && (await streamMisbehaving(body.model, res, firehose))) return;
    const prompt = chat ? String(body.messages?.at(-1)?.content ?? '') : String(body.prompt ?? '');
    const marker = chat ? /\[(tool|reason):(rude|clean)\]/.exec(prompt) : null;
    if (marker) return answerMarked(res, body, marker[1] as 'tool' | 'reason', marker[2] === 'rude');
    const answer =
      body.model === 'rude-model'
        ? 'well here is the thing you motherfucker and then some more words'
        : `echo: ${prompt}`;
    const usage =
      body.model === 'absurd-model'
        ? { prompt_tokens: -5, completion_tokens: 1e18, total_tokens: -1 }
        : {
            prompt_tokens: words(prompt).length,
            completion_tokens: words(answer).length,
            total_tokens: words(prompt).length + words(answer).length,
          };
    const id = `cmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const choice = chat
        ? { index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }
        : { index: 0, text: answer, finish_reason: 'stop' };
      return res.end(
        JSON.stringify({
          id,
          object: chat ? 'chat.completion' : 'text_completion',
          created,
          model: body.model,
          choices: [choice],
          usage,
        }),
      );
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const parts = words(answer);
    for (let i = 0; i < parts.length; i++) {
      const piece = (i === 0 ? '' : ' ') + parts[i];
      send(
        chat
          ? {
              id,
              object: 'chat.completion.chunk',
              created,
              model: body.model,
              choices: [
                {
                  index: 0,
                  delta: i === 0 ? { role: 'assistant', content: piece } : { content: piece },
                  finish_reason: null,
                },
              ],
            }
          : {
              id,
              object: 'text_completion',
              created,
              model: body.model,
              choices: [{ index: 0, text: piece, finish_reason: null }],
            },
      );
      if (i === 0 && body.model === 'gated-model') await gate;
    }
    send(
      chat
        ? {
            id,
            object: 'chat.completion.chunk',
            created,
            model: body.model,
            choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
          }
        : {
            id,
            object: 'text_completion',
            created,
            model: body.model,
            choices: [{ index: 0, text: '', finish_reason: 'stop' }],
          },
    );
    if (body.stream_options?.include_usage)
      send({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage });
    res.end('data: [DONE]\n\n');
  };
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    firehose,
    release() {
      releaseGate();
      gate = new Promise<void>((resolve) => (releaseGate = resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// `node dist/test/helpers/fake-model-server.js [port]` runs it on its own (the README's examples use it on port 8000).
if (process.argv[1]?.endsWith('fake-model-server.js')) {
  const port = Number(process.argv[2] ?? 8000);
  const started = await startFakeModelServer(port);
  console.log(`echo model server at ${started.url}`);
}
