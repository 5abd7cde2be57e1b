/** Where the data lives, read from AISP_DATABASE_URL. */
export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

export const acceptedDatabaseUrls =
  'postgres://... or postgresql://... (PostgreSQL), sqlite:<file> or a file path (SQLite)';

/** A URI scheme (RFC 3986) of two characters or more, so that a Windows drive letter (C:\data) reads as a path. */
const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]+:/;

/**
 * The database a URL names, decided by its scheme alone: postgres:// and postgresql:// are PostgreSQL, sqlite: and a
 * plain path SQLite. Any other scheme is refused rather than read as a file name: a misspelt `postgress://user:pass@...`
 * would otherwise start on a new SQLite file whose path holds the password. The message never repeats the URL.
 */
export function databaseLocation(databaseUrl: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return { kind: 'postgres', url: databaseUrl };
  const file = /^sqlite:/i.test(databaseUrl) ? databaseUrl.slice('sqlite:'.length) : databaseUrl;
  if (file === databaseUrl && schemePattern.test(databaseUrl)) {
    throw new Error(
      `AISP_DATABASE_URL (databaseUrl) has a scheme this service does not know; accepted: ${acceptedDatabaseUrls}. ` +
        '(The value is not shown: it may hold a password.)',
    );
  }
  if (file === '') throw new Error(`AISP_DATABASE_URL (databaseUrl) names no file; accepted: ${acceptedDatabaseUrls}.`);
  return { kind: 'sqlite', file };
}
