import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import { Batcher, messageOf } from '../../storage/batcher.js';
import { databaseAnswers, type Db } from '../../storage/database.js';
import type { MaasCallStatsTable } from '../../storage/schema.js';
import { type ServiceType, serviceTypes } from '../contract.js';

/** One finished call, as the data plane reports it. */
export interface CallRecord {
  projectId: string;
  serviceType: ServiceType;
  serviceId: string;
  serviceName: string;
  /** '' for calls made with a token. */
  apiKeyLabel: string;
  /** The client's address as taken when the call was admitted; '' when unknown. */
  sourceIp: string;
  failed: boolean;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Whether the call's tokens count against the project's free quota (operator models). */
  onFreeQuota: boolean;
  /** What the call cost at its prices, in nano-units (0 for an unpriced model). */
  costNanos: number;
  /** 'batch' for a line of a batch; real-time otherwise. */
  inferType?: 'real_time' | 'batch';
}

type Row = MaasCallStatsTable;

const minuteMs = 60_000;
/** Rows per INSERT: well under SQLite's bound on statement variables (14 columns a row). */
const rowsPerStatement = 500;
const retentionSweepMs = 3600_000;
/** Dropped rows described in one log line, at most (the rest are only counted). */
const loggedRowsPerFlush = 5;

/**
 * The columns' text bounds (the migration's varchar lengths): SQLite would store a longer value that PostgreSQL
 * refuses, so both engines are held to them here, before the write.
 */
const textColumns = [
  ['project_id', 64, false],
  ['service_id', 64, false],
  ['service_name', 128, true],
  ['api_key_label', 128, true],
  ['source_ip', 64, true],
] as const;
const countColumns = [
  'calls',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'latency_ms',
  'quota_tokens',
  'cost_nanos',
] as const;
const knownServiceTypes: ReadonlySet<number> = new Set(Object.values(serviceTypes));

/** The first column of a row that no database would take (or should not), or undefined for a valid row. */
export function invalidColumn(row: Row): keyof Row | undefined {
  for (const [column, maxLength, mayBeEmpty] of textColumns) {
    const value = row[column];
    if (typeof value !== 'string' || value.length > maxLength || (!mayBeEmpty && value === '')) return column;
  }
  if (!Number.isSafeInteger(row.minute) || row.minute < 0) return 'minute';
  if (!knownServiceTypes.has(row.service_type)) return 'service_type';
  for (const column of countColumns) {
    const value = row[column];
    if (!Number.isSafeInteger(value) || value < 0) return column;
  }
  return undefined;
}

function rowKey(
  r: Pick<Row, 'project_id' | 'minute' | 'service_type' | 'service_id' | 'api_key_label' | 'source_ip' | 'infer_type'>,
) {
  return `${r.project_id}\u0000${r.minute}\u0000${r.service_type}\u0000${r.service_id}\u0000${r.api_key_label}\u0000${r.source_ip}\u0000${r.infer_type}`;
}

function addInto(target: Row, source: Row): void {
  target.calls += source.calls;
  target.errors += source.errors;
  target.prompt_tokens += source.prompt_tokens;
  target.completion_tokens += source.completion_tokens;
  target.latency_ms += source.latency_ms;
  target.quota_tokens += source.quota_tokens;
  target.cost_nanos += source.cost_nanos;
}

/** What a log line says of a dropped row: where it belongs and what it counted, never a key or a client address. */
function describeRow(row: Row, why: string) {
  return {
    project_id: String(row.project_id).slice(0, 64),
    service_type: row.service_type,
    service_id: String(row.service_id).slice(0, 64),
    minute: row.minute,
    calls: row.calls,
    why,
  };
}

/**
 * Call statistics per minute, counted in memory on the request path and written in batches (one upsert statement per
 * 500 rows, every `flushMs`) by the shared `Batcher`: no call waits on the database. Reads flush this instance's
 * counts first, so a client that reads its statistics right after a call finds it; other instances' calls appear
 * within their flush interval. On shutdown the last counts are written before the database closes.
 *
 * Rows are checked against the columns' bounds before they are written; what the batcher drops (invalid, or refused
 * by the database `maxRowAttempts` flushes running) is logged and counted in `aisp_maas_statistics_rows_dropped_total`.
 */
export class CallStatistics {
  private readonly batcher: Batcher<Row>;
  private lastSweep = 0;
  private readonly dropped: Counter<'reason'>;

  constructor(
    private readonly db: Db,
    private readonly options: { flushMs: number; retentionDays: number },
    private readonly log?: FastifyBaseLogger,
    metrics?: Registry,
  ) {
    this.dropped = new Counter({
      name: 'aisp_maas_statistics_rows_dropped_total',
      help: 'Call statistics rows dropped unwritten: invalid (failed the checks) or refused (by the database, repeatedly)',
      labelNames: ['reason'],
      registers: metrics ? [metrics] : [],
    });
    this.batcher = new Batcher<Row>(
      {
        writeBatch: (rows) =>
          this.db.transaction().execute(async (trx) => {
            for (let i = 0; i < rows.length; i += rowsPerStatement) {
              await upsertRows(trx, rows.slice(i, i + rowsPerStatement));
            }
          }),
        writeOne: (row) => upsertRows(this.db, [row]),
        reachable: () => databaseAnswers(this.db),
        merge: (into, row, newer) => {
          addInto(into, row);
          if (newer) into.service_name = row.service_name;
        },
        invalid: (row) => {
          const column = invalidColumn(row);
          return column === undefined ? undefined : `invalid ${column}`;
        },
        written: () => this.sweep(),
        kept: (error) =>
          this.log?.warn({ error: messageOf(error) }, 'call statistics not written; kept for the next attempt'),
        dropped: (reason, rows) => {
          this.dropped.labels(reason).inc(rows.length);
          this.log?.error(
            {
              reason,
              dropped: rows.length,
              rows: rows.slice(0, loggedRowsPerFlush).map(({ row, why }) => describeRow(row, why)),
            },
            'call statistics rows dropped unwritten',
          );
        },
      },
      { flushMs: options.flushMs },
    );
  }

  start(): void {
    this.batcher.start();
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
      // An unknown address is '' (as the source-ips query reads it), never a row the database refuses: the call and
      // its free-quota tokens are still counted. Here, before the key, so that '' rows merge.
      source_ip: typeof call.sourceIp === 'string' ? call.sourceIp : '',
      calls: 1,
      errors: call.failed ? 1 : 0,
      prompt_tokens: call.promptTokens,
      completion_tokens: call.completionTokens,
      latency_ms: Math.max(0, Math.round(call.latencyMs)),
      quota_tokens: call.onFreeQuota ? tokens : 0,
      cost_nanos: call.costNanos,
      infer_type: call.inferType ?? 'real_time',
    };
    this.batcher.add(rowKey(row), row);
  }

  /** Tokens this instance has counted against a project's free quota since `sinceMs` and not yet written. */
  pendingQuotaTokens(projectId: string, sinceMs: number): number {
    let total = 0;
    for (const row of this.batcher.rows()) {
      if (row.project_id === projectId && row.minute >= sinceMs) total += row.quota_tokens;
    }
    return total;
  }

  /** How many writes have happened (a cache of sums read before the last write is stale). */
  get writeCount(): number {
    return this.batcher.writeCount;
  }

  /**
   * Writes the counts gathered so far; concurrent callers share one write. Fails only when the database does not
   * answer (the counts are then kept for the next attempt).
   */
  async flush(): Promise<void> {
    await this.batcher.flush();
  }

  /** Old rows go at most once an hour. Its failure is only logged: the rows of the flush are written already. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep <= retentionSweepMs) return;
    this.lastSweep = now;
    try {
      await this.db
        .deleteFrom('maas_call_stats')
        .where('minute', '<', now - this.options.retentionDays * 86_400_000)
        .execute();
    } catch (error) {
      this.log?.warn({ error: messageOf(error) }, 'old call statistics not deleted; tried again in an hour');
    }
  }

  async close(): Promise<void> {
    await this.batcher.close().catch(() => undefined);
  }
}

/** One upsert of rows (distinct keys): counts add to what the minute holds already. */
async function upsertRows(db: Pick<Db, 'insertInto'>, rows: Row[]): Promise<void> {
  await db
    .insertInto('maas_call_stats')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'minute', 'service_type', 'service_id', 'api_key_label', 'source_ip', 'infer_type'])
        .doUpdateSet({
          service_name: sql`excluded.service_name`,
          calls: sql`maas_call_stats.calls + excluded.calls`,
          errors: sql`maas_call_stats.errors + excluded.errors`,
          prompt_tokens: sql`maas_call_stats.prompt_tokens + excluded.prompt_tokens`,
          completion_tokens: sql`maas_call_stats.completion_tokens + excluded.completion_tokens`,
          latency_ms: sql`maas_call_stats.latency_ms + excluded.latency_ms`,
          quota_tokens: sql`maas_call_stats.quota_tokens + excluded.quota_tokens`,
          cost_nanos: sql`maas_call_stats.cost_nanos + excluded.cost_nanos`,
        }),
    )
    .execute();
}
