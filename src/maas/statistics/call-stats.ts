import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { MaasCallStatsTable } from '../../storage/schema.js';
import type { ServiceType } from '../contract.js';

/** One finished call, as the data plane reports it. */
export interface CallRecord {
  projectId: string;
  serviceType: ServiceType;
  serviceId: string;
  serviceName: string;
  /** '' for calls made with a token. */
  apiKeyLabel: string;
  sourceIp: string;
  failed: boolean;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Whether the call's tokens count against the project's free quota (operator models). */
  onFreeQuota: boolean;
}

type Row = MaasCallStatsTable;

const minuteMs = 60_000;
/** Rows per INSERT: well under SQLite's bound on statement variables (13 columns a row). */
const rowsPerStatement = 500;
const retentionSweepMs = 3600_000;

function rowKey(r: Pick<Row, 'project_id' | 'minute' | 'service_type' | 'service_id' | 'api_key_label' | 'source_ip'>) {
  return `${r.project_id}\u0000${r.minute}\u0000${r.service_type}\u0000${r.service_id}\u0000${r.api_key_label}\u0000${r.source_ip}`;
}

function addInto(target: Row, source: Row): void {
  target.calls += source.calls;
  target.errors += source.errors;
  target.prompt_tokens += source.prompt_tokens;
  target.completion_tokens += source.completion_tokens;
  target.latency_ms += source.latency_ms;
  target.quota_tokens += source.quota_tokens;
}

/**
 * Call statistics per minute, counted in memory on the request path and written in batches (one upsert statement per
 * 500 rows, every `flushMs`): no call waits on the database. Reads flush this instance's counts first, so a client
 * that reads its statistics right after a call finds it; other instances' calls appear within their flush interval.
 * A failed write keeps the counts for the next one; on shutdown the last counts are written before the database
 * closes. What a crash can lose is at most the last interval.
 */
export class CallStatistics {
  private pending = new Map<string, Row>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  /** Bumped on every write, so that cached sums know they are stale. */
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs: number; retentionDays: number },
    private readonly log?: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.timer || this.options.flushMs === 0) return;
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.flushMs);
    this.timer.unref();
  }

  record(call: CallRecord, at = Date.now()): void {
    const tokens = call.promptTokens + call.completionTokens;
    const row: Row = {
      project_id: call.projectId,
      minute: at - (at % minuteMs),
      service_type: call.serviceType,
      service_id: call.serviceId,
      service_name: call.serviceName,
      api_key_label: call.apiKeyLabel,
      source_ip: call.sourceIp,
      calls: 1,
      errors: call.failed ? 1 : 0,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      latency_ms: Math.max(0, Math.round(call.latencyMs)),
      quota_tokens: call.onFreeQuota ? tokens : 0,
    };
    const key = rowKey(row);
    const current = this.pending.get(key);
    if (current) {
      addInto(current, row);
      current.service_name = row.service_name;
    } else {
      this.pending.set(key, row);
    }
    if (this.options.flushMs === 0) void this.flush().catch(() => undefined);
  }

  /** Tokens this instance has counted against a project's free quota since `sinceMs` and not yet written. */
  pendingQuotaTokens(projectId: string, sinceMs: number): number {
    let total = 0;
    for (const row of this.pending.values()) {
      if (row.project_id === projectId && row.minute >= sinceMs) total += row.quota_tokens;
    }
    return total;
  }

  /** How many writes have happened (a cache of sums read before the last write is stale). */
  get writeCount(): number {
    return this.writes;
  }

  /** Writes the counts gathered so far; concurrent callers share one write. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.write([...batch.values()])
      .catch((error) => {
        // Nothing is lost: the counts go back for the next write.
        for (const [key, row] of batch) {
          const current = this.pending.get(key);
          if (current) addInto(current, row);
          else this.pending.set(key, row);
        }
        this.log?.warn({ err: error }, 'call statistics not written; kept for the next attempt');
        throw error;
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  private async write(rows: Row[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        await trx
          .insertInto('maas_call_stats')
          .values(rows.slice(i, i + rowsPerStatement))
          .onConflict((oc) =>
            oc
              .columns(['project_id', 'minute', 'service_type', 'service_id', 'api_key_label', 'source_ip'])
              .doUpdateSet({
                service_name: sql`excluded.service_name`,
                calls: sql`maas_call_stats.calls + excluded.calls`,
                errors: sql`maas_call_stats.errors + excluded.errors`,
                prompt_tokens: sql`maas_call_stats.prompt_tokens + excluded.prompt_tokens`,
                completion_tokens: sql`maas_call_stats.completion_tokens + excluded.completion_tokens`,
                latency_ms: sql`maas_call_stats.latency_ms + excluded.latency_ms`,
                quota_tokens: sql`maas_call_stats.quota_tokens + excluded.quota_tokens`,
              }),
          )
          .execute();
      }
    });
    this.writes++;
    const now = Date.now();
    if (now - this.lastSweep > retentionSweepMs) {
      this.lastSweep = now;
      await this.db
        .deleteFrom('maas_call_stats')
        .where('minute', '<', now - this.options.retentionDays * 86_400_000)
        .execute();
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }
}
