import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { mulberry32 } from '../scripts/seeded-random.js';
import { UnverifiedBodyBudget } from '../src/gateway/request-guards.js';

async function until(check: () => boolean, what: () => string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(what());
    await new Promise((r) => setImmediate(r));
  }
}

const budgetBytes = 400_000;
const requestTimeoutMs = 300;

/**
 * The budget inside a bare Fastify app, metering every request with a body as the gateway meters unproven ones, with
 * routes that end requests in every way: answered, answered before the body (over a route's limit), dropped by the
 * handler, failed, timed out, and a hook that cuts the connection in the middle of a body.
 */
async function budgetApp(budget: UnverifiedBodyBudget): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 1_000_000,
    // Closing cuts what a failed run leaves open instead of waiting for it.
    forceCloseConnections: true,
    requestTimeout: requestTimeoutMs,
    http: { requestTimeout: requestTimeoutMs, connectionsCheckingInterval: 50 },
  });
  app.decorateRequest('family', 'APIG');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('preParsing', async (request, reply, payload) => budget.meter(request, reply, payload));
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.headers['x-cut'] === 'mid-body') payload.once('data', () => request.raw.socket.destroy());
    return payload;
  });
  app.post('/echo', async (request) => ({ bytes: (request.body as Buffer).length }));
  app.post('/small', { bodyLimit: 1000 }, async (request) => ({ bytes: (request.body as Buffer).length }));
  app.post('/drop', async (request, reply) => {
    request.raw.socket.destroy();
    return reply.hijack();
  });
  app.post('/fail', async () => {
    throw new Error('handler failed');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

type Scenario =
  | 'complete'
  | 'completeChunked'
  | 'earlyAnswered'
  | 'earlyAnsweredKeptOpen'
  | 'aborted'
  | 'abortedChunked'
  | 'cutByServer'
  | 'droppedByHandler'
  | 'handlerFailed'
  | 'malformedChunks'
  | 'timedOut'
  | 'overBudgetChunked';

const scenarios: Scenario[] = [
  'complete',
  'completeChunked',
  'earlyAnswered',
  'earlyAnsweredKeptOpen',
  'aborted',
  'abortedChunked',
  'cutByServer',
  'droppedByHandler',
  'handlerFailed',
  'malformedChunks',
  'timedOut',
  'overBudgetChunked',
];

/**
 * One request over a raw socket, ended the scenario's way; resolves once the socket is closed (by either side) or,
 * for a connection the client keeps open, once a whole answer is in.
 */
function exchange(port: number, scenario: Scenario, size: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const head = (path: string, headers: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;
    const body = 'a'.repeat(size);
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    socket.on('data', (d) => {
      data += d;
      // A kept-open connection: the answer is whole once its declared length is in; then the client goes away.
      const end = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data);
      if (end >= 0 && length && data.length >= end + 4 + Number(length[1])) socket.destroy();
    });
    socket.on('close', () => resolve(data));
    // Resets and broken pipes are ends like any other here ('close' follows them).
    socket.on('error', () => undefined);
    switch (scenario) {
      case 'complete':
        socket.write(head('/echo', `Content-Length: ${size}\r\n`) + body);
        break;
      case 'completeChunked':
        socket.write(head('/echo', 'Transfer-Encoding: chunked\r\n') + chunk(body) + '0\r\n\r\n');
        break;
      case 'earlyAnswered':
        socket.write(head('/small', `Content-Length: ${size + 5000}\r\nConnection: close\r\n`) + 'a'.repeat(10));
        break;
      case 'earlyAnsweredKeptOpen':
        socket.write(head('/small', `Content-Length: ${size + 5000}\r\n`) + 'a'.repeat(10));
        break;
      case 'aborted':
        socket.write(head('/echo', `Content-Length: ${size}\r\n`) + body.slice(0, size >> 1), () => socket.destroy());
        break;
      case 'abortedChunked':
        socket.write(head('/echo', 'Transfer-Encoding: chunked\r\n') + chunk(body), () => socket.destroy());
        break;
      case 'cutByServer':
        socket.write(head('/echo', `Content-Length: ${size}\r\nX-Cut: mid-body\r\n`) + body.slice(0, size >> 1));
        break;
      case 'droppedByHandler':
        socket.write(head('/drop', `Content-Length: ${size}\r\n`) + body);
        break;
      case 'handlerFailed':
        socket.write(head('/fail', `Content-Length: ${size}\r\n`) + body);
        break;
      case 'malformedChunks':
        socket.write(head('/echo', 'Transfer-Encoding: chunked\r\n') + chunk(body) + 'zz\r\nnot a chunk\r\n');
        break;
      case 'timedOut':
        socket.write(head('/echo', `Content-Length: ${size + 1}\r\n`) + body);
        break;
      case 'overBudgetChunked':
        socket.write(
          head('/echo', 'Transfer-Encoding: chunked\r\n') + chunk('a'.repeat(budgetBytes + 1)) + '0\r\n\r\n',
        );
        break;
    }
  });
}

describe('the body budget of unproven callers', () => {
  let budget: UnverifiedBodyBudget;
  let app: FastifyInstance;
  let port: number;

  before(async () => {
    budget = new UnverifiedBodyBudget(budgetBytes);
    app = await budgetApp(budget);
    port = (app.server.address() as net.AddressInfo).port;
  });
  after(() => app.close());

  for (const seed of [1, 21, 4242]) {
    it(`returns to its full size after any mix of ways a request ends (seed ${seed})`, async () => {
      const random = mulberry32(seed);
      const mix: [Scenario, number][] = Array.from({ length: 60 }, () => [
        scenarios[Math.floor(random() * scenarios.length)]!,
        1 + Math.floor(random() * 60_000),
      ]);
      let peak = 0;
      const watch = setInterval(() => (peak = Math.max(peak, budget.inUse)), 1);
      try {
        // Ten at a time, so that reservations overlap (and some requests meet a full budget).
        for (let i = 0; i < mix.length; i += 10) {
          await Promise.all(mix.slice(i, i + 10).map(([scenario, size]) => exchange(port, scenario, size)));
        }
      } finally {
        clearInterval(watch);
      }
      await until(
        () => budget.inUse === 0,
        () => `budget still holds ${budget.inUse} bytes after: ${mix.map(([s]) => s).join(', ')}`,
      );
      assert.ok(peak > 0, 'no request ever held the budget: the mix tested nothing');
      // The whole budget is usable again: one body of exactly its size is taken.
      const whole = await exchange(port, 'complete', budgetBytes);
      assert.match(whole, /^HTTP\/1\.1 200/);
      assert.match(whole, new RegExp(`"bytes":${budgetBytes}`));
      await until(
        () => budget.inUse === 0,
        () => `${budget.inUse} bytes held`,
      );
    });
  }
});
