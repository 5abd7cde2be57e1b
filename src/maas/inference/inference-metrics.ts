import { Gauge, type Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from '../../gateway/bound-metrics.js';

/** How one attempt on a replica ended, as metrics and logs name it. */
export type AttemptOutcome =
  'ok' | 'connect_error' | 'timeout' | 'status_429' | 'status_5xx' | 'status_4xx' | 'refused';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Prometheus metrics of the MaaS data plane, per service (the endpoint or model called) and per deployment (what
 * served it) and replica (its host:port only). Label children are kept once made: prom-client hashes the labels on
 * every plain inc(), so these are the gateway's bound metrics (gateway/bound-metrics.ts).
 */
export class InferenceMetrics {
  private readonly calls: BoundCounter;
  private readonly tokens: BoundCounter;
  private readonly firstToken: BoundHistogram;
  private readonly upstreamLatency: BoundHistogram;
  private readonly attempts: BoundCounter;
  private readonly retries: BoundCounter;
  private readonly fallbacks: BoundCounter;
  private readonly cacheLookups: BoundCounter;
  private readonly replicaUp: Gauge<'deployment' | 'replica'>;

  constructor(private readonly registry: Registry) {
    this.calls = new BoundCounter(
      registry,
      'aisp_maas_calls_total',
      'MaaS inference calls by project, service (endpoint or model called) and answer (ok or the error code)',
      ['project', 'service', 'code'],
    );
    this.tokens = new BoundCounter(
      registry,
      'aisp_maas_tokens_total',
      'Tokens by project, service and direction (prompt, completion)',
      ['project', 'service', 'direction'],
    );
    this.firstToken = new BoundHistogram(
      registry,
      'aisp_maas_time_to_first_token_seconds',
      'From the call to the first byte of the answer relayed to the client',
      ['project', 'service'],
      latencyBuckets,
    );
    this.upstreamLatency = new BoundHistogram(
      registry,
      'aisp_maas_upstream_response_seconds',
      "Time to an upstream's response headers, per successful attempt",
      ['deployment'],
      latencyBuckets,
    );
    this.attempts = new BoundCounter(
      registry,
      'aisp_maas_upstream_attempts_total',
      'Attempts on upstream replicas by outcome',
      ['deployment', 'replica', 'outcome'],
    );
    this.retries = new BoundCounter(registry, 'aisp_maas_retries_total', 'Attempts after the first, per deployment', [
      'deployment',
    ]);
    this.fallbacks = new BoundCounter(
      registry,
      'aisp_maas_fallbacks_total',
      'Calls handed to the fallback deployment, per deployment that failed',
      ['deployment'],
    );
    this.cacheLookups = new BoundCounter(
      registry,
      'aisp_maas_cache_total',
      'Calls of endpoints and models with a response cache, by result (hit: answered from the cache; miss)',
      ['result'],
    );
    this.replicaUp = new Gauge({
      name: 'aisp_maas_replica_up',
      help: '1 while a replica is in rotation, 0 while its circuit breaker holds it out',
      labelNames: ['deployment', 'replica'],
      registers: [registry],
    });
  }

  /**
   * Calls running now, and each replica's calls outstanding (what least-request spread weighs): read when /metrics is
   * scraped, so a call pays nothing for them. Both return to zero when traffic stops, however its calls ended (a
   * count that stays up is a call, or a replica's hold, that never ended).
   */
  watchInFlight(
    callsRunning: () => number,
    outstanding: () => Iterable<{ deployment: string; replica: string; calls: number }>,
  ): void {
    new Gauge({
      name: 'aisp_maas_calls_in_flight',
      help: 'MaaS calls running now (direct calls of services included), metering included',
      registers: [this.registry],
      collect() {
        this.set(callsRunning());
      },
    });
    new Gauge({
      name: 'aisp_maas_replica_outstanding',
      help: 'Calls a replica is serving now, as least-request spread counts them',
      labelNames: ['deployment', 'replica'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const r of outstanding()) this.labels(r.deployment, r.replica).set(r.calls);
      },
    });
  }

  /** Endpoint names are unique per account only: the project keeps two tenants' "chat" apart. */
  call(project: string, service: string, code: string, promptTokens: number, completionTokens: number): void {
    this.calls.labels(project, service, code).inc();
    if (promptTokens > 0) this.tokens.labels(project, service, 'prompt').inc(promptTokens);
    if (completionTokens > 0) this.tokens.labels(project, service, 'completion').inc(completionTokens);
  }

  timeToFirstToken(project: string, service: string, seconds: number): void {
    this.firstToken.labels(project, service).observe(seconds);
  }

  attempt(deployment: string, replica: string, outcome: AttemptOutcome, seconds: number, retry: boolean): void {
    this.attempts.labels(deployment, replica, outcome).inc();
    if (retry) this.retries.labels(deployment).inc();
    if (outcome === 'ok') this.upstreamLatency.labels(deployment).observe(seconds);
  }

  cacheLookup(hit: boolean): void {
    this.cacheLookups.labels(hit ? 'hit' : 'miss').inc();
  }

  fallback(deployment: string): void {
    this.fallbacks.labels(deployment).inc();
  }

  replica(deployment: string, replica: string, up: boolean): void {
    this.replicaUp.labels(deployment, replica).set(up ? 1 : 0);
  }
}
