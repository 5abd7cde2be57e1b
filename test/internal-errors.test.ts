import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { signRequest } from '../src/identity/aksk-signature.js';
import { expectError, request, startServer, testPostgresUrl } from './helpers/server.js';

describe("internal failures answer the family's code, never a stack trace", () => {
  it('answers AIS.0405 for corrupt data and AIS.0003 when storage fails', async () => {
    const s = await startServer();
    try {
      const t = await s.token();
      const glossaries = `/v3/${s.projectId}/moderation/glossaries`;
      await s.call('POST', glossaries, { token: t, body: { name: 'list', words: ['x1'] } });
      // Corrupt the stored list behind the service's back: reading it is a bug-class failure.
      await s.platform.db.updateTable('moderation_glossaries').set({ words: '{not json', version: 99 }).execute();
      const res = await s.call('POST', `/v3/${s.projectId}/moderation/text`, {
        token: t,
        body: { event_type: 'comment', glossary_names: ['list'], data: { text: 'hi' } },
      });
      expectError(res, 400, 'AIS.0405', 'An internal error occurs.');
      assert.doesNotMatch(res.text, /SyntaxError|at .*\.js/);

      // A database that refuses writes (full disk, read-only) is a service failure: a trigger makes it refuse.
      if (testPostgresUrl) {
        await sql`CREATE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END $$ LANGUAGE plpgsql`.execute(
          s.platform.db,
        );
        await sql`CREATE TRIGGER refuse BEFORE INSERT ON moderation_glossaries FOR EACH ROW EXECUTE FUNCTION refuse_writes()`.execute(
          s.platform.db,
        );
      } else {
        await sql`CREATE TRIGGER refuse BEFORE INSERT ON moderation_glossaries BEGIN SELECT RAISE(ABORT, 'disk full'); END`.execute(
          s.platform.db,
        );
      }
      const readOnly = await s.call('POST', glossaries, { token: t, body: { name: 'another', words: ['y'] } });
      expectError(readOnly, 400, 'AIS.0003', 'Failed to complete the request because of an internal service error.');
    } finally {
      await s.close();
    }
  });

  it('answers ModelArts.4107 for temporary AK/SK, which need a token service this platform does not run', async () => {
    const s = await startServer();
    try {
      const url = `/v1/${s.projectId}/services`;
      const headers = signRequest(
        { method: 'GET', url, headers: { 'x-security-token': 'temporary-session-token' }, body: '', host: 'x' },
        s.accessKey,
        s.secretKey,
      );
      expectError(
        await request(s.baseUrl, 'GET', url, { headers }),
        400,
        'ModelArts.4107',
        'An exception occurred when obtaining the temporary AK/SK.',
      );
    } finally {
      await s.close();
    }
  });
});
