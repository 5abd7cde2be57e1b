import { sql } from 'kysely';
import { databaseAnswers, type Db } from '../storage/database.js';
import { ApiError } from '../errors/api-error.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { Batcher } from '../storage/batcher.js';

export const moderationServices = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'video_stream',
  'audio_stream',
] as const;
export type ModerationService = (typeof moderationServices)[number];

export interface ModerationSettings {
  subscribed: boolean;
  services: ModerationService[];
  /** null: no monthly limit. */
  monthlyFreeCalls: number | null;
}

let monthCache = { until: 0, month: '' };
/** 'YYYY-MM' in UTC, computed at most once a second (it is read on every call). */
function currentMonth(): string {
  const now = Date.now();
  if (now >= monthCache.until) monthCache = { until: now + 1000, month: new Date(now).toISOString().slice(0, 7) };
  return monthCache.month;
}

/**
 * Who may call Content Moderation and how much: subscription (AIS.0004), enabled services (AIS.0007) and the
 * monthly free calls (AIS.0032) per project. Calls are counted in memory and added to the database every second
 * (one upsert per project and service, by the shared `Batcher`), so counting costs no write on the request path; several instances add
 * their own counts to the same rows.
 */
export class ModerationAccess {
  private readonly settingsCache = new LookupCache<ModerationSettings>();
  /** Calls stored for a project and month; re-read at most once a second (pending counts are added on top). */
  private readonly persisted = new LookupCache<number>({ ttlMs: 1000 });
  private readonly calls: Batcher<UsageRow>;

  constructor(
    private readonly db: Db,
    private readonly defaults: ModerationSettings,
  ) {
    this.calls = new Batcher<UsageRow>(
      {
        writeBatch: (rows) =>
          db.transaction().execute(async (trx) => {
            for (const row of rows) await addUsage(trx, row);
          }),
        writeOne: (row) => addUsage(db, row),
        reachable: () => databaseAnswers(db),
        merge: (into, row) => {
          into.calls += row.calls;
        },
        written: (rows) => {
          for (const row of rows) this.persisted.delete(`${row.projectId}|${row.month}`);
        },
      },
      { flushMs: 1000 },
    );
    this.calls.start();
  }

  async settings(projectId: string): Promise<ModerationSettings> {
    const settings = await this.settingsCache.get(projectId, async () => {
      const row = await this.db
        .selectFrom('moderation_projects')
        .selectAll()
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      return row
        ? {
            subscribed: row.subscribed === 1,
            services: JSON.parse(row.enabled_services),
            monthlyFreeCalls: row.monthly_free_calls === null ? null : Number(row.monthly_free_calls),
          }
        : this.defaults;
    });
    return settings!;
  }

  async updateSettings(projectId: string, patch: Partial<ModerationSettings>): Promise<ModerationSettings> {
    const next = { ...(await this.settings(projectId)), ...patch };
    const row = {
      project_id: projectId,
      subscribed: next.subscribed ? 1 : 0,
      enabled_services: JSON.stringify(next.services),
      monthly_free_calls: next.monthlyFreeCalls,
      updated_at: Date.now(),
    };
    await this.db
      .insertInto('moderation_projects')
      .values(row)
      .onConflict((oc) =>
        oc.column('project_id').doUpdateSet({
          subscribed: row.subscribed,
          enabled_services: row.enabled_services,
          monthly_free_calls: row.monthly_free_calls,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    this.settingsCache.delete(projectId);
    return next;
  }

  /** Refuses the call when the project may not make it; counts nothing (see record). */
  async admit(projectId: string, service: ModerationService): Promise<void> {
    const settings = await this.settings(projectId);
    if (!settings.subscribed) throw new ApiError('AIS.0004');
    if (!settings.services.includes(service)) throw new ApiError('AIS.0007');
    if (settings.monthlyFreeCalls !== null && (await this.callsThisMonth(projectId)) >= settings.monthlyFreeCalls) {
      throw new ApiError('AIS.0032');
    }
  }

  /** Counts one completed call; failed calls do not use up free calls. */
  record(projectId: string, service: ModerationService, month = currentMonth()): void {
    this.calls.add(`${projectId}|${month}|${service}`, { projectId, month, service, calls: 1 });
  }

  async callsThisMonth(projectId: string, month = currentMonth()): Promise<number> {
    const stored = (await this.persisted.get(`${projectId}|${month}`, async () => {
      const row = await this.db
        .selectFrom('moderation_usage')
        .select((eb) => eb.fn.sum<number>('calls').as('calls'))
        .where('project_id', '=', projectId)
        .where('month', '=', month)
        .executeTakeFirst();
      return Number(row?.calls ?? 0);
    }))!;
    let pending = 0;
    for (const entry of this.calls.rows('waiting'))
      if (entry.projectId === projectId && entry.month === month) pending += entry.calls;
    return stored + pending;
  }

  async usage(projectId: string, month = currentMonth()): Promise<Record<string, number>> {
    await this.flush();
    const rows = await this.db
      .selectFrom('moderation_usage')
      .select(['service', 'calls'])
      .where('project_id', '=', projectId)
      .where('month', '=', month)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.service, Number(r.calls)]));
  }

  flush(): Promise<void> {
    return this.calls.flush();
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}

interface UsageRow {
  projectId: string;
  month: string;
  service: string;
  calls: number;
}

/** Adds a batch's calls to the month's row: several instances add their own counts to the same rows. */
async function addUsage(db: Pick<Db, 'insertInto'>, row: UsageRow): Promise<void> {
  await db
    .insertInto('moderation_usage')
    .values({ project_id: row.projectId, month: row.month, service: row.service, calls: row.calls })
    .onConflict((oc) =>
      oc.columns(['project_id', 'month', 'service']).doUpdateSet({ calls: sql`moderation_usage.calls + ${row.calls}` }),
    )
    .execute();
}
