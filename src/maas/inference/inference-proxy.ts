import type { CallBudgets } from '../budgets/call-budgets.js';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError } from '../../errors/api-error.js';
import type { ContentGuard } from '../../moderation/content-guard.js';
import type { FreeTokenQuota } from '../free-quota.js';
import { listedModel } from '../models/model-store.js';
import { type PoolSettings, UpstreamPools } from '../pool/upstream-pools.js';
import type { CallStatistics } from '../statistics/call-stats.js';
import { requireApiKeyCaller } from './api-key-auth.js';
import { CallLimits } from './call-limits.js';
import type { InferenceEndpoint } from './endpoints.js';
import { FailoverSender } from './failover.js';
import { type CallContext, InferenceCall } from './inference-call.js';
import { InFlightCalls } from './in-flight.js';
import type { InferenceMetrics } from './inference-metrics.js';
import type { InferenceTracing } from './tracing.js';
import type { StreamLimits } from './relay.js';
import { ResponseCache } from './response-cache.js';
import type { RouteStores } from './resolve-route.js';
import { UpstreamClient, type UpstreamLimits } from './upstream.js';

export interface InferenceDeps extends RouteStores {
  stats: CallStatistics;
  freeQuota: FreeTokenQuota;
  budgets: CallBudgets;
  guard: ContentGuard;
  metrics: InferenceMetrics;
  tracing: InferenceTracing;
}

/** How long shutdown waits for calls whose connections were cut to finish their metering. */
const settleOnCloseMs = 5000;

/**
 * The MaaS data plane, in steps: check the request (81001) → resolve `model` to an endpoint or an operator model
 * (81009, 81004, the key's allowlists 81015) → the project's free tokens (81005) → rpm and tpm (81101, 81103) → the
 * content guard on the prompt (81011) → call an upstream → relay its answer as JSON or as SSE event by event, the
 * guard checking the answer as it goes. Once resolved, a call is counted in the statistics once, when it ends,
 * however it ends. Each call is one `InferenceCall` (inference-call.ts); what it calls is an `InferenceEndpoint`.
 */
export class InferenceProxy {
  private readonly upstream: UpstreamClient;
  readonly pools: UpstreamPools;
  /** What every call shares, handed to each call's object as one reference. */
  private readonly context: CallContext;
  /** Calls running, direct calls of services included (they share the upstream client). */
  readonly calls = new InFlightCalls();

  constructor(
    private readonly deps: InferenceDeps,
    settings: UpstreamLimits & StreamLimits & { responseCacheMaxBytes: number; maxAudioBytes: number },
    pool: PoolSettings,
    log: FastifyBaseLogger,
    redis?: Redis,
  ) {
    this.upstream = new UpstreamClient(settings);
    this.pools = new UpstreamPools(
      pool,
      (deployment, replica) => deps.metrics.replica(deployment, replica.label, replica.up),
      log,
    );
    this.context = {
      deps,
      limits: new CallLimits(redis),
      upstream: this.upstream,
      sender: new FailoverSender(this.pools, deps.metrics),
      streamLimits: settings,
      cache: new ResponseCache(settings.responseCacheMaxBytes, log, redis),
      maxFileBytes: settings.maxAudioBytes,
    };
    deps.metrics.watchInFlight(
      () => this.calls.count,
      () => this.pools.outstanding(),
    );
  }

  /** The largest file a form endpoint takes (an audio file to transcribe). */
  get maxFileBytes(): number {
    return this.context.maxFileBytes;
  }

  /** Starts the active health checks of the replicas in use. */
  start(): void {
    this.pools.start(this.upstream.dispatcher);
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
        ...models.map(listedModel),
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

  forward(request: FastifyRequest, reply: FastifyReply, endpoint: InferenceEndpoint) {
    return this.calls.track(() => new InferenceCall(this.context, request, reply, endpoint).run());
  }

  /** The pools and failover, for the platform's own calls of operator models (speech recognition for moderation). */
  get failover(): FailoverSender {
    return this.context.sender;
  }

  /** The guarded connection pool to upstreams, shared with direct calls of services. */
  get upstreamClient(): UpstreamClient {
    return this.upstream;
  }

  /** Waits (a bounded time) for the calls still running to end, then closes the upstream connections. */
  async close(): Promise<void> {
    await this.calls.settled(settleOnCloseMs);
    this.pools.close();
    await this.upstream.close();
  }
}
