import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError, isApiError } from '../../errors/api-error.js';
import { logClosedBeforeCompletion, logEnabled } from '../../gateway/request-log.js';
import type { ContentGuard } from '../../moderation/content-guard.js';
import type { FreeTokenQuota } from '../free-quota.js';
import { type PoolSettings, UpstreamPools } from '../pool/upstream-pools.js';
import { type ServiceType, serviceTypes } from '../contract.js';
import type { CallStatistics } from '../statistics/call-stats.js';
import { requireApiKeyCaller } from './api-key-auth.js';
import { CallLimits } from './call-limits.js';
import { FailoverSender } from './failover.js';
import { InFlightCalls } from './in-flight.js';
import type { InferenceMetrics } from './inference-metrics.js';
import type { InferenceTracing } from './tracing.js';
import { relayJson, relaySse, type StreamLimits } from './relay.js';
import { checkInferenceRequest, type InferenceKind } from './request-shape.js';
import { type InferenceTarget, resolveTarget, type RouteStores } from './resolve-route.js';
import { CallCancellation } from './upstream-call.js';
import { UpstreamClient, upstreamError, type UpstreamLimits } from './upstream.js';
import { CallUsage, estimateTokens, promptTextOf } from './usage-estimate.js';

export interface InferenceDeps extends RouteStores {
  stats: CallStatistics;
  freeQuota: FreeTokenQuota;
  guard: ContentGuard;
  metrics: InferenceMetrics;
  tracing: InferenceTracing;
}

/** How long shutdown waits for calls whose connections were cut to finish their metering. */
const settleOnCloseMs = 5000;

const serviceTypeNames: Record<ServiceType, string> = {
  [serviceTypes.myService]: 'service',
  [serviceTypes.builtIn]: 'model',
  [serviceTypes.customEndpoint]: 'custom_endpoint',
};

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
  readonly pools: UpstreamPools;
  private readonly sender: FailoverSender;
  /** Calls running, direct calls of services included (they share the upstream client). */
  readonly calls = new InFlightCalls();

  constructor(
    private readonly deps: InferenceDeps,
    private readonly settings: UpstreamLimits & StreamLimits,
    pool: PoolSettings,
    log: FastifyBaseLogger,
    redis?: Redis,
  ) {
    this.limits = new CallLimits(redis);
    this.upstream = new UpstreamClient(settings);
    this.pools = new UpstreamPools(
      pool,
      (deployment, replica) => deps.metrics.replica(deployment, replica.label, replica.up),
      log,
    );
    this.sender = new FailoverSender(this.pools, deps.metrics);
    deps.metrics.watchInFlight(
      () => this.calls.count,
      () => this.pools.outstanding(),
    );
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

  forward(request: FastifyRequest, reply: FastifyReply, kind: InferenceKind) {
    return this.calls.track(() => this.call(request, reply, kind));
  }

  private async call(request: FastifyRequest, reply: FastifyReply, kind: InferenceKind) {
    const started = performance.now();
    // Everything metering needs is taken now, never from the request or its socket at the end: by then a client
    // that left early has taken its socket (and its address) away.
    const { grant, clientAddress } = requireApiKeyCaller(request);
    const body = request.body as Record<string, unknown>;
    let model: string | undefined;
    let target: InferenceTarget;
    try {
      model = checkInferenceRequest(kind, body, request.headers);
      target = await resolveTarget(this.deps, grant, model);
    } catch (error) {
      // Refused before it is a call (a malformed body, an unknown model): logged with what is known of it.
      if (logEnabled(request.log, 'info')) {
        request.logFields = {
          maas: {
            endpoint: request.routeOptions.url,
            ...(model !== undefined ? { model } : {}),
            project_id: grant.projectId,
            key_label: grant.label,
            key_id: grant.keyId,
            code: isApiError(error) ? error.code : 'internal',
          },
        };
      }
      throw error;
    }

    const usage = new CallUsage(promptTextOf(body));
    // The endpoint's (or model's) limits, then the key's own: a call must pass both.
    const scopes = [
      { key: target.limitKey, rpm: target.rpm, tpm: target.tpm },
      { key: `key:${grant.keyId}`, rpm: grant.rpm, tpm: grant.tpm },
    ];
    const reservations: { key: string; tpm: number; tokens: number }[] = [];
    const cancellation = new CallCancellation();
    let release: (() => void) | undefined;
    let errorCode = 'ok';
    let deployment: string | undefined;
    const callTrace = this.deps.tracing.start(request, kind === 'completion' ? 'text_completion' : kind, model);
    // Counted once, before the client hears the end of the answer: a client that reads its statistics right after
    // an answer finds the call there.
    let metered = false;
    /** The connection closed before the answer was complete (the client left, or shutdown cut it). */
    let closedEarly = false;
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
        sourceIp: clientAddress,
        failed: totals.failed,
        promptTokens: totals.promptTokens,
        completionTokens: totals.completionTokens,
        latencyMs: performance.now() - started,
        onFreeQuota: target.onFreeQuota,
      });
      this.deps.metrics.call(grant.projectId, target.model, errorCode, totals.promptTokens, totals.completionTokens);
      callTrace.end({ code: errorCode, deployment, ...totals });
      // The request's log line (see gateway/request-log.ts): built only when it will be written. No secret in it:
      // the key's label and id name the key, never its value.
      if (logEnabled(request.log, 'info')) {
        request.logFields = {
          maas: {
            endpoint: request.routeOptions.url,
            model: target.model,
            service_type: serviceTypeNames[target.serviceType],
            service_id: target.serviceId,
            deployment,
            project_id: grant.projectId,
            key_label: grant.label,
            key_id: grant.keyId,
            stream: body.stream === true,
            code: errorCode,
            prompt_tokens: totals.promptTokens,
            completion_tokens: totals.completionTokens,
          },
        };
      }
      for (const reservation of reservations) {
        await this.limits
          .settleTokens(
            reservation.key,
            reservation.tpm,
            totals.promptTokens + totals.completionTokens,
            reservation.tokens,
          )
          .catch((error) => request.log.warn({ err: error }, 'tokens not charged to the tpm limit'));
      }
    };

    try {
      if (target.onFreeQuota) await this.deps.freeQuota.enforce(grant.projectId);
      for (const scope of scopes) await this.limits.admitCall(scope.key, scope.rpm);
      if (scopes.some((scope) => scope.tpm !== null)) {
        const tokens = Math.max(1, estimateTokens(usage.promptText));
        for (const scope of scopes) {
          if (scope.tpm === null) continue;
          await this.limits.reserveTokens(scope.key, scope.tpm, tokens);
          reservations.push({ key: scope.key, tpm: scope.tpm, tokens });
        }
      }
      const guard = target.guard ? await this.deps.guard.checker(grant.projectId) : undefined;
      if (guard?.blockedBy(usage.promptText)) throw new ApiError('ModelArts.81011');

      const stream = body.stream === true;
      const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      const extra =
        stream && !clientWantsUsage
          ? { stream_options: { ...(body.stream_options as object | undefined), include_usage: true } }
          : {};
      const onClientClose = () => {
        if (reply.raw.writableFinished) return;
        closedEarly = true;
        cancellation.cancel();
      };
      reply.raw.on('close', onClientClose);
      // A client that left while the call was admitted had its 'close' already: no upstream is asked (else a stream
      // would wait on the gone socket for the stall timeout, holding the upstream).
      if (reply.raw.destroyed) onClientClose();
      const headers = callTrace.headers;
      // The body is serialised once per upstream model name (a fallback model may differ), not once per attempt.
      const bodies = new Map<string, string>();
      const sent = await this.sender.send(
        target.deployment,
        target.fallback,
        (replica, upstreamModel) => {
          let json = bodies.get(upstreamModel);
          if (json === undefined)
            bodies.set(upstreamModel, (json = JSON.stringify({ ...body, ...extra, model: upstreamModel })));
          return this.upstream.post(replica.baseUrl, upstreamPaths[kind], json, {
            stream,
            cancellation,
            apiKey: replica.apiKey,
            headersTimeoutMs: replica.headersTimeoutMs,
            headers,
          });
        },
        cancellation,
        request.log,
      );
      release = sent.release;
      deployment = sent.deployment.name;
      const answer = sent.answer;
      usage.answered = true;
      const firstByte = () =>
        this.deps.metrics.timeToFirstToken(grant.projectId, target.model, (performance.now() - started) / 1000);
      if (stream) {
        const upstreamModel = sent.deployment.upstreamModel;
        const options = {
          model,
          upstreamModel,
          clientWantsUsage,
          cancellation,
          limits: this.settings,
          beforeEnd: meter,
          guard,
          firstByte,
        };
        await relaySse(request, reply, answer, options, usage);
        return;
      }
      const json = await this.upstream.readJson(answer);
      firstByte();
      return await relayJson(reply, json, model, usage, meter, guard);
    } catch (error) {
      usage.failed = true;
      const failure = upstreamError(error);
      errorCode = failure.code;
      await meter();
      throw failure;
    } finally {
      release?.();
      await meter();
      if (closedEarly) logClosedBeforeCompletion(request, reply);
    }
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
