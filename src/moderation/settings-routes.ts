import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import { admitModeration, jsonRoute } from './admit.js';
import type { ModerationAccess, ModerationService } from './access.js';
import { type GlossaryStore, parseGlossaryChanges, parseNewGlossary } from './glossaries.js';
import { checkModerationSettings } from './request-checks.js';
import * as schemas from './schemas.js';

export interface SettingsRouteDeps {
  access: ModerationAccess;
  glossaries: GlossaryStore;
  bodyLimitBytes: number;
  /** Whether a project id names a project (the operator's settings are refused for unknown ones). */
  projectExists(projectId: string): Promise<boolean>;
}

const tags = ['Content Moderation'];
/**
 * A project's moderation settings, this platform's extensions of the API: its glossaries, its calls this month, and
 * the operator's routes for its subscription, services and monthly free calls. (The cloud's own operations are in
 * sync-routes.ts and jobs/job-routes.ts; object-storage settings in object-storage-routes.ts.)
 */
export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRouteDeps): void {
  const base = '/v3/:project_id/moderation';

  // ---- glossaries -----------------------------------------------------------------------------------------------
  const glossaries = `${base}/glossaries`;
  app.post(
    glossaries,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: {
        tags,
        summary: 'Create a custom glossary (black or white list)',
        params: schemas.ProjectParams,
        body: schemas.GlossaryCreate,
      },
    },
    async (request, reply) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationGlossary);
      return reply.status(201).send(await deps.glossaries.create(projectId, parseNewGlossary(body)));
    },
  );
  app.get(
    glossaries,
    { schema: { tags, summary: 'List custom glossaries', params: schemas.ProjectParams } },
    async (request) => {
      const { projectId } = admitModeration(request, Permissions.moderationGlossary);
      const list = await deps.glossaries.list(projectId);
      return { total: list.length, glossaries: list };
    },
  );
  app.get(
    `${glossaries}/:name`,
    { schema: { tags, summary: 'Show a custom glossary with its words', params: schemas.GlossaryParams } },
    async (request) => {
      const { projectId } = admitModeration(request, Permissions.moderationGlossary);
      return deps.glossaries.get(projectId, (request.params as { name: string }).name);
    },
  );
  app.put(
    `${glossaries}/:name`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: {
        tags,
        summary: "Replace a glossary's words or description",
        params: schemas.GlossaryParams,
        body: schemas.GlossaryUpdate,
      },
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationGlossary);
      const name = (request.params as { name: string }).name;
      // An unknown glossary is AIS.0601 before anything of the body is checked.
      await deps.glossaries.get(projectId, name);
      return deps.glossaries.update(projectId, name, parseGlossaryChanges(body));
    },
  );
  app.delete(
    `${glossaries}/:name`,
    { schema: { tags, summary: 'Delete a glossary', params: schemas.GlossaryParams } },
    async (request, reply) => {
      const { projectId } = admitModeration(request, Permissions.moderationGlossary);
      await deps.glossaries.delete(projectId, (request.params as { name: string }).name);
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/usage`,
    { schema: { tags, summary: 'Calls this month and the monthly free calls', params: schemas.ProjectParams } },
    async (request) => {
      const { projectId } = admitModeration(request, Permissions.moderationUsage);
      const month = (request.query as { month?: string }).month;
      if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError('AIS.0401');
      const settings = await deps.access.settings(projectId);
      return {
        month: month ?? new Date().toISOString().slice(0, 7),
        calls: await deps.access.usage(projectId, month),
        monthly_free_calls: settings.monthlyFreeCalls,
      };
    },
  );

  // ---- operator: subscription, enabled services, monthly free calls ---------------------------------------------
  app.get(
    '/operator/v1/projects/:project_id/moderation',
    {
      config: { auth: 'operator' },
      schema: {
        tags: ['Operator'],
        summary: "A project's moderation subscription, services, monthly free calls and calls this month",
      },
    },
    async (request) => {
      const projectId = (request.params as { project_id: string }).project_id;
      if (!(await deps.projectExists(projectId))) throw new ApiError('IAM.0003', 'project');
      const settings = await deps.access.settings(projectId);
      return {
        subscribed: settings.subscribed,
        services: settings.services,
        monthly_free_calls: settings.monthlyFreeCalls,
        month: new Date().toISOString().slice(0, 7),
        calls: await deps.access.usage(projectId),
      };
    },
  );
  app.put(
    '/operator/v1/projects/:project_id/moderation',
    {
      config: { auth: 'operator', json: true },
      schema: {
        tags: ['Operator'],
        summary: "Set a project's moderation subscription, services and monthly free calls",
        body: schemas.ModerationSettingsBody,
      },
    },
    async (request) => {
      const projectId = (request.params as { project_id: string }).project_id;
      if (!(await deps.projectExists(projectId))) throw new ApiError('IAM.0003', 'project');
      const body = checkModerationSettings(request.body);
      const patch: Parameters<ModerationAccess['updateSettings']>[1] = {
        ...(body.subscribed !== undefined ? { subscribed: body.subscribed } : {}),
        ...(body.services !== undefined ? { services: body.services as ModerationService[] } : {}),
        ...(body.monthly_free_calls !== undefined ? { monthlyFreeCalls: body.monthly_free_calls } : {}),
      };
      const settings = await deps.access.updateSettings(projectId, patch);
      return {
        subscribed: settings.subscribed,
        services: settings.services,
        monthly_free_calls: settings.monthlyFreeCalls,
      };
    },
  );
}
