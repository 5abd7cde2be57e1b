import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { CustomEndpointStore } from '../custom-endpoints.js';
import type { ModelServiceStore } from '../model-services.js';
import type { UsageMeter } from '../usage.js';
import { requireApiKeyCaller } from './api-key-auth.js';
import { EndpointLimits } from './endpoint-limits.js';
import { relayJson, relaySse, type StreamLimits } from './relay.js';
import { checkInferenceBody } from './request-shape.js';
import { resolveRoute } from './resolve-route.js';
import { UpstreamClient, upstreamError, type UpstreamLimits } from './upstream.js';
import { CallUsage, promptTextOf } from './usage-estimate.js';

export interface InferenceStores {
  endpoints: CustomEndpointStore;
  services: ModelServiceStore;
  usage: UsageMeter;
}

/**
 * OpenAI-compatible inference through custom endpoints, in steps: resolve the route (key → project, `model` →
 * endpoint → service), enforce the endpoint's limits, call the upstream, relay its answer as JSON or as SSE event by
 * event. The call is metered once, when it ends, however it ends.
 */
export class InferenceProxy {
  private readonly limits: EndpointLimits;
  private readonly upstream: UpstreamClient;

  constructor(
    private readonly stores: InferenceStores,
    private readonly settings: UpstreamLimits & StreamLimits,
    redis?: Redis,
  ) {
    this.limits = new EndpointLimits(stores.usage, redis);
    this.upstream = new UpstreamClient(settings);
  }

  async listModels(request: FastifyRequest) {
    const { grant } = requireApiKeyCaller(request);
    const endpoints = await this.stores.endpoints.listRunning(grant.projectId);
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

  async forward(request: FastifyRequest, reply: FastifyReply, upstreamPath: '/chat/completions' | '/completions') {
    const { grant } = requireApiKeyCaller(request);
    const body = request.body as Record<string, unknown>;
    const route = await resolveRoute(this.stores, grant, body);
    checkInferenceBody(request, upstreamPath === '/chat/completions' ? 'chat' : 'completion', body);
    await this.limits.enforce(route.endpoint);

    const stream = body.stream === true;
    const upstreamBody: Record<string, unknown> = { ...body, model: route.service.upstream_model };
    const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (stream && !clientWantsUsage) {
      upstreamBody.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
    }
    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const usage = new CallUsage(promptTextOf(body));
    // Metered once, before the client hears the end of the answer: a client that reads its statistics right after
    // an answer finds the call counted.
    let metered = false;
    const meter = async () => {
      if (metered) return;
      metered = true;
      await this.stores.usage.record(grant.projectId, route.endpoint.id, usage.totals());
    };
    try {
      const upstream = await this.upstream.post(
        `${route.service.upstream_url}${upstreamPath}`,
        upstreamBody,
        stream,
        abort.signal,
      );
      if (stream) {
        const options = { model: route.model, clientWantsUsage, abort, limits: this.settings, beforeEnd: meter };
        await relaySse(request, reply, upstream, options, usage);
        return;
      }
      const answer = await this.upstream.readJson(upstream);
      return await relayJson(reply, answer, route.model, usage, meter);
    } catch (error) {
      usage.failed = true;
      await meter();
      throw upstreamError(error);
    } finally {
      await meter();
    }
  }

  async close(): Promise<void> {
    await this.upstream.close();
  }
}
