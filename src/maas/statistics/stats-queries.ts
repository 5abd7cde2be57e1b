import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { Database } from '../../storage/schema.js';
import type { ServiceType } from '../contract.js';

export interface StatsFilter {
  projectId: string;
  startMs: number;
  /** Inclusive. */
  endMs: number;
  serviceType?: ServiceType | undefined;
  serviceId?: string | undefined;
  /** Substrings of service names, any of which matches. */
  serviceNames?: string[] | undefined;
  /** Key labels ('' for calls made with a token). */
  apiKeys?: string[] | undefined;
  ips?: string[] | undefined;
  /** Real-time calls or batch lines only (show-statistics' infer_type); both when absent. */
  inferType?: 'real_time' | 'batch' | undefined;
}

export interface Sums {
  calls: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Spend in nano-units of the prices' currency. */
  costNanos: number;
}

type StatsQuery = SelectQueryBuilder<Database, 'maas_call_stats', object>;

function filtered(db: Db, filter: StatsFilter): StatsQuery {
  let query = db
    .selectFrom('maas_call_stats')
    .where('project_id', '=', filter.projectId)
    .where('minute', '>=', filter.startMs - (filter.startMs % 60_000))
    .where('minute', '<=', filter.endMs);
  if (filter.serviceType !== undefined) query = query.where('service_type', '=', filter.serviceType);
  if (filter.serviceId !== undefined) query = query.where('service_id', '=', filter.serviceId);
  if (filter.apiKeys !== undefined) query = query.where('api_key_label', 'in', filter.apiKeys);
  if (filter.ips !== undefined) query = query.where('source_ip', 'in', filter.ips);
  if (filter.inferType !== undefined) query = query.where('infer_type', '=', filter.inferType);
  const names = filter.serviceNames;
  if (names !== undefined && names.length > 0) {
    query = query.where((eb) =>
      eb.or(
        names.map((name) => {
          // A substring match; LIKE's wildcards in the name match themselves.
          const pattern = `%${name.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          return eb(sql`lower(service_name)`, 'like', sql`${pattern} ESCAPE '\\'`);
        }),
      ),
    );
  }
  return query as StatsQuery;
}

const sumColumns = (eb: any) => [
  eb.fn.sum('calls').as('calls'),
  eb.fn.sum('errors').as('errors'),
  eb.fn.sum('prompt_tokens').as('prompt_tokens'),
  eb.fn.sum('completion_tokens').as('completion_tokens'),
  eb.fn.sum('latency_ms').as('latency_ms'),
  eb.fn.sum('cost_nanos').as('cost_nanos'),
];

function toSums(row: Record<string, unknown> | undefined): Sums {
  return {
    calls: Number(row?.calls ?? 0),
    errors: Number(row?.errors ?? 0),
    promptTokens: Number(row?.prompt_tokens ?? 0),
    completionTokens: Number(row?.completion_tokens ?? 0),
    latencyMs: Number(row?.latency_ms ?? 0),
    costNanos: Number(row?.cost_nanos ?? 0),
  };
}

export async function totals(db: Db, filter: StatsFilter): Promise<Sums> {
  const row = await filtered(db, filter).select(sumColumns).executeTakeFirst();
  return toSums(row as Record<string, unknown> | undefined);
}

export async function perService(
  db: Db,
  filter: StatsFilter,
): Promise<(Sums & { serviceType: number; serviceId: string; serviceName: string })[]> {
  const rows = await filtered(db, filter)
    .select((eb) => ['service_type', 'service_id', eb.fn.max('service_name').as('service_name'), ...sumColumns(eb)])
    .groupBy(['service_type', 'service_id'])
    .orderBy('service_type')
    .orderBy('service_id')
    .execute();
  return rows.map((row) => ({
    ...toSums(row as Record<string, unknown>),
    serviceType: Number(row.service_type),
    serviceId: row.service_id,
    serviceName: String(row.service_name),
  }));
}

export async function perMinute(db: Db, filter: StatsFilter): Promise<(Sums & { minute: number })[]> {
  const rows = await filtered(db, filter)
    .select((eb) => ['minute', ...sumColumns(eb)])
    .groupBy('minute')
    .orderBy('minute')
    .execute();
  return rows.map((row) => ({ ...toSums(row as Record<string, unknown>), minute: Number(row.minute) }));
}

export async function sourceIps(db: Db, filter: StatsFilter): Promise<string[]> {
  const rows = await filtered(db, filter).select('source_ip').distinct().orderBy('source_ip').execute();
  return rows.map((r) => r.source_ip).filter((ip) => ip !== '');
}

/** Tokens written against a project's free quota since `sinceMs`. */
export async function quotaTokensSince(db: Db, projectId: string, sinceMs: number): Promise<number> {
  const row = await db
    .selectFrom('maas_call_stats')
    .select((eb) => eb.fn.sum('quota_tokens').as('tokens'))
    .where('project_id', '=', projectId)
    .where('minute', '>=', sinceMs)
    .executeTakeFirst();
  return Number(row?.tokens ?? 0);
}

/**
 * What a project's calls with API keys (one key's label, when given) cost since `sinceMs`, in nano-units: the spend
 * budgets count (calls made with a token, to a tenant's own service directly, are showback only).
 */
export async function keyCallsCostSince(db: Db, projectId: string, sinceMs: number, label?: string): Promise<number> {
  let query = db
    .selectFrom('maas_call_stats')
    .select((eb) => eb.fn.sum('cost_nanos').as('cost'))
    .where('project_id', '=', projectId)
    .where('minute', '>=', sinceMs);
  query = label === undefined ? query.where('api_key_label', '<>', '') : query.where('api_key_label', '=', label);
  const row = await query.executeTakeFirst();
  return Number(row?.cost ?? 0);
}
