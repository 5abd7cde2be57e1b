import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';

/** What one call used, as the upstream reported it; metered once when the call ends, however it ends. */
export interface CallUsage {
  promptTokens: number;
  completionTokens: number;
  failed: boolean;
}

interface UpstreamUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}

export function takeUsage(meter: CallUsage, usage: UpstreamUsage | undefined): void {
  if (!usage) return;
  meter.promptTokens = Number(usage.prompt_tokens ?? 0) || 0;
  meter.completionTokens = Number(usage.completion_tokens ?? 0) || 0;
}

/** A non-streamed answer: the client asked for its endpoint's name and gets that name back, not the upstream's id. */
export function relayJson(reply: FastifyReply, answer: Record<string, unknown>, model: string, meter: CallUsage) {
  takeUsage(meter, answer.usage as UpstreamUsage | undefined);
  answer.model = model;
  reply.header('content-type', 'application/json');
  return reply.send(JSON.stringify(answer));
}

/**
 * A streamed answer, relayed event by event as it arrives. Usage arrives only when asked for; the gateway asks, and
 * drops that extra event again when the client did not ask (`clientWantsUsage`).
 */
export async function relaySse(
  request: FastifyRequest,
  reply: FastifyReply,
  upstream: Dispatcher.ResponseData,
  options: { model: string; clientWantsUsage: boolean; signal: AbortSignal },
  meter: CallUsage,
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
  const relayEvent = (event: string) => {
    const data = /^data:\s?(.*)$/m.exec(event)?.[1];
    if (data && data !== '[DONE]') {
      try {
        const chunk = JSON.parse(data) as { usage?: UpstreamUsage; choices?: unknown[]; model?: string };
        takeUsage(meter, chunk.usage);
        if (!options.clientWantsUsage && chunk.usage && Array.isArray(chunk.choices) && chunk.choices.length === 0)
          return;
        if (!options.clientWantsUsage && chunk.usage) delete chunk.usage;
        chunk.model = options.model;
        raw.write(`data: ${JSON.stringify(chunk)}\n\n`);
        return;
      } catch {
        /* not JSON: relay as it came */
      }
    }
    raw.write(`${event}\n\n`);
  };
  let pending = '';
  try {
    for await (const chunk of upstream.body) {
      pending += (chunk as Buffer).toString('utf8');
      let boundary: number;
      while ((boundary = pending.search(/\r?\n\r?\n/)) >= 0) {
        const event = pending.slice(0, boundary);
        pending = pending.slice(boundary).replace(/^\r?\n\r?\n/, '');
        if (event.trim() !== '') relayEvent(event);
      }
    }
    if (pending.trim() !== '') relayEvent(pending);
  } catch {
    // The upstream went silent or away in mid-stream: the status is sent already, so the stream just ends.
    meter.failed = !options.signal.aborted;
  }
  raw.end();
}
