import { Batcher } from '../storage/batcher.js';
import { databaseAnswers, type Db } from '../storage/database.js';

interface KeyUse {
  accessKey: string;
  /** Epoch ms of the latest use. */
  at: number;
}

/**
 * When each access key was last used for AK/SK authentication. A use is noted in memory (no database write on the
 * request path) and written in batches every few seconds and on close (the shared `Batcher`); a write never moves a
 * key's time backwards, so instances sharing the database may flush in any order.
 */
export class AccessKeyUsage {
  private readonly batcher: Batcher<KeyUse>;

  constructor(db: Db, flushIntervalMs = 5000) {
    this.batcher = new Batcher<KeyUse>(
      {
        writeBatch: (uses) =>
          db.transaction().execute(async (trx) => {
            for (const use of uses) await writeUse(trx, use);
          }),
        writeOne: (use) => writeUse(db, use),
        reachable: () => databaseAnswers(db),
        merge: (into, use) => {
          into.at = Math.max(into.at, use.at);
        },
      },
      { flushMs: flushIntervalMs },
    );
    this.batcher.start();
  }

  record(accessKey: string, at = Date.now()): void {
    this.batcher.add(accessKey, { accessKey, at });
  }

  /** A use this instance has noted and not yet written (epoch ms). */
  unwritten(accessKey: string): number | undefined {
    return this.batcher.unwritten(accessKey)?.at;
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  close(): Promise<void> {
    return this.batcher.close();
  }
}

async function writeUse(db: Pick<Db, 'updateTable'>, { accessKey, at }: KeyUse): Promise<void> {
  await db
    .updateTable('access_keys')
    .set({ last_used_at: at })
    .where('access_key', '=', accessKey)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}
