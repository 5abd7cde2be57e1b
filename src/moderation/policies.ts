import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { answerInOrder, answers, type CheckedKind, type OrderedCheck } from '../errors/schema-answers.js';
import { compileFailureList } from '../errors/schema-check.js';
import { Permissions } from '../identity/index.js';
import type { Db } from '../storage/database.js';
import { LookupCache } from '../storage/lookup-cache.js';
import { admitModeration, jsonRoute } from './admit.js';
import { requestCategories } from './api-contract.js';
import { requiredString, stringList } from './request-fields.js';

/**
 * A `biz_type` policy: what the cloud's console keeps as a named moderation policy. A request naming one is checked
 * by its settings, which win over the request's own `event_type` and categories (as documented); glossaries named in
 * the request are added to the policy's.
 */
export interface Policy {
  text_categories: string[];
  image_categories: string[];
  audio_categories: string[];
  glossary_names: string[];
  white_glossary_names: string[];
  /**
   * The project's image libraries the policy applies (an extension); none named: all of them. The operator's
   * libraries apply whatever a policy names. Absent in policies saved before libraries existed.
   */
  image_library_names?: string[];
}

/** The policy a request's `biz_type` names, if any (read through the project's policy store when called). */
export function policyOf(policies: PolicyStore, projectId: string, body: Record<string, unknown>) {
  return async () => {
    if (body.biz_type === undefined || body.biz_type === null || body.biz_type === '') return undefined;
    return policies.resolve(projectId, requiredString(body.biz_type));
  };
}

/**
 * The glossaries a moderation request applies (sync calls and jobs alike): the policy's black lists and then the
 * request's `glossary_names`, the policy's white lists and then the request's `white_glossary_names` (10 names at
 * most each, AIS.0401).
 */
export function requestGlossaries(
  body: Record<string, unknown>,
  policy?: Policy,
): { black: string[]; white: string[] } {
  const black = [...(policy?.glossary_names ?? []), ...stringList(body.glossary_names, 10)];
  const white = [...(policy?.white_glossary_names ?? []), ...stringList(body.white_glossary_names, 10)];
  return { black, white };
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const perProject = 100;

const categories = (allowed: readonly string[]) =>
  Type.Optional(
    Type.Union([Type.Array(Type.Union(allowed.map((c) => Type.Literal(c))), { maxItems: 20 }), Type.Null()]),
  );
const names = Type.Optional(Type.Union([Type.Array(Type.String(), { maxItems: 20 }), Type.Null()]));

export const PolicyBody = Type.Object({
  text_categories: categories(requestCategories.text),
  image_categories: categories(requestCategories.image),
  audio_categories: categories(requestCategories.audio),
  glossary_names: names,
  white_glossary_names: names,
  image_library_names: names,
});

const code = (error: 'AIS.0011' | 'AIS.0401' | 'AIS.0012', kinds: readonly CheckedKind[], path: string) =>
  answers(path, kinds, () => new ApiError(error));
/** A list field: the list's type and length, and its items' types (AIS.0401), before any item's value (AIS.0012). */
const listChecks = (field: string, valued: boolean): OrderedCheck[] => [
  code('AIS.0401', ['type', 'range'], `/${field}`),
  code('AIS.0401', ['type', 'null'], `/${field}/*`),
  ...(valued ? [code('AIS.0012', ['enum'], `/${field}/*`)] : []),
];
const policyFailures = compileFailureList(PolicyBody);
const policyChecks: OrderedCheck[] = [
  // The body itself: null is a missing one, another type a wrong one (a JSON route's body is an object).
  code('AIS.0011', ['null'], ''),
  code('AIS.0401', ['type'], ''),
  ...listChecks('text_categories', true),
  ...listChecks('image_categories', true),
  ...listChecks('audio_categories', true),
  ...listChecks('glossary_names', false),
  ...listChecks('white_glossary_names', false),
  ...listChecks('image_library_names', false),
];

/** A put call's name and body as a policy: a malformed name, then a wrong field, are AIS.0401, field by field. */
export function parsePolicy(name: string, raw: unknown): Policy {
  if (!namePattern.test(name)) throw new ApiError('AIS.0401');
  answerInOrder(policyFailures(raw), policyChecks);
  const body = raw as Static<typeof PolicyBody>;
  const unique = (list: string[] | null | undefined) => [...new Set(list ?? [])];
  return {
    text_categories: unique(body.text_categories),
    image_categories: unique(body.image_categories),
    audio_categories: unique(body.audio_categories),
    glossary_names: body.glossary_names ?? [],
    white_glossary_names: body.white_glossary_names ?? [],
    image_library_names: body.image_library_names ?? [],
  };
}

export class PolicyStore {
  private readonly cache = new LookupCache<Policy>();

  constructor(private readonly db: Db) {}

  /** The policy a request names: an unknown name is an incorrect parameter (AIS.0401). */
  async resolve(projectId: string, name: string): Promise<Policy> {
    const policy = await this.cache.get(`${projectId}/${name}`, async () => {
      const row = await this.db
        .selectFrom('moderation_policies')
        .select('settings')
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? (JSON.parse(row.settings) as Policy) : null;
    });
    if (!policy) throw new ApiError('AIS.0401');
    return policy;
  }

  async put(projectId: string, name: string, policy: Policy): Promise<Policy> {
    if (!namePattern.test(name)) throw new ApiError('AIS.0401');
    const { count } = await this.db
      .selectFrom('moderation_policies')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('project_id', '=', projectId)
      .where('name', '!=', name)
      .executeTakeFirstOrThrow();
    if (Number(count) >= perProject) throw new ApiError('AIS.0401');
    const row = { project_id: projectId, name, settings: JSON.stringify(policy), updated_at: Date.now() };
    await this.db
      .insertInto('moderation_policies')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'name']).doUpdateSet({ settings: row.settings, updated_at: row.updated_at }),
      )
      .execute();
    this.cache.delete(`${projectId}/${name}`);
    return policy;
  }

  async list(projectId: string) {
    const rows = await this.db
      .selectFrom('moderation_policies')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ name: r.name, ...(JSON.parse(r.settings) as Policy) }));
  }

  async delete(projectId: string, name: string): Promise<void> {
    const result = await this.db
      .deleteFrom('moderation_policies')
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .executeTakeFirst();
    this.cache.delete(`${projectId}/${name}`);
    if (Number(result.numDeletedRows) === 0) throw new ApiError('AIS.0401');
  }
}

/** `/v3/{project_id}/moderation/biz-types[/{name}]`: the policies `biz_type` names (a documented extension). */
export function registerPolicyRoutes(app: FastifyInstance, policies: PolicyStore, bodyLimitBytes: number): void {
  const base = '/v3/:project_id/moderation/biz-types';
  const tags = ['Content Moderation extensions'];
  const nameOf = (params: unknown) => (params as { name: string }).name;
  app.put(
    `${base}/:name`,
    {
      config: jsonRoute(bodyLimitBytes),
      schema: {
        tags,
        summary: 'Create or replace a biz_type policy (categories per medium, glossaries, image libraries)',
        body: PolicyBody,
      },
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationPolicy);
      const name = nameOf(request.params);
      return { name, ...(await policies.put(projectId, name, parsePolicy(name, body))) };
    },
  );
  app.get(base, { schema: { tags, summary: 'List biz_type policies' } }, async (request) => {
    const { projectId } = admitModeration(request, Permissions.moderationPolicy);
    const list = await policies.list(projectId);
    return { total: list.length, biz_types: list };
  });
  app.get(`${base}/:name`, { schema: { tags, summary: 'Show a biz_type policy' } }, async (request) => {
    const { projectId } = admitModeration(request, Permissions.moderationPolicy);
    return { name: nameOf(request.params), ...(await policies.resolve(projectId, nameOf(request.params))) };
  });
  app.delete(`${base}/:name`, { schema: { tags, summary: 'Delete a biz_type policy' } }, async (request, reply) => {
    const { projectId } = admitModeration(request, Permissions.moderationPolicy);
    await policies.delete(projectId, nameOf(request.params));
    return reply.status(204).send();
  });
}
