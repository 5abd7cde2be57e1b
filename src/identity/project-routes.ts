import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { requirePermission, requireUser } from './caller.js';
import type { IdentityService } from './identity-service.js';
import { publicOrigin, unpagedLinks } from './links.js';
import { Permissions } from './permissions.js';
import { checkCreateProject } from './request-checks.js';
import { integerQuery } from './request-values.js';
import * as schemas from './schemas.js';

export interface ProjectRouteDeps {
  identity: IdentityService;
  publicUrl: string | undefined;
}

/**
 * A project as IAM shows it (AuthProjectResult, ProjectResult). Projects here are the cloud's region projects: flat
 * under their account, so the parent is the domain, and always enabled.
 */
function projectView<L>(project: { id: string; name: string }, domainId: string, links: L) {
  return {
    is_domain: false,
    description: '',
    links,
    enabled: true,
    id: project.id,
    parent_id: domainId,
    domain_id: domainId,
    name: project.name,
  };
}

function booleanQuery(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new ApiError('IAM.0002', name);
  return value === 'true';
}

/** KeystoneListProjects' query; `page` and `per_page` come together. */
function projectQuery(request: FastifyRequest) {
  const query = request.query as Record<string, string | undefined>;
  const page = integerQuery(query.page, 'page', 1, Number.MAX_SAFE_INTEGER);
  const perPage = integerQuery(query.per_page, 'per_page', 1, 5000);
  if ((page === undefined) !== (perPage === undefined)) throw new ApiError('IAM.0002', 'page and per_page');
  return {
    query,
    domainId: query.domain_id,
    name: query.name,
    parentId: query.parent_id,
    enabled: booleanQuery(query.enabled, 'enabled'),
    isDomain: booleanQuery(query.is_domain, 'is_domain'),
    paging: page !== undefined && perPage !== undefined ? { page, perPage } : undefined,
  };
}

const tags = ['Identity'];

/**
 * Projects and the caller's domain: create (iam:projects:manage), and the read APIs that any user of the account may
 * call, as IAM lets every user list its own projects and domain (the SDKs' project-id and domain-id discovery).
 */
export function registerProjectRoutes(app: FastifyInstance, deps: ProjectRouteDeps): void {
  const { identity } = deps;

  app.post(
    '/v3/projects',
    { config: { json: true }, schema: { tags, summary: 'Create a project', body: schemas.CreateProjectBody } },
    async (request, reply) => {
      const caller = requirePermission(request, Permissions.iamProjectManage, 'APIG.0302');
      const { name } = checkCreateProject(request.body).project;
      const project = await identity.directory.createProject(caller.accountId, name);
      const origin = publicOrigin(request, deps.publicUrl);
      return reply
        .status(201)
        .send({ project: projectView(project, caller.accountId, { self: `${origin}/v3/projects/${project.id}` }) });
    },
  );

  app.get(
    '/v3/projects',
    {
      schema: {
        tags,
        summary: "List the caller's projects (KeystoneListProjects; ?name= finds the one of that name)",
        querystring: schemas.ListProjectsQuery,
      },
    },
    async (request) => {
      const caller = requireUser(request);
      const filter = projectQuery(request);
      const accountId = caller.accountId;
      const origin = publicOrigin(request, deps.publicUrl);
      // Every project here is an enabled, non-domain child of its account: other filter values match none.
      const none =
        (filter.domainId !== undefined && filter.domainId !== accountId) ||
        (filter.parentId !== undefined && filter.parentId !== accountId) ||
        filter.enabled === false ||
        filter.isDomain === true;
      const all = none
        ? []
        : await identity.directory.listProjects(accountId, filter.name !== undefined ? { name: filter.name } : {});
      const pageUrl = (page: number) => {
        const query = new URLSearchParams(Object.entries(filter.query) as [string, string][]);
        query.set('page', String(page));
        return `${origin}/v3/projects?${query}`;
      };
      let projects = all;
      let links = unpagedLinks(`${origin}${request.url}`);
      if (filter.paging) {
        const { page, perPage } = filter.paging;
        projects = all.slice((page - 1) * perPage, page * perPage);
        links = {
          self: links.self,
          previous: page > 1 ? pageUrl(page - 1) : null,
          next: page * perPage < all.length ? pageUrl(page + 1) : null,
        };
      }
      return {
        links,
        projects: projects.map((p) => projectView(p, accountId, unpagedLinks(`${origin}/v3/projects/${p.id}`))),
      };
    },
  );

  app.get(
    '/v3/auth/projects',
    { schema: { tags, summary: 'List the projects the caller may scope a token to (KeystoneListAuthProjects)' } },
    async (request) => {
      const caller = requireUser(request);
      const origin = publicOrigin(request, deps.publicUrl);
      const projects = await identity.directory.listProjects(caller.accountId);
      return {
        links: { self: `${origin}/v3/auth/projects` },
        projects: projects.map((p) => projectView(p, caller.accountId, { self: `${origin}/v3/projects/${p.id}` })),
      };
    },
  );

  app.get(
    '/v3/auth/domains',
    { schema: { tags, summary: "The caller's domain (account), as KeystoneListAuthDomains lists it" } },
    async (request) => {
      const { principal } = requireUser(request);
      const origin = publicOrigin(request, deps.publicUrl);
      return {
        domains: [
          {
            enabled: true,
            id: principal.accountId,
            name: principal.accountName,
            links: { self: `${origin}/v3/domains/${principal.accountId}` },
            description: '',
          },
        ],
        links: { self: `${origin}/v3/auth/domains` },
      };
    },
  );
}
