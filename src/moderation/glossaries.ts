import type { Db } from '../storage/database.js';
import { isUniqueViolation, serializeOn } from '../storage/database.js';
import type { ModerationGlossariesTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { LookupCache } from '../storage/lookup-cache.js';
import type { TextRequestCategory } from './api-contract.js';
import {
  checkGlossaryFields,
  checkGlossaryUpdate,
  checkGlossaryUpdateWords,
  checkGlossaryWords,
} from './request-checks.js';
import { TermMatcher } from './text/matcher.js';
import type { CustomList } from './text/text-moderator.js';

/** Lexicons per text category, e.g. the operator's `politics` list: hits are reported under that category. */
export type CategoryLexicons = Partial<Record<TextRequestCategory, readonly string[]>>;

const glossaryLimits = { perProject: 100, words: 10_000, wordLength: 64 };

export interface GlossaryView {
  name: string;
  type: 'black' | 'white';
  /** A category lexicon: applied whenever that category is checked, its hits reported under it. */
  category?: string;
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
    ...(row.category ? { category: row.category } : {}),
    description: row.description,
    word_count: words.length,
    ...(withWords ? { words } : {}),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** Words as stored: trimmed, each once; their limits hold after that, so they are checked here, not by the schema. */
function parseWords(value: readonly string[]): string[] {
  const words = [...new Set(value.map((w) => w.trim()))];
  if (words.some((w) => w === '' || w.length > glossaryLimits.wordLength)) {
    throw new ApiError('AIS.0604', `each word must be 1 to ${glossaryLimits.wordLength} characters`);
  }
  if (words.length > glossaryLimits.words) throw new ApiError('AIS.0604', `at most ${glossaryLimits.words} words`);
  return words;
}

/** A glossary to create, as its create call gives it (checked). */
export interface NewGlossary {
  name: string;
  type: 'black' | 'white';
  description: string;
  /** A text category whose lexicon the glossary adds to (a black list), or null. */
  category: string | null;
  words: string[];
}

/** What an update changes; a field left out stays as it is. */
export interface GlossaryChanges {
  words?: string[];
  description?: string;
}

/**
 * A create call's body as a new glossary, by the route schema (errors/schema-check.ts): missing fields AIS.0011,
 * wrong ones AIS.0604 naming the rule, in the schema's order; then the words as stored (trimmed, each once).
 */
export function parseNewGlossary(body: Record<string, unknown>): NewGlossary {
  const fields = checkGlossaryFields(body);
  const type = fields.type ?? 'black';
  const category = fields.category ?? null;
  if (category !== null && type !== 'black') throw new ApiError('AIS.0604', 'a category lexicon is a black list');
  const words = parseWords(checkGlossaryWords(body).words);
  return { name: fields.name, type, description: fields.description ?? '', category, words };
}

/** An update call's body as changes (AIS.0604 for a wrong field, by the route schema). */
export function parseGlossaryChanges(body: Record<string, unknown>): GlossaryChanges {
  const newWords = checkGlossaryUpdateWords(body).words;
  const words = newWords === undefined ? undefined : parseWords(newWords);
  const { description } = checkGlossaryUpdate(body);
  return { ...(words ? { words } : {}), ...(description !== undefined ? { description: description as string } : {}) };
}

/** Per-project custom word lists (black: report as `customized`; white: suppress matches they contain). */
export class GlossaryStore {
  /** Compiled matchers by project and name, kept while their version is current. */
  private readonly compiled = new Map<
    string,
    { version: number; type: 'black' | 'white'; matcher: TermMatcher<string> }
  >();

  /** Each project's glossaries (name, type, category, version), read at most once a cache window. */
  private readonly projectGlossaries = new LookupCache<
    { name: string; type: 'black' | 'white'; category: string | null; version: number }[]
  >();
  private readonly operatorLists: CustomList[];

  constructor(
    private readonly db: Db,
    operatorLexicons: CategoryLexicons = {},
  ) {
    this.operatorLists = Object.entries(operatorLexicons).map(([category, words]) => ({
      name: `operator:${category}`,
      label: category as TextRequestCategory,
      matcher: new TermMatcher((words ?? []).map((term) => ({ term, tag: category }))),
    }));
  }

  async create(projectId: string, input: NewGlossary): Promise<GlossaryView> {
    const { name, type, description, category, words } = input;
    const now = Date.now();
    const row: ModerationGlossariesTable = {
      id: newId(),
      project_id: projectId,
      name,
      type,
      category,
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
    this.projectGlossaries.delete(projectId);
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

  async update(projectId: string, name: string, changes: GlossaryChanges): Promise<GlossaryView> {
    const current = await this.row(projectId, name);
    const { words, description } = changes;
    await this.db
      .updateTable('moderation_glossaries')
      .set({
        ...(words ? { words: JSON.stringify(words) } : {}),
        ...(description !== undefined ? { description } : {}),
        version: current.version + 1,
        updated_at: Date.now(),
      })
      .where('id', '=', current.id)
      .execute();
    this.projectGlossaries.delete(projectId);
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
    this.projectGlossaries.delete(projectId);
  }

  /**
   * The compiled lists a request names (an unknown name is a wrong parameter, AIS.0401), plus the category lexicons
   * of the categories checked: the operator's, and the project's own (glossaries with a `category`).
   */
  async matchers(
    projectId: string,
    names: readonly string[],
    categories: readonly string[] = [],
  ): Promise<{ black: CustomList[]; white: CustomList[] }> {
    const black: CustomList[] = [];
    const white: CustomList[] = [];
    if (names.length > 0) {
      const rows = await this.db
        .selectFrom('moderation_glossaries')
        .select(['name', 'type', 'version'])
        .where('project_id', '=', projectId)
        .where('name', 'in', [...names])
        .execute();
      for (const name of names) {
        const row = rows.find((r) => r.name === name);
        if (!row) throw new ApiError('AIS.0401');
        const entry = await this.compiledList(projectId, name, Number(row.version));
        (entry.type === 'white' ? white : black).push({ name, matcher: entry.matcher });
      }
    }
    if (categories.length > 0) {
      black.push(...this.operatorLists.filter((list) => categories.includes(list.label!)));
      for (const lexicon of await this.glossariesOf(projectId)) {
        if (!lexicon.category || !categories.includes(lexicon.category) || names.includes(lexicon.name)) continue;
        const entry = await this.compiledList(projectId, lexicon.name, lexicon.version);
        black.push({ name: lexicon.name, matcher: entry.matcher, label: lexicon.category as TextRequestCategory });
      }
    }
    return { black, white };
  }

  /**
   * Every glossary of the project (black, white and category lexicons) and the operator's lexicons of the categories
   * checked: what the MaaS content guard applies, since an inference call names no glossaries.
   */
  async allMatchers(
    projectId: string,
    categories: readonly string[],
  ): Promise<{ black: CustomList[]; white: CustomList[] }> {
    const black: CustomList[] = this.operatorLists.filter((list) => categories.includes(list.label!));
    const white: CustomList[] = [];
    for (const glossary of await this.glossariesOf(projectId)) {
      if (glossary.category && !categories.includes(glossary.category)) continue;
      const entry = await this.compiledList(projectId, glossary.name, glossary.version);
      const list: CustomList = { name: glossary.name, matcher: entry.matcher };
      if (glossary.category) list.label = glossary.category as TextRequestCategory;
      (entry.type === 'white' ? white : black).push(list);
    }
    return { black, white };
  }

  private async glossariesOf(projectId: string) {
    const rows = await this.projectGlossaries.get(projectId, async () =>
      (
        await this.db
          .selectFrom('moderation_glossaries')
          .select(['name', 'type', 'category', 'version'])
          .where('project_id', '=', projectId)
          .execute()
      ).map((r) => ({ name: r.name, type: r.type, category: r.category, version: Number(r.version) })),
    );
    return rows!;
  }

  /** A glossary compiled once per version: recompiled only when it changed, here or on another instance. */
  private async compiledList(projectId: string, name: string, version: number) {
    const key = `${projectId}/${name}`;
    let entry = this.compiled.get(key);
    if (!entry || entry.version !== version) {
      const full = await this.row(projectId, name);
      const words = JSON.parse(full.words) as string[];
      entry = {
        version: Number(full.version),
        type: full.type,
        matcher: new TermMatcher(words.map((term) => ({ term, tag: name }))),
      };
      this.compiled.set(key, entry);
    }
    return entry;
  }
}
