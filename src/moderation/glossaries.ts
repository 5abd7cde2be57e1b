import type { Db } from '../storage/database.js';
import { isUniqueViolation, serializeOn } from '../storage/database.js';
import type { ModerationGlossariesTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { TermMatcher } from './text/matcher.js';
import type { CustomList } from './text/text-moderator.js';

export const glossaryLimits = { perProject: 100, words: 10_000, wordLength: 64 };
const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface GlossaryView {
  name: string;
  type: 'black' | 'white';
  description: string;
  word_count: number;
  words?: string[];
  created_at: string;
  updated_at: string;
}

function toView(row: ModerationGlossariesTable, withWords: boolean): GlossaryView {
  const words = JSON.parse(row.words) as string[];
  return {
    name: row.name,
    type: row.type,
    description: row.description,
    word_count: words.length,
    ...(withWords ? { words } : {}),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

function parseWords(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ApiError('AIS.0604', 'words must be an array of strings');
  const words = [...new Set(value.map((w) => (typeof w === 'string' ? w.trim() : '')))];
  if (words.some((w) => w === '' || w.length > glossaryLimits.wordLength)) {
    throw new ApiError('AIS.0604', `each word must be 1 to ${glossaryLimits.wordLength} characters`);
  }
  if (words.length > glossaryLimits.words) throw new ApiError('AIS.0604', `at most ${glossaryLimits.words} words`);
  return words;
}

/** Per-project custom word lists (black: report as `customized`; white: suppress matches they contain). */
export class GlossaryStore {
  /** Compiled matchers by project and name, kept while their version is current. */
  private readonly compiled = new Map<
    string,
    { version: number; type: 'black' | 'white'; matcher: TermMatcher<string> }
  >();

  constructor(private readonly db: Db) {}

  async create(projectId: string, body: Record<string, unknown>): Promise<GlossaryView> {
    const name = body.name;
    if (name === undefined || body.words === undefined) throw new ApiError('AIS.0011');
    if (typeof name !== 'string' || !namePattern.test(name))
      throw new ApiError('AIS.0604', 'name must be 1 to 64 letters, digits, ".", "_" or "-"');
    const type = body.type ?? 'black';
    if (type !== 'black' && type !== 'white') throw new ApiError('AIS.0604', 'type must be black or white');
    const description = body.description ?? '';
    if (typeof description !== 'string' || description.length > 255)
      throw new ApiError('AIS.0604', 'description must be a string of at most 255 characters');
    const words = parseWords(body.words);
    const now = Date.now();
    const row: ModerationGlossariesTable = {
      id: newId(),
      project_id: projectId,
      name,
      type,
      words: JSON.stringify(words),
      description,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await serializeOn(trx, `moderation_glossaries:${projectId}`);
        const { count } = await trx
          .selectFrom('moderation_glossaries')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow();
        if (Number(count) >= glossaryLimits.perProject) throw new ApiError('AIS.0603');
        await trx.insertInto('moderation_glossaries').values(row).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('AIS.0602', name);
      throw error;
    }
    return toView(row, true);
  }

  private async row(projectId: string, name: string): Promise<ModerationGlossariesTable> {
    const row = await this.db
      .selectFrom('moderation_glossaries')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new ApiError('AIS.0601', name);
    return row;
  }

  async get(projectId: string, name: string): Promise<GlossaryView> {
    return toView(await this.row(projectId, name), true);
  }

  async list(projectId: string): Promise<GlossaryView[]> {
    const rows = await this.db
      .selectFrom('moderation_glossaries')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    return rows.map((r) => toView(r, false));
  }

  async update(projectId: string, name: string, body: Record<string, unknown>): Promise<GlossaryView> {
    const current = await this.row(projectId, name);
    const words = body.words === undefined ? undefined : parseWords(body.words);
    const description = body.description;
    if (description !== undefined && (typeof description !== 'string' || description.length > 255)) {
      throw new ApiError('AIS.0604', 'description must be a string of at most 255 characters');
    }
    await this.db
      .updateTable('moderation_glossaries')
      .set({
        ...(words ? { words: JSON.stringify(words) } : {}),
        ...(description !== undefined ? { description: description as string } : {}),
        version: current.version + 1,
        updated_at: Date.now(),
      })
      .where('id', '=', current.id)
      .execute();
    return this.get(projectId, name);
  }

  async delete(projectId: string, name: string): Promise<void> {
    const result = await this.db
      .deleteFrom('moderation_glossaries')
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new ApiError('AIS.0601', name);
    this.compiled.delete(`${projectId}/${name}`);
  }

  /**
   * The compiled lists a request names. One query reads their versions; a list is recompiled only when it changed,
   * here or on another instance. An unknown name is a wrong parameter (AIS.0401).
   */
  async matchers(projectId: string, names: readonly string[]): Promise<{ black: CustomList[]; white: CustomList[] }> {
    if (names.length === 0) return { black: [], white: [] };
    const rows = await this.db
      .selectFrom('moderation_glossaries')
      .select(['name', 'type', 'version'])
      .where('project_id', '=', projectId)
      .where('name', 'in', [...names])
      .execute();
    const black: CustomList[] = [];
    const white: CustomList[] = [];
    for (const name of names) {
      const row = rows.find((r) => r.name === name);
      if (!row) throw new ApiError('AIS.0401');
      const key = `${projectId}/${name}`;
      let entry = this.compiled.get(key);
      if (!entry || entry.version !== Number(row.version)) {
        const full = await this.row(projectId, name);
        const words = JSON.parse(full.words) as string[];
        entry = {
          version: Number(full.version),
          type: full.type,
          matcher: new TermMatcher(words.map((term) => ({ term, tag: name }))),
        };
        this.compiled.set(key, entry);
      }
      (entry.type === 'white' ? white : black).push({ name, matcher: entry.matcher });
    }
    return { black, white };
  }
}
