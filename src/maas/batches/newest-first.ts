import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../storage/schema.js';

/** A row listed newest first, as OpenAI's lists of files and batches are. */
interface Listed {
  id: string;
  created_at: number;
}

/**
 * One page of an OpenAI list (newest first): `limit` rows after the row `cursor` (an `after` id looked up in the
 * same project), and whether more follow.
 */
export async function newestFirstPage<T extends 'maas_files' | 'maas_batches', R extends Listed>(
  query: SelectQueryBuilder<Database, T, R>,
  cursor: Listed | undefined,
  limit: number,
): Promise<{ rows: R[]; hasMore: boolean }> {
  let page = query as unknown as SelectQueryBuilder<Database, 'maas_files', R>;
  if (cursor !== undefined) {
    page = page.where((eb) =>
      eb.or([
        eb('created_at', '<', cursor.created_at),
        eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await page
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}
