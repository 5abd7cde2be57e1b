import { ApiError } from '../errors/api-error.js';
import type { Db } from '../storage/database.js';
import { LookupCache } from '../storage/lookup-cache.js';
import type { CallStatistics } from './statistics/call-stats.js';
import { quotaTokensSince } from './statistics/stats-queries.js';

function monthStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/**
 * The operator's MaaS settings of a project (the maas_projects table): its free token quota per calendar month (UTC)
 * on operator models (ModelArts.81005 once used up), and its monthly budget (enforced by budgets/call-budgets.ts). Usage comes from the call statistics: what is written (cached for the lookup window, and dropped as soon as
 * this instance writes) plus what this instance has counted and not yet written. A call in flight is not counted
 * until it ends, so parallel calls may overshoot the quota by what they use.
 */
export class FreeTokenQuota {
  private readonly limits = new LookupCache<{ tokens: number | null; budgetNanos: number | null }>({ max: 50_000 });
  private readonly written = new LookupCache<{ tokens: number; writes: number; month: number }>({ max: 50_000 });

  constructor(
    private readonly db: Db,
    private readonly stats: CallStatistics,
    private readonly defaultMonthlyTokens: number | null,
  ) {}

  private async settings(projectId: string) {
    const entry = await this.limits.get(projectId, async () => {
      const row = await this.db
        .selectFrom('maas_projects')
        .select(['monthly_free_tokens', 'monthly_budget_nanos'])
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      return {
        tokens: row
          ? row.monthly_free_tokens === null
            ? null
            : Number(row.monthly_free_tokens)
          : this.defaultMonthlyTokens,
        budgetNanos: row?.monthly_budget_nanos == null ? null : Number(row.monthly_budget_nanos),
      };
    });
    return entry!;
  }

  async monthlyTokens(projectId: string): Promise<number | null> {
    return (await this.settings(projectId)).tokens;
  }

  /** The project's monthly budget (nano-units of the prices' currency), null for none; cached for the lookup window. */
  async monthlyBudgetNanos(projectId: string): Promise<number | null> {
    return (await this.settings(projectId)).budgetNanos;
  }

  async setMonthlyBudget(projectId: string, nanos: number | null): Promise<void> {
    const now = Date.now();
    // A new row keeps the free tokens the project had (the platform's default).
    const tokens = await this.monthlyTokens(projectId);
    await this.db
      .insertInto('maas_projects')
      .values({ project_id: projectId, monthly_free_tokens: tokens, monthly_budget_nanos: nanos, updated_at: now })
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ monthly_budget_nanos: nanos, updated_at: now }))
      .execute();
    this.limits.delete(projectId);
  }

  async setMonthlyTokens(projectId: string, tokens: number | null): Promise<void> {
    const now = Date.now();
    await this.db
      .insertInto('maas_projects')
      .values({ project_id: projectId, monthly_free_tokens: tokens, monthly_budget_nanos: null, updated_at: now })
      .onConflict((oc) => oc.column('project_id').doUpdateSet({ monthly_free_tokens: tokens, updated_at: now }))
      .execute();
    this.limits.delete(projectId);
  }

  async usedThisMonth(projectId: string, now = Date.now()): Promise<number> {
    const month = monthStart(now);
    const load = async () => ({
      writes: this.stats.writeCount,
      tokens: await quotaTokensSince(this.db, projectId, month),
      month,
    });
    let written = (await this.written.get(projectId, load))!;
    if (written.writes !== this.stats.writeCount || written.month !== month) {
      this.written.delete(projectId);
      written = (await this.written.get(projectId, load))!;
    }
    return written.tokens + this.stats.pendingQuotaTokens(projectId, month);
  }

  /** Refuses a call on an operator model once the project's free tokens of the month are used up. */
  async enforce(projectId: string): Promise<void> {
    const limit = await this.monthlyTokens(projectId);
    if (limit === null) return;
    if ((await this.usedThisMonth(projectId)) >= limit) throw new ApiError('ModelArts.81005');
  }
}
