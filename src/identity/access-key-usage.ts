import type { Db } from '../storage/database.js';

/**
 * When each access key was last used for AK/SK authentication. A use is noted in memory (no database write on the
 * request path) and written in batches every few seconds and on close; a write never moves a key's time backwards,
 * so instances sharing the database may flush in any order.
 */
export class AccessKeyUsage {
  private pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    flushIntervalMs = 5000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), flushIntervalMs);
    this.timer.unref();
  }

  record(accessKey: string, at = Date.now()): void {
    this.pending.set(accessKey, Math.max(at, this.pending.get(accessKey) ?? 0));
  }

  /** A use this instance has noted and not yet written (epoch ms). */
  unwritten(accessKey: string): number | undefined {
    return this.pending.get(accessKey);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    for (let i = 0; i < batch.length; i++) {
      const [accessKey, at] = batch[i]!;
      try {
        await this.db
          .updateTable('access_keys')
          .set({ last_used_at: at })
          .where('access_key', '=', accessKey)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .execute();
      } catch (error) {
        // The database is away: keep what is not written for the next flush.
        for (const [key, time] of batch.slice(i)) this.record(key, time);
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
