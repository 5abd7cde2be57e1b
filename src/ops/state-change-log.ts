/** The part of a logger (pino's, Fastify's) this needs. */
export interface StateLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/**
 * The log of a dependency that fails and recovers (Redis, the database, an upstream replica, the OTLP collector):
 * one line when it goes down and one when it is back up, whatever the number of failed retries in between, so that
 * an outage is two lines and not one (with a stack) per retry. A dependency may have parts (`key`: one replica of
 * many), each with its state. The error is logged by its code and message, not its stack: the stack of a refused
 * connection says nothing the message does not.
 */
export class StateChangeLog {
  /** Failures since each part went down, by part; a part absent is up. */
  private readonly down = new Map<string, number>();

  constructor(
    private readonly log: StateLogger,
    /** What the dependency is, as the lines name it: `redis`, `database`, `otlp`. */
    readonly dependency: string,
    /** What the service does meanwhile, said in the 'down' line (e.g. "rate limits counted in memory"). */
    private readonly meanwhile?: string,
  ) {}

  /** A failure: logged only when the part was up. */
  failed(error: unknown, key = '', fields: object = {}): void {
    const failures = this.down.get(key);
    if (failures !== undefined) {
      this.down.set(key, failures + 1);
      return;
    }
    this.down.set(key, 1);
    this.log.warn(
      { dependency: this.dependency, ...(key ? { part: key } : {}), state: 'down', ...fields, error: summary(error) },
      `${this.dependency}${key ? ` ${key}` : ''} is down${this.meanwhile ? `; ${this.meanwhile}` : ''}`,
    );
  }

  /** A success: logged only when the part was down, with the failures seen meanwhile. */
  succeeded(key = '', fields: object = {}): void {
    const failures = this.down.get(key);
    if (failures === undefined) return;
    this.down.delete(key);
    this.log.info(
      { dependency: this.dependency, ...(key ? { part: key } : {}), state: 'up', failures, ...fields },
      `${this.dependency}${key ? ` ${key}` : ''} is back up`,
    );
  }

  /** Whether the part is down (its last outcome was a failure). */
  isDown(key = ''): boolean {
    return this.down.has(key);
  }
}

/** An error's code and message (an AggregateError's first inner one: a refused connection to each address). */
function summary(error: unknown): { code?: string; message: string } | undefined {
  if (error === undefined) return undefined;
  const inner = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const { code, message } = (inner ?? {}) as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    message: typeof message === 'string' && message !== '' ? message : String(inner),
  };
}
