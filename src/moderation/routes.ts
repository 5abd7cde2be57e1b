import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import { admitModeration } from './admit.js';
import { type ModerationAccess, moderationServices, type ModerationService } from './access.js';
import type { GlossaryStore } from './glossaries.js';
import type { NsfwClassifier } from './image/classifier.js';
import type { ImageLimits } from './image/decode.js';
import { imageCategories, moderateImage } from './image/image-moderator.js';
import { decodeBase64 } from './sources/base64.js';
import type { MediaSource } from './sources/media-source.js';
import { textCategories, type TextCategory } from './text/builtin-lexicon.js';
import { moderateText } from './text/text-moderator.js';
import * as schemas from './schemas.js';

export interface ModerationRouteDeps {
  access: ModerationAccess;
  glossaries: GlossaryStore;
  classifier: NsfwClassifier;
  source: MediaSource;
  /** Time limit of an image download. */
  fetchTimeoutMs: number;
  imageLimits: ImageLimits;
  bodyLimitBytes: number;
  maxTextLength: number;
  /** Whether a project id names a project (the operator's settings are refused for unknown ones). */
  projectExists(projectId: string): Promise<boolean>;
}

export const textEventTypes = [
  'comment',
  'nickname',
  'title',
  'article',
  'barrage',
  'search',
  'profile',
  'message',
  'chat',
];
export const imageEventTypes = [
  'head_image',
  'album',
  'dynamic',
  'article',
  'comment',
  'room_cover',
  'group_message',
  'message',
  'product',
];

/** Required string parameter: missing or empty is AIS.0011, another JSON type AIS.0401. */
function requiredString(value: unknown): string {
  if (value === undefined || value === null || value === '') throw new ApiError('AIS.0011');
  if (typeof value !== 'string') throw new ApiError('AIS.0401');
  return value;
}

function optionalStringList(value: unknown, maxItems: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > maxItems || !value.every((v) => typeof v === 'string'))
    throw new ApiError('AIS.0401');
  return value as string[];
}

/** Unknown categories are an unsupported parameter (AIS.0012); none given means all. */
function categoriesFrom<T extends string>(value: unknown, supported: readonly T[]): T[] {
  const list = optionalStringList(value, 20);
  if (list.length === 0) return [...supported];
  if (!list.every((c) => (supported as readonly string[]).includes(c))) throw new ApiError('AIS.0012');
  return list as T[];
}

function eventType(value: unknown, supported: readonly string[]): string {
  const event = requiredString(value);
  if (!supported.includes(event)) throw new ApiError('AIS.0005');
  return event;
}

const tags = ['Content Moderation'];
const jsonRoute = (limit: number) => ({ json: true, requireContentType: true, serviceBodyLimit: limit });

export function registerModerationRoutes(app: FastifyInstance, deps: ModerationRouteDeps): void {
  const base = '/v3/:project_id/moderation';

  app.post(
    `${base}/text`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: {
        tags,
        summary: 'Moderate a text',
        params: schemas.ProjectParams,
        body: schemas.TextRequest,
        response: { 200: schemas.TextResponse },
      },
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationText);
      await deps.access.admit(projectId, 'text');
      const event = eventType(body.event_type, textEventTypes);
      const data = body.data;
      if (data === undefined || data === null) throw new ApiError('AIS.0011');
      if (typeof data !== 'object' || Array.isArray(data)) throw new ApiError('AIS.0401');
      const text = requiredString((data as Record<string, unknown>).text);
      const language = (data as Record<string, unknown>).language;
      if (language !== undefined && !['zh', 'en', 'auto'].includes(language as string)) throw new ApiError('AIS.0012');
      if (text.length > deps.maxTextLength) throw new ApiError('AIS.0401');
      const categories = categoriesFrom<TextCategory>(body.categories, textCategories);
      const lists = await deps.glossaries.matchers(projectId, [
        ...optionalStringList(body.glossary_names, 10),
        ...optionalStringList(body.white_glossary_names, 10),
      ]);
      const result = moderateText(text, categories, lists.black, lists.white);
      deps.access.record(projectId, 'text');
      return { request_id: request.id, event_type: event, result };
    },
  );

  app.post(
    `${base}/image`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: {
        tags,
        summary: 'Moderate an image (base64, URL or object-storage URL)',
        params: schemas.ProjectParams,
        body: schemas.ImageRequest,
        response: { 200: schemas.ImageResponse },
      },
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationImage);
      await deps.access.admit(projectId, 'image');
      const event = eventType(body.event_type, imageEventTypes);
      categoriesFrom(body.categories, imageCategories);
      const hasImage = body.image !== undefined && body.image !== null && body.image !== '';
      const hasUrl = body.url !== undefined && body.url !== null && body.url !== '';
      if (!hasImage && !hasUrl) throw new ApiError('AIS.0011');
      if (hasImage && hasUrl) throw new ApiError('AIS.0012');
      let bytes: Buffer;
      if (hasImage) {
        if (typeof body.image !== 'string') throw new ApiError('AIS.0401');
        bytes = decodeBase64(body.image);
      } else {
        if (typeof body.url !== 'string') throw new ApiError('AIS.0022');
        bytes = await deps.source.read(projectId, body.url, {
          maxBytes: deps.imageLimits.maxBytes,
          timeoutMs: deps.fetchTimeoutMs,
        });
      }
      const result = await moderateImage(bytes, deps.imageLimits, deps.classifier);
      deps.access.record(projectId, 'image');
      return { request_id: request.id, event_type: event, result };
    },
  );

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
      return reply.status(201).send(await deps.glossaries.create(projectId, body));
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
      return deps.glossaries.update(projectId, (request.params as { name: string }).name, body);
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
      const body = request.body as Record<string, unknown>;
      const patch: Parameters<ModerationAccess['updateSettings']>[1] = {};
      if (body.subscribed !== undefined) {
        if (typeof body.subscribed !== 'boolean') throw new ApiError('IAM.0002', 'subscribed');
        patch.subscribed = body.subscribed;
      }
      if (body.services !== undefined) {
        if (
          !Array.isArray(body.services) ||
          !body.services.every((s) => (moderationServices as readonly unknown[]).includes(s))
        )
          throw new ApiError('IAM.0002', 'services');
        patch.services = body.services as ModerationService[];
      }
      if (body.monthly_free_calls !== undefined) {
        const n = body.monthly_free_calls;
        if (n !== null && (typeof n !== 'number' || !Number.isInteger(n) || n < 0))
          throw new ApiError('IAM.0002', 'monthly_free_calls');
        patch.monthlyFreeCalls = n as number | null;
      }
      const settings = await deps.access.updateSettings(projectId, patch);
      return {
        subscribed: settings.subscribed,
        services: settings.services,
        monthly_free_calls: settings.monthlyFreeCalls,
      };
    },
  );
}
