import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/** How long a statement may wait for another process's write lock before it is refused as a storage failure. */
const busyWaitMs = 5000;

function isBusy(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown } | null)?.code === 'string' &&
    (error as { code: string }).code.startsWith('SQLITE_BUSY')
  );
}

/** Runs `attempt` until it is not refused as busy, waiting between tries without blocking the event loop. */
async function retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + busyWaitMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

/**
 * Kysely's SQLite driver, for a file that another process may write too (an admin command beside the server):
 * transactions begin IMMEDIATE, taking the write lock up front, because a deferred transaction that reads and then
 * writes cannot wait for the lock (SQLite refuses the upgrade at once); and a statement refused as busy is tried
 * again after a short asynchronous wait (the connection's own busy timeout is kept short, since better-sqlite3 waits
 * synchronously and would stall the event loop).
 */
class WriteLockingSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await retryWhileBusy(() => connection.executeQuery(CompiledQuery.raw('begin immediate')));
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
        retryWhileBusy(() => connection.executeQuery<R>(query)),
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
}

export class WriteLockingSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new WriteLockingSqliteDriver(this.settings);
  }
}
