import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormData } from 'undici';
import { ApiError, isApiError } from '../../errors/api-error.js';
import { logClosedBeforeCompletion, logEnabled } from '../../gateway/request-log.js';
import type { GuardChecker } from '../../moderation/content-guard.js';
import type { ApiKeyGrant } from '../api-keys/key-store.js';
import { type ServiceType, serviceTypes } from '../contract.js';
import type { ReplicaSpec } from '../pool/replica-pool.js';
import { requireApiKeyCaller } from './api-key-auth.js';
import type { CallLimits } from './call-limits.js';
import type { InferenceEndpoint } from './endpoints.js';
import type { FailoverSender, UpstreamAnswer } from './failover.js';
import type { InferenceDeps } from './inference-proxy.js';
import { type JsonRelayOptions, relayJson, relaySse, type SseRelayOptions, type StreamLimits } from './relay.js';
import { type InferenceTarget, resolveTarget } from './resolve-route.js';
import { type CachedAnswer, type ResponseCache, responseCacheKey, skipsCache } from './response-cache.js';
import type { CallTrace } from './tracing.js';
import { CallCancellation, type UpstreamResponse } from './upstream-call.js';
import { type UpstreamClient, upstreamError } from './upstream.js';
import { CallUsage, estimateTokens, saneTokenCount } from './usage-estimate.js';
import type { BudgetHold } from '../budgets/call-budgets.js';
import { costNanos, type Prices } from '../pricing/prices.js';

/** What every call of the proxy shares: built once, handed to each call as one reference. */
export interface CallContext {
  deps: InferenceDeps;
  limits: CallLimits;
  upstream: UpstreamClient;
  sender: FailoverSender;
  streamLimits: StreamLimits;
  cache: ResponseCache;
  /** The largest file a form endpoint takes. */
  maxFileBytes: number;
}

const serviceTypeNames: Record<ServiceType, string> = {
  [serviceTypes.myService]: 'service',
  [serviceTypes.builtIn]: 'model',
  [serviceTypes.customEndpoint]: 'custom_endpoint',
};

/** Which limit scopes hold a tpm reservation (settled at the end): the endpoint's or model's, the key's. */
const targetReserved = 1;
const keyReserved = 2;

/**
 * One inference call, one object: its phases are its methods, in order — `admit` (check, resolve, free tokens, rpm
 * and tpm, the guard on the prompt), `send` (to a replica, failing over), `relay` (JSON or SSE) — and `finish`, the
 * only place that meters the call, writes its log line's fields and settles its tpm reservations, once however the
 * call ends. Everything `finish` needs is taken at admission (the client's address included, read by the API-key
 * authenticator), never from the request's socket, which a client that left has taken away.
 *
 * The object is the relay's options and the failover's attempt (they call its methods), so a call allocates this one
 * object and its close listener, not a closure per step: the gateway's overhead is the product.
 */
export class InferenceCall implements SseRelayOptions, JsonRelayOptions {
  private readonly started = performance.now();
  /** Wall-clock start: the price window a call is billed in is the one it started in. */
  private readonly startedAt = Date.now();
  private readonly grant: ApiKeyGrant;
  private readonly clientAddress: string;
  /** A batch's line (counted as `infer_type: batch`). */
  private readonly inBatch: boolean;
  /** The JSON body, or a form endpoint's fields and file once `admit` has read them. */
  private body: Record<string, unknown>;
  /** The name the client called, once its body passed the check ('' before). */
  model = '';
  /** Undefined until `model` resolves: a call refused before that is logged, never metered. */
  private target: InferenceTarget | undefined = undefined;
  private usage: CallUsage | undefined = undefined;
  private trace: CallTrace | undefined = undefined;
  private reserved = 0;
  private reservedTokens = 0;
  /** The call's reservation against its project's and key's monthly budgets, when one applies. */
  private budgetHold: BudgetHold | undefined = undefined;
  readonly cancellation = new CallCancellation();
  guard: GuardChecker | undefined = undefined;
  private stream = false;
  clientWantsUsage = false;
  /** The model name the upstream was asked for (the deployment's), for the relay to rename. */
  upstreamModel = '';
  /** The upstream body, serialised once per upstream model name (a fallback's may differ), not once per attempt. */
  private upstreamBody = '';
  private upstreamBodyModel: string | undefined = undefined;
  private release: (() => void) | undefined = undefined;
  private deployment: string | undefined = undefined;
  private errorCode = 'ok';
  private finished = false;
  /** The connection closed before the answer was complete (the client left, or shutdown cut it). */
  private closedEarly = false;
  /** With the response cache on: the call's key, the answer found under it, or the answer to keep under it. */
  private cacheKey: string | undefined = undefined;
  private hit: CachedAnswer | undefined = undefined;
  private kept: string | undefined = undefined;
  keepUpTo = 0;
  cacheHeader: string | undefined = undefined;

  constructor(
    private readonly context: CallContext,
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly endpoint: InferenceEndpoint,
  ) {
    const caller = requireApiKeyCaller(request);
    this.grant = caller.grant;
    this.clientAddress = caller.clientAddress;
    this.inBatch = caller.batchId !== undefined;
    this.body = request.body as Record<string, unknown>;
  }

  get answerParts() {
    return this.endpoint.answerParts;
  }

  get limits(): StreamLimits {
    return this.context.streamLimits;
  }

  async run(): Promise<unknown> {
    try {
      await this.admit();
      if (this.hit) return await this.replay(this.hit);
      return await this.relay(await this.send());
    } catch (error) {
      // Refused before it was a call (a malformed body, an unknown model): answered as it was thrown.
      if (this.target === undefined) {
        this.errorCode = isApiError(error) ? error.code : 'internal';
        await this.finish();
        throw error;
      }
      this.usage!.failed = true;
      const failure = upstreamError(error);
      this.errorCode = failure.code;
      await this.finish();
      throw failure;
    } finally {
      this.release?.();
      await this.finish();
      if (this.closedEarly) logClosedBeforeCompletion(this.request, this.reply);
    }
  }

  /** The checks before any upstream is asked, in the cloud's order: body, model, free tokens, rpm, tpm, the guard. */
  private async admit(): Promise<void> {
    const { deps, limits } = this.context;
    const { grant, endpoint } = this;
    if (endpoint.form) this.body = await endpoint.form.read(this.request, this.context.maxFileBytes);
    const body = this.body;
    this.model = endpoint.check(body, this.request.headers);
    const target = await resolveTarget(deps, grant, this.model);
    this.target = target;
    const usage = (this.usage = new CallUsage(this.endpoint.promptText(body)));
    this.trace = deps.tracing.start(this.request, this.endpoint.operation, this.model);

    if (target.onFreeQuota) await deps.freeQuota.enforce(grant.projectId);
    // The endpoint's (or model's) limits, then the key's own: a call must pass both.
    const keyLimit = `key:${grant.keyId}`;
    await limits.admitCall(target.limitKey, target.rpm);
    await limits.admitCall(keyLimit, grant.rpm);
    // A call the cache answers costs no tokens: it holds no tpm reservation (it did count against rpm).
    // A form's file is no cache key: forms are never cached.
    if (target.cacheTtlSeconds > 0 && this.context.cache.enabled && !endpoint.form) await this.lookUp();
    if (this.hit) {
      await this.checkPrompt(target);
      return;
    }
    if (target.tpm !== null || grant.tpm !== null) {
      const tokens = Math.max(1, estimateTokens(usage.promptText));
      this.reservedTokens = tokens;
      if (target.tpm !== null) {
        await limits.reserveTokens(target.limitKey, target.tpm, tokens);
        this.reserved |= targetReserved;
      }
      if (grant.tpm !== null) {
        await limits.reserveTokens(keyLimit, grant.tpm, tokens);
        this.reserved |= keyReserved;
      }
    }
    // Budgets count money: only a priced call reserves (its prompt's estimate and max_tokens at its prices).
    if (target.prices !== null) await this.reserveBudget(target.prices, usage.promptText);
    await this.checkPrompt(target);
  }

  /** The content guard on the prompt (a cached answer too: the project's glossaries may have changed since). */
  private async checkPrompt(target: InferenceTarget): Promise<void> {
    this.guard = target.guard ? await this.context.deps.guard.checker(this.grant.projectId) : undefined;
    if (this.guard?.blockedBy(this.usage!.promptText)) throw new ApiError('ModelArts.81011');
  }

  /**
   * The response cache's lookup (skipped for `Cache-Control: no-cache`, whose answer is still kept). The answer says
   * `X-AISP-Cache: miss` unless it is replayed.
   */
  private async lookUp(): Promise<void> {
    const raw = this.request.rawBody;
    const key = raw && responseCacheKey(this.grant.projectId, this.endpoint.kind, raw);
    if (key === undefined) return;
    this.cacheKey = key;
    // On the reply, as its other headers (a header set on the raw response makes Node merge every header one by one).
    this.reply.header('x-aisp-cache', 'miss');
    this.cacheHeader = 'miss';
    if (!skipsCache(this.request.headers)) this.hit = await this.context.cache.get(key);
    this.context.deps.metrics.cacheLookup(this.hit !== undefined);
    if (this.hit === undefined) this.keepUpTo = this.context.cache.maxEntryBytes;
  }

  /** A cached answer, as the client was first sent it: the JSON text, or the whole stream in one write. */
  private async replay(hit: CachedAnswer): Promise<unknown> {
    this.usage!.report({ prompt_tokens: hit.promptTokens, completion_tokens: hit.completionTokens });
    this.usage!.answered = true;
    this.deployment = 'cache';
    const raw = this.reply.raw;
    if (!hit.stream) {
      this.reply.header('x-aisp-cache', 'hit');
      await this.finish();
      this.reply.header('content-type', 'application/json');
      return this.reply.send(hit.body);
    }
    this.reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': this.request.id,
      'x-accel-buffering': 'no',
      'x-aisp-cache': 'hit',
    });
    await this.finish();
    raw.end(hit.body);
  }

  /** The answer the client was sent whole, to be kept in the cache when the call ends well (see `finish`). */
  keep(text: string): void {
    this.kept = text;
  }

  private async reserveBudget(prices: Prices, promptText: string): Promise<void> {
    const { deps } = this.context;
    const { grant, body } = this;
    const project = await deps.freeQuota.monthlyBudgetNanos(grant.projectId);
    if (project === null && grant.budgetNanos === null) return;
    const promptTokens = this.reservedTokens > 0 ? this.reservedTokens : Math.max(1, estimateTokens(promptText));
    const maxTokens = body.max_completion_tokens ?? body.max_tokens;
    const amount = costNanos(prices, promptTokens, saneTokenCount(maxTokens) ? maxTokens : 0, this.startedAt);
    this.budgetHold = await deps.budgets.reserve(
      { projectId: grant.projectId, project, key: grant, keyBudget: grant.budgetNanos },
      amount,
      this.startedAt,
    );
  }

  /** Asks the deployment's replicas (then its fallback's) until one answers with its headers. */
  private async send(): Promise<UpstreamAnswer> {
    const target = this.target!;
    this.stream = this.endpoint.streams && this.body.stream === true;
    this.clientWantsUsage =
      (this.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    this.reply.raw.on('close', this.onClientClose);
    // A client that left while the call was admitted had its 'close' already: no upstream is asked (else a stream
    // would wait on the gone socket for the stall timeout, holding the upstream).
    if (this.reply.raw.destroyed) this.onClientClose();
    const sent = await this.context.sender.send(
      target.deployment,
      target.fallback,
      this,
      this.cancellation,
      this.request.log,
    );
    this.release = sent.release;
    this.deployment = sent.deployment.name;
    this.upstreamModel = sent.deployment.upstreamModel;
    this.usage!.answered = true;
    return sent;
  }

  private readonly onClientClose = () => {
    if (this.reply.raw.writableFinished) return;
    this.closedEarly = true;
    this.cancellation.cancel();
  };

  /** One attempt on one replica (the failover calls it). */
  attempt(replica: ReplicaSpec, upstreamModel: string): Promise<UpstreamResponse> {
    const form = this.endpoint.form;
    if (form) return this.post(replica, form.upstream(this.body, upstreamModel));
    if (this.upstreamBodyModel !== upstreamModel) {
      const body = this.body;
      // The gateway always asks a stream for its usage (dropped again for a client that did not ask).
      this.upstreamBody = JSON.stringify(
        this.stream && !this.clientWantsUsage
          ? {
              ...body,
              stream_options: { ...(body.stream_options as object | undefined), include_usage: true },
              model: upstreamModel,
            }
          : { ...body, model: upstreamModel },
      );
      this.upstreamBodyModel = upstreamModel;
    }
    return this.post(replica, this.upstreamBody);
  }

  private post(replica: ReplicaSpec, body: string | FormData): Promise<UpstreamResponse> {
    return this.context.upstream.post(replica.baseUrl, this.endpoint.upstreamPath, body, {
      stream: this.stream,
      cancellation: this.cancellation,
      apiKey: replica.apiKey,
      headersTimeoutMs: replica.headersTimeoutMs,
      headers: this.trace!.headers,
    });
  }

  /** The answer to the client: SSE event by event, or the JSON answer with the client's model name. */
  private async relay(sent: UpstreamAnswer): Promise<unknown> {
    if (this.stream) return relaySse(this.request, this.reply, sent.answer, this, this.usage!);
    const form = this.endpoint.form;
    if (form) {
      const text = await sent.answer.text();
      this.firstByte();
      return form.relay(this.reply, text, sent.answer.headers['content-type'], this, this.usage!);
    }
    const json = await this.context.upstream.readJson(sent.answer);
    this.firstByte();
    return relayJson(this.reply, json, this, this.usage!);
  }

  /** Time to first token: the first event written, or the whole JSON answer read. */
  firstByte(): void {
    this.context.deps.metrics.timeToFirstToken(
      this.grant.projectId,
      this.target!.model,
      (performance.now() - this.started) / 1000,
    );
  }

  /**
   * The call's end, once, however it ends: counted in the statistics before the client hears the end of the answer
   * (a client that reads its statistics right after an answer finds the call there), its metrics and span ended,
   * its log line's fields set, and the tokens it used charged against its tpm reservations.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const { request, grant, target } = this;
    if (target === undefined) {
      if (logEnabled(request.log, 'info')) {
        request.logFields = {
          maas: {
            endpoint: request.gatewayConfig.url,
            ...(this.model !== '' ? { model: this.model } : {}),
            project_id: grant.projectId,
            key_label: grant.label,
            key_id: grant.keyId,
            code: this.errorCode,
          },
        };
      }
      return;
    }
    const { deps, limits } = this.context;
    const totals = this.usage!.totals();
    // A cached answer costs nothing (no model was asked), so it spends no budget either.
    const cost =
      this.hit === undefined
        ? costNanos(target.prices, totals.promptTokens, totals.completionTokens, this.startedAt)
        : 0;
    deps.stats.record({
      projectId: grant.projectId,
      serviceType: target.serviceType,
      serviceId: target.serviceId,
      serviceName: target.model,
      apiKeyLabel: grant.label,
      sourceIp: this.clientAddress,
      failed: totals.failed,
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      latencyMs: performance.now() - this.started,
      // A cached answer is counted with its tokens but spends no free tokens: it cost no model anything.
      onFreeQuota: target.onFreeQuota && this.hit === undefined,
      costNanos: cost,
      inferType: this.inBatch ? 'batch' : 'real_time',
    });
    deps.metrics.call(grant.projectId, target.model, this.errorCode, totals.promptTokens, totals.completionTokens);
    this.trace!.end({ code: this.errorCode, deployment: this.deployment, ...totals });
    // The request's log line (see gateway/request-log.ts): built only when it will be written. No secret in it:
    // the key's label and id name the key, never its value.
    if (logEnabled(request.log, 'info')) {
      request.logFields = {
        maas: {
          endpoint: request.gatewayConfig.url,
          model: target.model,
          service_type: serviceTypeNames[target.serviceType],
          service_id: target.serviceId,
          deployment: this.deployment,
          project_id: grant.projectId,
          key_label: grant.label,
          key_id: grant.keyId,
          stream: this.body.stream === true,
          code: this.errorCode,
          prompt_tokens: totals.promptTokens,
          completion_tokens: totals.completionTokens,
          ...(this.cacheKey !== undefined ? { cache: this.hit ? 'hit' : 'miss' } : {}),
        },
      };
    }
    if (this.kept !== undefined && this.errorCode === 'ok' && !totals.failed) {
      const stored = this.context.cache.set(
        this.cacheKey!,
        {
          stream: this.stream,
          body: this.kept,
          promptTokens: totals.promptTokens,
          completionTokens: totals.completionTokens,
          staleAfter: 0,
        },
        target.cacheTtlSeconds,
      );
      if (stored) await stored;
    }
    if (this.reserved !== 0) {
      const used = totals.promptTokens + totals.completionTokens;
      if (this.reserved & targetReserved) await this.settle(target.limitKey, target.tpm, used);
      if (this.reserved & keyReserved) await this.settle(`key:${grant.keyId}`, grant.tpm, used);
    }
    if (this.budgetHold !== undefined) {
      await deps.budgets
        .settle(this.budgetHold, cost)
        .catch((error) => request.log.warn({ err: error }, 'cost not settled against the budgets'));
    }
  }

  private settle(key: string, tpm: number | null, used: number): Promise<void> {
    return this.context.limits
      .settleTokens(key, tpm, used, this.reservedTokens)
      .catch((error) => this.request.log.warn({ err: error }, 'tokens not charged to the tpm limit'));
  }
}
