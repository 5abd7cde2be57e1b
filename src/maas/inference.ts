import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Agent, errors as undiciErrors, request as undiciRequest } from 'undici';
import { ApiError } from '../errors/api-error.js';
import type { IdentityService } from '../identity/identity-service.js';
import { guardedLookup, isRefusedLiteral, RefusedAddressError } from '../gateway/address-guard.js';
import type { ApiKeyGrant, ApiKeyStore } from './api-keys.js';
import type { CustomEndpointStore } from './custom-endpoints.js';
import type { ModelServiceStore } from './model-services.js';
import type { UsageMeter } from './usage.js';
import { resourceNamePattern } from './validation.js';

export interface InferenceLimits {
  connectTimeoutMs: number;
  /** Time to the upstream's response headers (for a stream: to its first byte). */
  headersTimeoutMs: number;
  /** Longest silence inside a response body (between stream events). */
  bodyTimeoutMs: number;
  /** Largest non-streamed upstream answer read. */
  maxResponseBytes: number;
  /** Allow model servers on loopback and private networks (typical when self-hosting; off by default). */
  allowPrivateUpstreams: boolean;
}

export interface InferenceCaller {
  grant: ApiKeyGrant;
}

declare module 'fastify' {
  interface FastifyRequest {
    inferenceCaller?: InferenceCaller;
  }
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
}

/**
 * OpenAI-compatible inference through custom endpoints: the API key names the project, `model` names the endpoint,
 * the endpoint's model service names the upstream. Streams (SSE) are relayed event by event as they arrive.
 */
export class InferenceProxy {
  private readonly agent: Agent;
  /** One limiter per distinct per-minute limit (endpoints share few values); keyed by endpoint id. */
  private readonly endpointLimiters = new Map<number, RateLimiterAbstract>();

  constructor(
    private readonly deps: {
      apiKeys: ApiKeyStore;
      endpoints: CustomEndpointStore;
      services: ModelServiceStore;
      usage: UsageMeter;
      identity: IdentityService;
    },
    private readonly limits: InferenceLimits,
    private readonly redis?: Redis,
  ) {
    this.agent = new Agent({
      connect: { timeout: limits.connectTimeoutMs, lookup: guardedLookup(limits.allowPrivateUpstreams) } as never,
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.bodyTimeoutMs,
    });
  }

  /** Bearer API key → grant; the rate-limit key is the API key's id. */
  async authenticate(request: FastifyRequest): Promise<string> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw new ApiError('ModelArts.4101');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('ModelArts.4102');
    const grant = await this.deps.apiKeys.verify(match[1]!);
    if (!grant) throw new ApiError('ModelArts.4103');
    const state = await this.deps.identity.accountState(grant.accountId);
    if (state !== 'normal') throw new ApiError('ModelArts.4106');
    request.inferenceCaller = { grant };
    return `apikey:${grant.keyId}`;
  }

  async listModels(request: FastifyRequest) {
    const { grant } = request.inferenceCaller!;
    const endpoints = await this.deps.endpoints.listRunning(grant.projectId);
    return {
      object: 'list',
      data: endpoints
        .filter((e) => grant.endpoints.length === 0 || grant.endpoints.includes(e.name))
        .map((e) => ({
          id: e.name,
          object: 'model',
          created: Math.floor(Number(e.created_at) / 1000),
          owned_by: 'maas',
        })),
    };
  }

  async forward(
    request: FastifyRequest,
    reply: FastifyReply,
    upstreamPath: '/chat/completions' | '/completions',
  ): Promise<void> {
    const { grant } = request.inferenceCaller!;
    const body = request.body as Record<string, unknown>;
    const model = body.model;
    if (model === undefined || model === null || model === '') throw new ApiError('ModelArts.4201');
    if (typeof model !== 'string' || !resourceNamePattern.test(model)) throw new ApiError('ModelArts.4202');
    if (grant.endpoints.length > 0 && !grant.endpoints.includes(model)) throw new ApiError('ModelArts.4203');
    const endpoint = await this.deps.endpoints.findRunningByName(grant.projectId, model);
    if (!endpoint) throw new ApiError('ModelArts.6291');
    const service = await this.deps.services.find(grant.projectId, endpoint.service_id);
    if (!service || (service.mounted_to_maas !== 1 && service.auth_mode !== 'none'))
      throw new ApiError('ModelArts.4204');
    await this.enforceEndpointLimits(grant.projectId, endpoint);

    // Literal IP addresses never reach the lookup, so they are checked here.
    if (!this.limits.allowPrivateUpstreams && isRefusedLiteral(new URL(service.upstream_url).hostname))
      throw new ApiError('ModelArts.4601');

    const stream = body.stream === true;
    const upstreamBody: Record<string, unknown> = { ...body, model: service.upstream_model };
    // Token usage of a stream arrives only when asked for; ask, and drop that extra event if the client did not.
    const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (stream && !clientWantsUsage)
      upstreamBody.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };

    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    let upstream;
    try {
      upstream = await undiciRequest(`${service.upstream_url}${upstreamPath}`, {
        method: 'POST',
        dispatcher: this.agent,
        signal: abort.signal,
        headers: { 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' },
        body: JSON.stringify(upstreamBody),
      });
    } catch (error) {
      await this.meter(grant.projectId, endpoint.id, {}, true);
      throw upstreamError(error);
    }

    if (upstream.statusCode < 200 || upstream.statusCode >= 300) {
      const text = await readCapped(upstream.body, 4096).catch(() => '');
      await this.meter(grant.projectId, endpoint.id, {}, true);
      throw new ApiError('ModelArts.5003', `${upstream.statusCode} ${summarise(text)}`);
    }

    if (!stream) {
      let text: string;
      try {
        text = await readCapped(upstream.body, this.limits.maxResponseBytes);
      } catch (error) {
        await this.meter(grant.projectId, endpoint.id, {}, true);
        throw upstreamError(error);
      }
      let parsed: { usage?: Usage; model?: string };
      try {
        parsed = JSON.parse(text);
      } catch {
        await this.meter(grant.projectId, endpoint.id, {}, true);
        throw new ApiError('ModelArts.5003', 'the answer is not JSON');
      }
      await this.meter(grant.projectId, endpoint.id, parsed.usage ?? {}, false);
      // The client asked for its endpoint's name; it gets that name back, not the upstream's model id.
      parsed.model = model;
      reply.header('content-type', 'application/json');
      return reply.send(JSON.stringify(parsed));
    }

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
    let usage: Usage = {};
    let pending = '';
    let failed = false;
    const relayEvent = (event: string) => {
      const data = /^data:\s?(.*)$/m.exec(event)?.[1];
      if (data && data !== '[DONE]') {
        try {
          const chunk = JSON.parse(data) as { usage?: Usage; choices?: unknown[]; model?: string };
          if (chunk.usage) usage = chunk.usage;
          if (!clientWantsUsage && chunk.usage && Array.isArray(chunk.choices) && chunk.choices.length === 0) return;
          if (!clientWantsUsage && chunk.usage) delete chunk.usage;
          chunk.model = model;
          raw.write(`data: ${JSON.stringify(chunk)}\n\n`);
          return;
        } catch {
          /* not JSON: relay as it came */
        }
      }
      raw.write(`${event}\n\n`);
    };
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
      failed = !abort.signal.aborted;
    }
    raw.end();
    await this.meter(grant.projectId, endpoint.id, usage, failed);
  }

  private async enforceEndpointLimits(
    projectId: string,
    endpoint: { id: string; rate_limit_per_minute: number | null; monthly_token_quota: number | null },
  ): Promise<void> {
    if (endpoint.rate_limit_per_minute !== null) {
      const perMinute = Number(endpoint.rate_limit_per_minute);
      let limiter = this.endpointLimiters.get(perMinute);
      if (!limiter) {
        const options = { keyPrefix: `aisp:endpoint:${perMinute}`, points: perMinute, duration: 60 };
        limiter = this.redis
          ? new RateLimiterRedis({
              storeClient: this.redis,
              ...options,
              insuranceLimiter: new RateLimiterMemory(options),
            })
          : new RateLimiterMemory(options);
        this.endpointLimiters.set(perMinute, limiter);
      }
      try {
        await limiter.consume(endpoint.id);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw new ApiError('APIG.0308');
        throw error;
      }
    }
    if (
      endpoint.monthly_token_quota !== null &&
      (await this.deps.usage.tokensThisMonth(projectId, endpoint.id)) >= Number(endpoint.monthly_token_quota)
    ) {
      throw new ApiError('ModelArts.3507');
    }
  }

  private async meter(projectId: string, endpointId: string, usage: Usage, failed: boolean): Promise<void> {
    await this.deps.usage.record(projectId, endpointId, {
      promptTokens: Number(usage.prompt_tokens ?? 0) || 0,
      completionTokens: Number(usage.completion_tokens ?? 0) || 0,
      failed,
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

async function readCapped(
  body: AsyncIterable<unknown> & { on(event: 'error', listener: () => void): unknown },
  maxBytes: number,
): Promise<string> {
  // Leaving the loop early aborts the body, which it reports as an error event that nobody else listens for.
  body.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new ApiError('ModelArts.5003', `the answer is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function summarise(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (message) return message.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.slice(0, 300);
}

function upstreamError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const cause = (error as { cause?: unknown })?.cause ?? error;
  if (error instanceof RefusedAddressError || cause instanceof RefusedAddressError)
    return new ApiError('ModelArts.4601');
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new ApiError('ModelArts.5004');
  }
  const code = (error as { code?: string })?.code ?? (cause as { code?: string })?.code ?? 'unreachable';
  return new ApiError('ModelArts.5002', code);
}
