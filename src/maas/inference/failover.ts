import type { FastifyBaseLogger } from 'fastify';
import { classifyOutboundError } from '../../net/outbound.js';
import type { Replica, ReplicaSpec } from '../pool/replica-pool.js';
import type { UpstreamPools } from '../pool/upstream-pools.js';
import type { AttemptOutcome, InferenceMetrics } from './inference-metrics.js';
import type { CallCancellation, UpstreamResponse } from './upstream-call.js';
import { UpstreamStatusError } from './upstream.js';

/** What serves a call: an operator model or a tenant's service, with its replicas. */
export interface Deployment {
  /** Key of its pool: `model:<id>` or `service:<id>`. */
  poolId: string;
  /** Its name in logs and metrics. */
  name: string;
  upstreamModel: string;
  replicas: ReplicaSpec[];
}

/** An upstream's answer (headers in, body still to read) and the replica it holds until the call ends. */
export interface UpstreamAnswer {
  answer: UpstreamResponse;
  deployment: Deployment;
  /** Ends the call's hold on the replica (for least-outstanding spread); call once the body is relayed. */
  release(): void;
}

/** One attempt of a call on one replica, asking for the deployment's model (an inference call is one). */
export interface UpstreamAttempt {
  attempt(replica: ReplicaSpec, upstreamModel: string): Promise<UpstreamResponse>;
}

/** The longest a retry waits, whatever the upstream's Retry-After says: another replica may answer sooner. */
const maxBackoffMs = 2000;

function outcomeOf(error: unknown): AttemptOutcome {
  if (error instanceof UpstreamStatusError) {
    if (error.upstreamStatus === 429) return 'status_429';
    return error.upstreamStatus >= 500 ? 'status_5xx' : 'status_4xx';
  }
  const failure = classifyOutboundError(error);
  return failure === 'refused' ? 'refused' : failure === 'timeout' ? 'timeout' : 'connect_error';
}

/**
 * Sends a call to a deployment's replicas until one answers: connect errors, timeouts before the response headers,
 * 429 and 5xx are tried again on another replica (after a jittered, doubling backoff; all but refused connections
 * within the deployment's retry budget), then on the fallback deployment if there is one. An answer is returned once its headers are in, so a
 * stream is never retried after its first byte. A 4xx other than 429 is the request's fault and is answered at once
 * (ModelArts.5003 quoting the upstream); an address the guard refuses is not tried elsewhere.
 */
export class FailoverSender {
  constructor(
    private readonly pools: UpstreamPools,
    private readonly metrics: InferenceMetrics,
  ) {}

  async send(
    primary: Deployment,
    fallback: (() => Promise<Deployment | undefined>) | undefined,
    call: UpstreamAttempt,
    cancellation: CallCancellation,
    log: FastifyBaseLogger,
  ): Promise<UpstreamAnswer> {
    const { maxAttempts, retryBackoffMs } = this.pools.settings;
    // No Error made up front: capturing a stack trace costs more than the rest of a successful call's bookkeeping.
    let lastError: unknown;
    let lastOutcome: AttemptOutcome = 'ok';
    let deployment: Deployment | undefined = primary;
    for (let hop = 0; deployment; hop++) {
      if (hop === 1) this.metrics.fallback(primary.name);
      const { pool, budget } = this.pools.get(deployment.poolId, deployment.name, deployment.replicas);
      budget.call();
      const tried = new Set<Replica>();
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        if (attempt > 1) {
          // A refused connection cost the upstream nothing: only retries that load it again spend the budget.
          if (lastOutcome !== 'connect_error' && !budget.tryRetry()) break;
          const hinted = lastError instanceof UpstreamStatusError ? (lastError.retryAfterMs ?? 0) : 0;
          const jitter = Math.random() * retryBackoffMs * 2 ** (attempt - 2);
          await cancellation.sleep(Math.min(maxBackoffMs, Math.max(hinted, jitter)));
        }
        const replica = pool.pick(tried);
        if (!replica) break;
        tried.add(replica);
        replica.begin(Date.now());
        const started = performance.now();
        try {
          const answer = await call.attempt(replica.spec, deployment.upstreamModel);
          replica.succeeded();
          this.metrics.attempt(deployment.name, replica.label, 'ok', (performance.now() - started) / 1000, attempt > 1);
          let held = true;
          const release = () => {
            if (held) replica.end();
            held = false;
          };
          return { answer, deployment, release };
        } catch (error) {
          replica.end();
          lastError = error;
          const outcome = outcomeOf(error);
          lastOutcome = outcome;
          this.metrics.attempt(
            deployment.name,
            replica.label,
            outcome,
            (performance.now() - started) / 1000,
            attempt > 1,
          );
          if (cancellation.cancelled) {
            replica.abandoned(Date.now());
            throw error;
          }
          if (outcome === 'status_4xx') {
            // The replica is alive and answered: the request is what it refused.
            replica.succeeded();
            throw error;
          }
          if (outcome === 'refused') throw error;
          replica.failed(Date.now());
          log.warn(
            { deployment: deployment.name, replica: replica.label, attempt, outcome },
            'upstream attempt failed',
          );
        }
      }
      deployment = hop === 0 && fallback ? await fallback() : undefined;
      if (deployment)
        log.warn({ deployment: primary.name, fallback: deployment.name }, 'calling the fallback deployment');
    }
    throw lastError ?? new Error(`the deployment ${primary.name} has no replica`);
  }
}
