import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How one attempt on a replica ended, as metrics and logs name it. */
export type AttemptOutcome =
  'ok' | 'connect_error' | 'timeout' | 'status_429' | 'status_5xx' | 'status_4xx' | 'refused';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Prometheus metrics of the MaaS data plane, per service (the endpoint or model called) and per deployment (what
 * served it) and replica (its host:port only). Label children are kept once made: prom-client hashes the labels on
 * every plain inc(), which the gateway's fast path cannot afford.
 */
export class InferenceMetrics {
  private readonly calls: Counter<'project' | 'service' | 'code'>;
  private readonly tokens: Counter<'project' | 'service' | 'direction'>;
  private readonly firstToken: Histogram<'project' | 'service'>;
  private readonly upstreamLatency: Histogram<'deployment'>;
  private readonly attempts: Counter<'deployment' | 'replica' | 'outcome'>;
  private readonly retries: Counter<'deployment'>;
  private readonly fallbacks: Counter<'deployment'>;
  private readonly replicaUp: Gauge<'deployment' | 'replica'>;
  private readonly counters = new Map<string, { inc(value?: number): void }>();
  private readonly timers = new Map<string, { observe(value: number): void }>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.calls = new Counter({
      name: 'aisp_maas_calls_total',
      help: 'MaaS inference calls by project, service (endpoint or model called) and answer (ok or the error code)',
      labelNames: ['project', 'service', 'code'],
      registers,
    });
    this.tokens = new Counter({
      name: 'aisp_maas_tokens_total',
      help: 'Tokens by project, service and direction (prompt, completion)',
      labelNames: ['project', 'service', 'direction'],
      registers,
    });
    this.firstToken = new Histogram({
      name: 'aisp_maas_time_to_first_token_seconds',
      help: 'From the call to the first byte of the answer relayed to the client',
      labelNames: ['project', 'service'],
      buckets: latencyBuckets,
      registers,
    });
    this.upstreamLatency = new Histogram({
      name: 'aisp_maas_upstream_response_seconds',
      help: "Time to an upstream's response headers, per successful attempt",
      labelNames: ['deployment'],
      buckets: latencyBuckets,
      registers,
    });
    this.attempts = new Counter({
      name: 'aisp_maas_upstream_attempts_total',
      help: 'Attempts on upstream replicas by outcome',
      labelNames: ['deployment', 'replica', 'outcome'],
      registers,
    });
    this.retries = new Counter({
      name: 'aisp_maas_retries_total',
      help: 'Attempts after the first, per deployment',
      labelNames: ['deployment'],
      registers,
    });
    this.fallbacks = new Counter({
      name: 'aisp_maas_fallbacks_total',
      help: 'Calls handed to the fallback deployment, per deployment that failed',
      labelNames: ['deployment'],
      registers,
    });
    this.replicaUp = new Gauge({
      name: 'aisp_maas_replica_up',
      help: '1 while a replica is in rotation, 0 while its circuit breaker holds it out',
      labelNames: ['deployment', 'replica'],
      registers,
    });
  }

  private counter(key: string, make: () => { inc(value?: number): void }) {
    let child = this.counters.get(key);
    if (!child) this.counters.set(key, (child = make()));
    return child;
  }

  private timer(key: string, make: () => { observe(value: number): void }) {
    let child = this.timers.get(key);
    if (!child) this.timers.set(key, (child = make()));
    return child;
  }

  /** Endpoint names are unique per account only: the project keeps two tenants' "chat" apart. */
  call(project: string, service: string, code: string, promptTokens: number, completionTokens: number): void {
    const key = `${project}\0${service}`;
    this.counter(`c\0${key}\0${code}`, () => this.calls.labels(project, service, code)).inc();
    if (promptTokens > 0)
      this.counter(`t\0${key}\0p`, () => this.tokens.labels(project, service, 'prompt')).inc(promptTokens);
    if (completionTokens > 0)
      this.counter(`t\0${key}\0c`, () => this.tokens.labels(project, service, 'completion')).inc(completionTokens);
  }

  timeToFirstToken(project: string, service: string, seconds: number): void {
    this.timer(`f\0${project}\0${service}`, () => this.firstToken.labels(project, service)).observe(seconds);
  }

  attempt(deployment: string, replica: string, outcome: AttemptOutcome, seconds: number, retry: boolean): void {
    this.counter(`a\0${deployment}\0${replica}\0${outcome}`, () =>
      this.attempts.labels(deployment, replica, outcome),
    ).inc();
    if (retry) this.counter(`r\0${deployment}`, () => this.retries.labels(deployment)).inc();
    if (outcome === 'ok')
      this.timer(`u\0${deployment}`, () => this.upstreamLatency.labels(deployment)).observe(seconds);
  }

  fallback(deployment: string): void {
    this.counter(`b\0${deployment}`, () => this.fallbacks.labels(deployment)).inc();
  }

  replica(deployment: string, replica: string, up: boolean): void {
    this.replicaUp.labels(deployment, replica).set(up ? 1 : 0);
  }
}
