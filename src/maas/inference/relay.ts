import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { answerTextOf, type CallUsage } from './usage-estimate.js';

export interface StreamLimits {
  /** Largest single event the upstream may send (a stream without event boundaries ends here). */
  maxEventBytes: number;
  /** Longest a stream may last. */
  maxStreamSeconds: number;
  /** How long a client that reads nothing may hold a stream before it is dropped. */
  clientStallTimeoutMs: number;
}

/** A non-streamed answer: the client asked for its endpoint's name and gets that name back, not the upstream's id. */
export async function relayJson(
  reply: FastifyReply,
  answer: Record<string, unknown>,
  model: string,
  usage: CallUsage,
  beforeSend: () => Promise<void>,
) {
  usage.report(answer.usage);
  usage.relayed(answerTextOf(answer));
  await beforeSend();
  answer.model = model;
  reply.header('content-type', 'application/json');
  return reply.send(JSON.stringify(answer));
}

/** An error that ends a stream whose status is sent already, as the last event. */
export function sseErrorEvent(error: ApiError): string {
  const body = { ...error.toBody(), error: { message: error.message, type: 'error', code: error.code } };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** Writes, and waits while the client's socket is full; false when the client stayed stalled too long. */
async function writeWithBackpressure(raw: ServerResponse, text: string, stallMs: number): Promise<boolean> {
  if (raw.write(text)) return true;
  const stalled = new AbortController();
  const drained = await Promise.race([
    once(raw, 'drain', { signal: stalled.signal }).then(
      () => true,
      () => false,
    ),
    sleep(stallMs, false, { signal: stalled.signal }).catch(() => false),
  ]);
  stalled.abort();
  return drained;
}

/**
 * A streamed answer, relayed event by event as it arrives: parsed incrementally (eventsource-parser: each byte
 * scanned once, one event capped at `maxEventBytes`), decoded as a stream (a character split across chunks stays
 * whole), written at the pace the client reads (a client that stalls past `clientStallTimeoutMs` is dropped, so its
 * answer is never buffered whole), and ended after `maxStreamSeconds`. Usage arrives only when asked for; the gateway
 * asks, and drops that extra event again when the client did not ask (`clientWantsUsage`).
 */
export async function relaySse(
  request: FastifyRequest,
  reply: FastifyReply,
  upstream: Dispatcher.ResponseData,
  options: {
    model: string;
    clientWantsUsage: boolean;
    abort: AbortController;
    limits: StreamLimits;
    /** Runs before the stream's end is written (metering). */
    beforeEnd: () => Promise<void>;
  },
  usage: CallUsage,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
    'x-accel-buffering': 'no',
  });
  raw.flushHeaders();

  let ending: ApiError | undefined;
  const pending: string[] = [];
  const rewrite = (event: EventSourceMessage): string | undefined => {
    const prefix = event.event ? `event: ${event.event}\n` : '';
    if (event.data !== '[DONE]') {
      try {
        const chunk = JSON.parse(event.data) as { usage?: unknown; choices?: unknown[]; model?: string };
        if (chunk !== null && typeof chunk === 'object' && !Array.isArray(chunk)) {
          usage.report(chunk.usage);
          usage.relayed(answerTextOf(chunk));
          const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
          if (!options.clientWantsUsage && chunk.usage && usageOnly) return undefined;
          if (!options.clientWantsUsage && chunk.usage) delete chunk.usage;
          chunk.model = options.model;
          return `${prefix}data: ${JSON.stringify(chunk)}\n\n`;
        }
      } catch {
        /* not JSON: relayed as it came */
      }
    }
    return `${prefix}${event.data
      .split('\n')
      .map((line) => `data: ${line}\n`)
      .join('')}\n`;
  };
  const parser = createParser({
    maxBufferSize: options.limits.maxEventBytes,
    onEvent: (event) => {
      const text = rewrite(event);
      if (text !== undefined) pending.push(text);
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        ending = new ApiError('ModelArts.5003', `an event is larger than ${options.limits.maxEventBytes} bytes`);
      }
    },
  });
  const decoder = new TextDecoder('utf-8');
  const deadline = setTimeout(() => {
    ending = new ApiError('ModelArts.5004');
    options.abort.abort();
  }, options.limits.maxStreamSeconds * 1000);

  let clientGone = false;
  try {
    for await (const chunk of upstream.body) {
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      for (const text of pending.splice(0)) {
        if (!(await writeWithBackpressure(raw, text, options.limits.clientStallTimeoutMs))) {
          clientGone = true;
          break;
        }
      }
      if (clientGone || ending) break;
    }
    if (!clientGone && !ending) parser.feed(decoder.decode() + '\n\n');
    for (const text of clientGone ? [] : pending.splice(0)) raw.write(text);
  } catch {
    // The upstream went silent or away in mid-stream (or the duration cap cut it): the status is sent already.
    if (!options.abort.signal.aborted) ending ??= new ApiError('ModelArts.5002', 'the stream broke off');
  } finally {
    clearTimeout(deadline);
  }
  if (clientGone) {
    options.abort.abort();
    raw.destroy();
    await options.beforeEnd();
    return;
  }
  if (ending) {
    usage.failed = true;
    options.abort.abort();
    raw.write(sseErrorEvent(ending));
  }
  // A client that went away (the proxy aborted the upstream for it) is not an upstream failure: what was relayed is
  // metered all the same.
  await options.beforeEnd();
  raw.end();
}
