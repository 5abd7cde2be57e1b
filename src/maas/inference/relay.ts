import { once } from 'node:events';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { errorBody } from '../../errors/families.js';
import type { GuardChecker } from '../../moderation/content-guard.js';
import type { CallCancellation, UpstreamResponse } from './upstream-call.js';
import { type AnswerParts, type CallUsage } from './usage-estimate.js';

/**
 * Text of a streamed answer already checked that is checked again with the next events: a term cut across two
 * events is still seen whole.
 */
const guardOverlapChars = 256;

export interface StreamLimits {
  /** Largest single event the upstream may send (a stream without event boundaries ends here). */
  maxEventBytes: number;
  /** Longest a stream may last. */
  maxStreamSeconds: number;
  /** How long a client that reads nothing may hold a stream before it is dropped. */
  clientStallTimeoutMs: number;
}

/**
 * The JSON text with the upstream's model name swapped for the client's: no re-serialising of an answer that needs
 * nothing else changed. Only when the name appears exactly once in the usual compact form (`"model":"name"`);
 * otherwise undefined, and the caller rewrites it from its parsed form.
 */
export function renameModel(json: string, upstreamModel: unknown, clientModelField: string): string | undefined {
  if (typeof upstreamModel !== 'string') return undefined;
  const needle = `"model":${JSON.stringify(upstreamModel)}`;
  const at = json.indexOf(needle);
  if (at < 0 || json.indexOf(needle, at + needle.length) >= 0) return undefined;
  return json.slice(0, at) + clientModelField + json.slice(at + needle.length);
}

/** What relaying a JSON answer needs of its call (an inference call passes itself). */
export interface JsonRelayOptions {
  /** The name the client called, which it gets back. */
  readonly model: string;
  readonly guard?: GuardChecker | undefined;
  /** The endpoint's answer text by part (see `InferenceEndpoint.answerParts`): what the estimate and the guard read. */
  readonly answerParts: AnswerParts;
  /** With the response cache on: the most bytes of answer kept for it (0 or absent: nothing is kept). */
  readonly keepUpTo?: number;
  /** `X-AISP-Cache` for a stream (a hijacked reply sends no header set on it): `miss` once the cache was looked up. */
  readonly cacheHeader?: string | undefined;
  /** Takes the whole answer as the client was sent it, for the cache (before `finish`, only when it completed). */
  keep?(text: string): void;
  /** Runs before the answer (or the guard's refusal) is sent: the call's metering. */
  finish(): Promise<void>;
}

/** What relaying a stream needs of its call (an inference call passes itself: no options object, no closures). */
export interface SseRelayOptions extends JsonRelayOptions {
  /** The model name the upstream was asked for (which it usually echoes in every event). */
  readonly upstreamModel: string;
  readonly clientWantsUsage: boolean;
  readonly cancellation: CallCancellation;
  readonly limits: StreamLimits;
  /** Called when the first event is written to the client (time to first token). */
  firstByte?(): void;
}

/**
 * A non-streamed answer: the client asked for its endpoint's name and gets that name back, not the upstream's id.
 * With the content guard on, an answer it blocks is ModelArts.81011 instead (its tokens are still metered).
 */
export async function relayJson(
  reply: FastifyReply,
  upstream: { answer: Record<string, unknown>; text: string },
  options: JsonRelayOptions,
  usage: CallUsage,
) {
  const { answer } = upstream;
  usage.report(answer.usage);
  const parts = new Map<string, string>();
  options.answerParts(answer, (part, text) => {
    usage.relayed(text);
    if (options.guard) parts.set(part, (parts.get(part) ?? '') + text);
  });
  for (const text of parts.values()) {
    if (!options.guard!.blockedBy(text)) continue;
    usage.failed = true;
    await options.finish();
    throw new ApiError('ModelArts.81011');
  }
  let text = renameModel(upstream.text, answer.model, `"model":${JSON.stringify(options.model)}`);
  if (text === undefined) {
    answer.model = options.model;
    text = JSON.stringify(answer);
  }
  if (options.keepUpTo) options.keep!(text);
  await options.finish();
  reply.header('content-type', 'application/json');
  return reply.send(text);
}

/**
 * Stream events as they came, with every `"model":"<upstream>"` swapped for the client's model; undefined when some
 * other model name appears (the caller parses those events). Unescaped quotes only occur around JSON keys and
 * values, so a `"model":` inside answer text (escaped as `\"model\":`) is never touched.
 */
function renameModels(events: string, needle: string, replacement: string): string | undefined {
  let at = events.indexOf('"model":');
  if (at < 0) return events;
  let out = '';
  let from = 0;
  while (at >= 0) {
    if (!events.startsWith(needle, at)) return undefined;
    out += events.slice(from, at) + replacement;
    from = at + needle.length;
    at = events.indexOf('"model":', from);
  }
  return out + events.slice(from);
}

/** An error that ends a stream whose status is sent already, as the last event. */
export function sseErrorEvent(error: ApiError): string {
  return `data: ${JSON.stringify(errorBody('MaaSInference', error))}\n\n`;
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
 * asks, and drops that extra event again when the client did not ask (`clientWantsUsage`). With the content guard on,
 * the answer text of each batch of events is checked part by part (content, reasoning, each tool call's arguments,
 * each with the end of what was checked of it before) before the batch is written; a blocked batch is never sent, and the stream ends with a ModelArts.81011 error event.
 */
export async function relaySse(
  request: FastifyRequest,
  reply: FastifyReply,
  upstream: UpstreamResponse,
  options: SseRelayOptions,
  usage: CallUsage,
): Promise<void> {
  reply.hijack();
  const raw = reply.raw;
  const head: OutgoingHttpHeaders = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
    'x-accel-buffering': 'no',
  };
  // A hijacked reply sends none of the headers set on it: the response cache's `X-AISP-Cache` is written here.
  if (options.cacheHeader !== undefined) head['x-aisp-cache'] = options.cacheHeader;
  raw.writeHead(200, head);
  // The headers go out with the first events when those are here already (one write instead of two); a model slow
  // to its first token gets them at once, so the client knows the call is under way.
  if (!upstream.hasQueuedData) raw.flushHeaders();

  let ending: ApiError | undefined;
  /** Events parsed and not yet written. */
  const pending: string[] = [];
  /** With the guard on: the answer text parsed and not yet checked, by part, and the end of each part checked. */
  const fresh = new Map<string, string>();
  const checkedTails = new Map<string, string>();
  /** The events to write now: all of them, or none once the guard blocks the text of one of their parts. */
  const releasable = (): string[] => {
    const batch = pending.splice(0);
    if (options.guard && !ending && fresh.size > 0) {
      for (const [part, text] of fresh) {
        const window = (checkedTails.get(part) ?? '') + text;
        if (options.guard.blockedBy(window)) {
          ending = new ApiError('ModelArts.81011');
          fresh.clear();
          return [];
        }
        checkedTails.set(part, window.slice(-guardOverlapChars));
      }
      fresh.clear();
    }
    return batch;
  };
  const onPart = (part: string, text: string) => {
    usage.relayed(text);
    if (options.guard) fresh.set(part, (fresh.get(part) ?? '') + text);
  };
  const clientModel = `"model":${JSON.stringify(options.model)}`;
  const rewrite = (event: EventSourceMessage): string | undefined => {
    const prefix = event.event ? `event: ${event.event}\n` : '';
    // Without the guard, an event that carries no usage needs no parsing: only the model renamed. Its text is read
    // later, and only if the upstream never reports usage.
    if (!options.guard && !event.data.includes('"usage"')) {
      const renamed = renameModel(event.data, options.upstreamModel, clientModel);
      if (renamed !== undefined) {
        usage.relayedUnread(event.data);
        return `${prefix}data: ${renamed}\n\n`;
      }
    }
    if (event.data !== '[DONE]') {
      try {
        const chunk = JSON.parse(event.data) as { usage?: unknown; choices?: unknown[]; model?: string };
        if (chunk !== null && typeof chunk === 'object' && !Array.isArray(chunk)) {
          usage.report(chunk.usage);
          options.answerParts(chunk, onPart);
          const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
          if (!options.clientWantsUsage && chunk.usage && usageOnly) return undefined;
          if (options.clientWantsUsage || !chunk.usage) {
            const renamed = renameModel(event.data, chunk.model, clientModel);
            if (renamed !== undefined) return `${prefix}data: ${renamed}\n\n`;
          }
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
  // Without the guard, whole events go out as they came with the model renamed in their text: no event is parsed
  // unless it carries usage (taken, and dropped when the client did not ask), names another model, or uses CR line
  // ends (then the parser reads the rest of the stream). `carry` is the start of an event not complete yet.
  let parsing = options.guard !== undefined;
  let carry = '';
  const upstreamNeedle = `"model":${JSON.stringify(options.upstreamModel)}`;
  const take = (text: string) => {
    if (parsing) return parser.feed(text);
    text = carry === '' ? text : carry + text;
    carry = '';
    if (text.includes('\r')) {
      parsing = true;
      return parser.feed(text);
    }
    const cut = text.lastIndexOf('\n\n');
    if (cut < 0) {
      carry = text;
    } else {
      const events = cut + 2 === text.length ? text : text.slice(0, cut + 2);
      carry = cut + 2 === text.length ? '' : text.slice(cut + 2);
      // The events before the first one that carries usage (usually the last of the stream) go out renamed; that
      // one and those after it are parsed. The parser is at an event boundary: what it is fed ends with a blank line.
      const usageAt = events.indexOf('"usage"');
      const endBeforeUsage = usageAt < 0 ? -1 : events.lastIndexOf('\n\n', usageAt);
      const parsedFrom = usageAt < 0 ? events.length : endBeforeUsage < 0 ? 0 : endBeforeUsage + 2;
      const plain = parsedFrom === events.length ? events : events.slice(0, parsedFrom);
      const renamed =
        plain === '' || plain.length > options.limits.maxEventBytes
          ? undefined
          : renameModels(plain, upstreamNeedle, clientModel);
      if (renamed === undefined) parser.feed(events);
      else {
        usage.relayedUnreadEvents(plain);
        pending.push(renamed);
        if (parsedFrom < events.length) parser.feed(events.slice(parsedFrom));
      }
    }
    if (carry.length > options.limits.maxEventBytes) {
      ending = new ApiError('ModelArts.5003', `an event is larger than ${options.limits.maxEventBytes} bytes`);
    }
  };
  const deadline = setTimeout(() => {
    ending = new ApiError('ModelArts.5004');
    options.cancellation.cancel();
  }, options.limits.maxStreamSeconds * 1000);

  /** With the response cache on: every text written, until the answer grows past what the cache keeps. */
  let kept: string[] | undefined = options.keepUpTo ? [] : undefined;
  let keptChars = 0;
  const keep = (text: string) => {
    if (kept === undefined) return;
    keptChars += text.length;
    if (keptChars * 2 > options.keepUpTo!) kept = undefined;
    else kept.push(text);
  };
  let clientGone = false;
  let firstWritten = false;
  /** The last events, held to go out with the stream's end in one write (the metering runs in between). */
  let tail = '';
  try {
    for await (const chunk of upstream.chunks()) {
      take(decoder.decode(chunk, { stream: true }));
      // The events of one upstream read go out in one write: they arrived together, and a write per event would
      // cost a system call each.
      const texts = releasable();
      if (texts.length > 0) {
        if (!firstWritten) {
          firstWritten = true;
          options.firstByte?.();
        }
        const batch = texts.length === 1 ? texts[0]! : texts.join('');
        if (upstream.complete && !ending) tail = batch;
        else {
          keep(batch);
          if (!(await writeWithBackpressure(raw, batch, options.limits.clientStallTimeoutMs))) clientGone = true;
        }
      }
      if (clientGone || ending) break;
    }
    if (!clientGone && !ending) {
      const rest = carry + decoder.decode();
      if (parsing || rest.trim() !== '') parser.feed(rest + '\n\n');
    }
    if (!clientGone) {
      const rest = releasable();
      if (rest.length > 0) tail += rest.join('');
    }
  } catch {
    // The upstream went silent or away in mid-stream (or the duration cap cut it): the status is sent already.
    if (!options.cancellation.cancelled) ending ??= new ApiError('ModelArts.5002', 'the stream broke off');
  } finally {
    clearTimeout(deadline);
  }
  if (clientGone) {
    options.cancellation.cancel();
    raw.destroy();
    await options.finish();
    return;
  }
  if (ending) {
    usage.failed = true;
    options.cancellation.cancel();
    tail += sseErrorEvent(ending);
  } else if (kept !== undefined) {
    keep(tail);
    if (kept !== undefined) options.keep!(kept.join(''));
  }
  // A client that went away (the proxy aborted the upstream for it) is not an upstream failure: what was relayed is
  // metered all the same.
  await options.finish();
  if (tail === '') raw.end();
  else raw.end(tail);
}
