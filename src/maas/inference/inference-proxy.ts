import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError } from '../../errors/api-error.js';
import type { ContentGuard } from '../../moderation/content-guard.js';
import type { FreeTokenQuota } from '../free-quota.js';
import type { CallStatistics } from '../statistics/call-stats.js';
import { requireApiKeyCaller } from './api-key-auth.js';
import { CallLimits } from './call-limits.js';
import { relayJson, relaySse, type StreamLimits } from './relay.js';
import { checkInferenceRequest, type InferenceKind } from './request-shape.js';
import { pickUpstream, resolveTarget, type RouteStores } from './resolve-route.js';
import { UpstreamClient, upstreamError, type UpstreamLimits } from './upstream.js';
import { CallUsage, estimateTokens, promptTextOf } from './usage-estimate.js';

export interface InferenceDeps extends RouteStores {
  stats: CallStatistics;
  freeQuota: FreeTokenQuota;
  guard: ContentGuard;
}

const upstreamPaths: Record<InferenceKind, string> = {
  chat: '/chat/completions',
  completion: '/completions',
  embedding: '/embeddings',
  rerank: '/rerank',
};

/**
 * The MaaS data plane, in steps: check the request (81001) → resolve `model` to an endpoint or an operator model
 * (81009, 81004, the key's allowlists 81015) → the project's free tokens (81005) → rpm and tpm (81101, 81103) → the
 * content guard on the prompt (81011) → call an upstream → relay its answer as JSON or as SSE event by event, the
 * guard checking the answer as it goes. Once resolved, a call is counted in the statistics once, when it ends,
 * however it ends.
 */
export class InferenceProxy {
  private readonly limits: CallLimits;
  private readonly upstream: UpstreamClient;

  constructor(
    private readonly deps: InferenceDeps,
    private readonly settings: UpstreamLimits & StreamLimits,
    redis?: Redis,
  ) {
    this.limits = new CallLimits(redis);
    this.upstream = new UpstreamClient(settings);
  }

  /** The operator models the key may call and the project's running endpoints it may call (OpenAI's model list). */
  async listModels(request: FastifyRequest) {
    const { grant } = requireApiKeyCaller(request);
    const models = (await this.deps.models.listOpenTo(grant.accountId)).filter(
      (m) => grant.models.length === 0 || grant.models.includes(m.name),
    );
    const endpoints = (await this.deps.endpoints.listLive(grant.projectId)).filter(
      (e) => grant.endpoints.length === 0 || grant.endpoints.includes(e.id),
    );
    return {
      object: 'list',
      data: [
        ...models.map((m) => ({
          id: m.name,
          object: 'model',
          created: Math.floor(m.createdAt / 1000),
          owned_by: 'maas',
        })),
        ...endpoints.map((e) => ({
          id: e.name,
          object: 'model',
          created: Math.floor(Number(e.created_at) / 1000),
          owned_by: 'custom-endpoint',
        })),
      ],
    };
  }

  async showModel(request: FastifyRequest, name: string) {
    const list = await this.listModels(request);
    const model = list.data.find((m) => m.id === name);
    if (!model) throw new ApiError('ModelArts.81009');
    return model;
  }

  async forward(request: FastifyRequest, reply: FastifyReply, kind: InferenceKind) {
    const started = performance.now();
    const { grant } = requireApiKeyCaller(request);
    const body = request.body as Record<string, unknown>;
    const model = checkInferenceRequest(kind, body, request.headers);
    const target = await resolveTarget(this.deps, grant, model);

    const usage = new CallUsage(promptTextOf(body));
    let reserved = 0;
    // Counted once, before the client hears the end of the answer: a client that reads its statistics right after
    // an answer finds the call there.
    let metered = false;
    const meter = async () => {
      if (metered) return;
      metered = true;
      const totals = usage.totals();
      this.deps.stats.record({
        projectId: grant.projectId,
        serviceType: target.serviceType,
        serviceId: target.serviceId,
        serviceName: target.model,
        apiKeyLabel: grant.label,
        sourceIp: request.ip,
        failed: totals.failed,
        promptTokens: totals.promptTokens,
        completionTokens: totals.completionTokens,
        latencyMs: performance.now() - started,
        onFreeQuota: target.onFreeQuota,
      });
      await this.limits
        .settleTokens(target.limitKey, target.tpm, totals.promptTokens + totals.completionTokens, reserved)
        .catch((error) => request.log.warn({ err: error }, 'tokens not charged to the tpm limit'));
    };

    try {
      if (target.onFreeQuota) await this.deps.freeQuota.enforce(grant.projectId);
      await this.limits.admitCall(target.limitKey, target.rpm);
      if (target.tpm !== null) {
        const estimate = Math.max(1, estimateTokens(usage.promptText));
        await this.limits.reserveTokens(target.limitKey, target.tpm, estimate);
        reserved = estimate;
      }
      const guard = target.guard ? await this.deps.guard.checker(grant.projectId) : undefined;
      if (guard?.blockedBy(usage.promptText)) throw new ApiError('ModelArts.81011');

      const stream = body.stream === true;
      const upstreamBody: Record<string, unknown> = { ...body, model: target.upstreamModel };
      const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      if (stream && !clientWantsUsage) {
        upstreamBody.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
      }
      const abort = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) abort.abort();
      });
      const upstream = pickUpstream(target.upstreams);
      const answer = await this.upstream.post(`${upstream.baseUrl}${upstreamPaths[kind]}`, upstreamBody, {
        stream,
        signal: abort.signal,
        apiKey: upstream.apiKey,
      });
      usage.answered = true;
      if (stream) {
        const options = { model, clientWantsUsage, abort, limits: this.settings, beforeEnd: meter, guard };
        await relaySse(request, reply, answer, options, usage);
        return;
      }
      return await relayJson(reply, await this.upstream.readJson(answer), model, usage, meter, guard);
    } catch (error) {
      usage.failed = true;
      await meter();
      throw upstreamError(error);
    } finally {
      await meter();
    }
  }

  /** The guarded connection pool to upstreams, shared with direct calls of services. */
  get upstreamClient(): UpstreamClient {
    return this.upstream;
  }

  async close(): Promise<void> {
    await this.upstream.close();
  }
}
