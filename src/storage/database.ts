import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrations.js';

export type Db = Kysely<Database>;

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  let db: Db;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // BIGINT columns hold epoch milliseconds and counters, far below 2^53: read them as numbers, as SQLite does.
    pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const file = databaseUrl.replace(/^sqlite:/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    // WAL lets admin commands read and write while the server runs; NORMAL sync is durable across process crashes.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  await migrateToLatest(db);
  return db;
}

/** True when an insert failed on a unique constraint, in either engine. */
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
