import { sql } from 'kysely';
import type { Db } from '../storage/database.js';

export interface UsageRecord {
  promptTokens: number;
  completionTokens: number;
  failed: boolean;
}

export interface UsageTotals {
  calls: number;
  failed_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** Usage per endpoint and UTC day: calls, failed calls and tokens in and out, as upstream reported them. */
export class UsageMeter {
  constructor(private readonly db: Db) {}

  async record(projectId: string, endpointId: string, usage: UsageRecord, now = new Date()): Promise<void> {
    const row = {
      project_id: projectId,
      endpoint_id: endpointId,
      day: now.toISOString().slice(0, 10),
      calls: 1,
      failed_calls: usage.failed ? 1 : 0,
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
    };
    await this.db
      .insertInto('maas_usage')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'endpoint_id', 'day']).doUpdateSet({
          calls: sql`maas_usage.calls + 1`,
          failed_calls: sql`maas_usage.failed_calls + ${row.failed_calls}`,
          prompt_tokens: sql`maas_usage.prompt_tokens + ${row.prompt_tokens}`,
          completion_tokens: sql`maas_usage.completion_tokens + ${row.completion_tokens}`,
        }),
      )
      .execute();
  }

  /** Tokens in and out of an endpoint in the current UTC month, for its quota. */
  async tokensThisMonth(projectId: string, endpointId: string, now = new Date()): Promise<number> {
    const month = now.toISOString().slice(0, 7);
    const row = await this.db
      .selectFrom('maas_usage')
      .select((eb) => [
        eb.fn.sum<number>('prompt_tokens').as('prompt'),
        eb.fn.sum<number>('completion_tokens').as('completion'),
      ])
      .where('project_id', '=', projectId)
      .where('endpoint_id', '=', endpointId)
      .where('day', '>=', `${month}-01`)
      .where('day', '<=', `${month}-31`)
      .executeTakeFirst();
    return Number(row?.prompt ?? 0) + Number(row?.completion ?? 0);
  }

  async daily(projectId: string, endpointId: string, from: string, to: string) {
    const rows = await this.db
      .selectFrom('maas_usage')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('endpoint_id', '=', endpointId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute();
    const days = rows.map((r) => ({
      day: r.day,
      calls: Number(r.calls),
      failed_calls: Number(r.failed_calls),
      prompt_tokens: Number(r.prompt_tokens),
      completion_tokens: Number(r.completion_tokens),
      total_tokens: Number(r.prompt_tokens) + Number(r.completion_tokens),
    }));
    const totals: UsageTotals = { calls: 0, failed_calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    for (const d of days) {
      totals.calls += d.calls;
      totals.failed_calls += d.failed_calls;
      totals.prompt_tokens += d.prompt_tokens;
      totals.completion_tokens += d.completion_tokens;
      totals.total_tokens += d.total_tokens;
    }
    return { totals, days };
  }
}
