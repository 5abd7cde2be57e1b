import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { databaseLocation } from './database-url.js';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';
import { WriteLockingSqliteDialect } from './sqlite-dialect.js';

export type Db = Kysely<Database>;

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  let db: Db;
  const location = databaseLocation(databaseUrl);
  if (location.kind === 'postgres') {
    // BIGINT columns hold epoch milliseconds and counters, far below 2^53: read them as numbers, as SQLite does.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle connection the server dropped (a restart) is an 'error' event, fatal when no one listens: the pool
    // replaces the connection, and the next query that cannot reach the server fails and is reported where it runs.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const file = location.file;
    if (file !== ':memory:') createOwnerOnly(file);
    const sqlite = new SQLite(file);
    // WAL lets admin commands read and write while the server runs; NORMAL sync is durable across process crashes.
    // SQLite creates the -wal and -shm files with the database file's permissions, so they are owner-only too.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Short: better-sqlite3 waits synchronously; longer waits are asynchronous retries (WriteLockingSqliteDialect).
    sqlite.pragma('busy_timeout = 20');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: sqlite }) });
  }
  await migrateToLatest(db);
  return db;
}

/**
 * The database holds password hashes and encrypted secrets: its folder and file are readable by the owner alone,
 * like the master key beside them, whatever the umask (an existing file is tightened too).
 */
function createOwnerOnly(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(name)) chmodSync(name, 0o600);
}

/** True when an insert failed on a unique constraint, in either engine. */
/** Whether the database answers at all (a batch it refuses is then its rows' fault, not the connection's). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === '23505';
}

/**
 * Serialises transactions that check a limit and then insert (quotas, unfinished jobs, one job per stream) on one
 * key. SQLite runs one write transaction at a time already; PostgreSQL takes a transaction-scoped advisory lock, so
 * that two concurrent transactions cannot both see room for one more row.
 */
export async function serializeOn(trx: Kysely<Database>, key: string): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  }
}
