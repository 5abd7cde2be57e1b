/** One upstream server of a deployment, as the route resolves it. */
export interface ReplicaSpec {
  baseUrl: string;
  weight: number;
  apiKey?: string | undefined;
  /** Time to the response headers on this server, when it differs from the platform's default. */
  headersTimeoutMs?: number | undefined;
}

export interface BreakerSettings {
  /** Consecutive failures (calls or health checks) that take a replica out of rotation. */
  failuresToEject: number;
  /** How long an ejected replica stays out before one probe call may try it; doubles on each failed probe. */
  ejectMs: number;
  /** The longest an ejection lasts, however often probes fail. */
  maxEjectMs: number;
}

type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A replica's live state: the calls it is serving now (for least-outstanding spread) and its circuit breaker
 * (closed: in rotation; open: ejected until `reopenAt`; half-open: one probe call in flight decides).
 */
export class Replica {
  outstanding = 0;
  consecutiveFailures = 0;
  state: BreakerState = 'closed';
  reopenAt = 0;
  private ejectMs: number;

  constructor(
    public spec: ReplicaSpec,
    private readonly breaker: BreakerSettings,
    private readonly onStateChange: (replica: Replica) => void,
  ) {
    this.ejectMs = breaker.ejectMs;
    this.label = originOf(spec.baseUrl);
  }

  /** The replica's origin, as logs and metrics name it (never its path or credentials). */
  readonly label: string;

  get up(): boolean {
    return this.state === 'closed';
  }

  /** Whether a call may go here now; an open breaker whose time is up lets exactly one probe through. */
  available(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open' && now >= this.reopenAt) return true;
    return false;
  }

  begin(now: number): void {
    this.outstanding++;
    if (this.state === 'open' && now >= this.reopenAt) this.setState('half-open');
  }

  end(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.ejectMs = this.breaker.ejectMs;
    if (this.state !== 'closed') this.setState('closed');
  }

  /** A call that ended without a verdict (its client left): a probe it was frees the way for the next one. */
  abandoned(now: number): void {
    if (this.state === 'half-open') {
      this.reopenAt = now;
      this.setState('open');
    }
  }

  failed(now: number): void {
    this.consecutiveFailures++;
    if (this.state === 'half-open') {
      // The probe failed: out again, for longer.
      this.ejectMs = Math.min(this.breaker.maxEjectMs, this.ejectMs * 2);
      this.eject(now);
    } else if (this.state === 'closed' && this.consecutiveFailures >= this.breaker.failuresToEject) {
      this.eject(now);
    } else if (this.state === 'open') {
      this.reopenAt = Math.max(this.reopenAt, now + this.ejectMs);
    }
  }

  private eject(now: number): void {
    this.reopenAt = now + this.ejectMs;
    this.setState('open');
  }

  private setState(state: BreakerState): void {
    this.state = state;
    this.onStateChange(this);
  }
}

/**
 * The replicas of one deployment and how calls are spread over them: at random, each replica in rotation weighted by
 * its weight over its calls in flight plus one (so that at low load the spread follows the weights, and under load a
 * slow replica, holding more calls, gets fewer new ones). When every replica is ejected, all of them are tried
 * anyway (Envoy's panic routing): better a call that may fail than an outage caused by ejection alone.
 */
export class ReplicaPool {
  replicas: Replica[] = [];
  lastUsed = 0;
  private signature = '';
  private lastSpecs: readonly ReplicaSpec[] | undefined;

  constructor(
    readonly deployment: string,
    private readonly breaker: BreakerSettings,
    private readonly onStateChange: (pool: ReplicaPool, replica: Replica) => void,
  ) {}

  /** Takes the deployment's current replica list, keeping the live state of replicas that stay (by URL). */
  sync(specs: readonly ReplicaSpec[]): void {
    if (specs === this.lastSpecs) return;
    this.lastSpecs = specs;
    const signature = specs
      .map((s) => `${s.baseUrl} ${s.weight} ${s.apiKey ?? ''} ${s.headersTimeoutMs ?? ''}`)
      .join('\n');
    if (signature === this.signature) return;
    this.signature = signature;
    const previous = new Map(this.replicas.map((r) => [r.spec.baseUrl, r]));
    this.replicas = specs.map((spec) => {
      const kept = previous.get(spec.baseUrl);
      previous.delete(spec.baseUrl);
      if (kept) {
        kept.spec = spec;
        return kept;
      }
      return new Replica(spec, this.breaker, (replica) => this.onStateChange(this, replica));
    });
  }

  /** The replica for the next attempt, avoiding those already tried when another can serve. */
  pick(tried: ReadonlySet<Replica>, now = Date.now(), random = Math.random): Replica | undefined {
    let candidates = this.replicas.filter((r) => !tried.has(r) && r.available(now));
    if (candidates.length === 0) candidates = this.replicas.filter((r) => r.available(now));
    if (candidates.length === 0) candidates = this.replicas.filter((r) => !tried.has(r));
    if (candidates.length === 0) candidates = this.replicas;
    if (candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    // Envoy's weighted least-request: each replica's chance is its weight over (calls in flight + 1).
    const shares = candidates.map((r) => r.spec.weight / (r.outstanding + 1));
    let point = random() * shares.reduce((sum, share) => sum + share, 0);
    for (const [index, replica] of candidates.entries()) {
      point -= shares[index]!;
      if (point < 0) return replica;
    }
    return candidates.at(-1);
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}
