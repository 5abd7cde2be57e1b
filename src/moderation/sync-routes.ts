import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, isApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import type { ModerationAccess } from './access.js';
import { admitModeration } from './admit.js';
import { defaultTextCategories, eventTypes, type ImageRequestCategory, requestCategories } from './api-contract.js';
import type { GlossaryStore } from './glossaries.js';
import type { ImageLimits } from './image/decode.js';
import { type ImageReaders, moderateImage } from './image/image-moderator.js';
import { type Policy, policyOf, type PolicyStore, requestGlossaries } from './policies.js';
import {
  categoriesOf,
  eventTypeOf,
  languageOf,
  optionalObject,
  requiredObject,
  requiredString,
  stringList,
} from './request-fields.js';
import * as schemas from './schemas.js';
import { decodeBase64 } from './sources/base64.js';
import type { MediaSource } from './sources/media-source.js';
import type { TextCategory } from './text/builtin-lexicon.js';
import { moderateText, type TextModerationResult } from './text/text-moderator.js';

export interface SyncRouteDeps {
  access: ModerationAccess;
  glossaries: GlossaryStore;
  policies: PolicyStore;
  readers: ImageReaders;
  source: MediaSource;
  /** Time limit of an image download. */
  fetchTimeoutMs: number;
  imageLimits: ImageLimits;
  bodyLimitBytes: number;
  /** Characters of a text that are checked (the cloud: the first 10,000). */
  maxTextLength: number;
}

/** Images checked at once in a batch (downloads and classification, per request). */
const batchConcurrency = 4;
const maxBatchImages = 12;
const dataIdPattern = /^[A-Za-z0-9_-]{1,30}$/;

/**
 * The text result as the API documents it: `details[].label` never `meaningless` (that label is the result's alone),
 * and segments carry `segment`, `position` and, for a glossary hit, `glossary_name`.
 */
function toTextResult(result: TextModerationResult) {
  return {
    suggestion: result.suggestion,
    label: result.label,
    details: result.details.filter((d) => d.label !== 'meaningless'),
  };
}

/** Image categories asked for: the policy's, the request's, or (none given) every one. */
function imageCategoriesOf(body: Record<string, unknown>, policy?: Policy): ImageRequestCategory[] {
  if (policy) return policy.image_categories as ImageRequestCategory[];
  return categoriesOf(body.categories, requestCategories.image, requestCategories.image);
}

/** `image_text_config`: the glossaries applied to the text read in images (an unknown name is AIS.0401). */
async function imageTextGlossaries(deps: SyncRouteDeps, projectId: string, body: Record<string, unknown>) {
  const config = optionalObject(body.image_text_config);
  if (!config) return undefined;
  return deps.glossaries.matchers(projectId, [
    ...stringList(config.black_glossary_names, 10),
    ...stringList(config.white_glossary_names, 10),
  ]);
}

const jsonRoute = (limit: number) => ({ json: true, requireContentType: true, serviceBodyLimit: limit });

/** Text, image and image-batch moderation: the cloud's synchronous v3 operations, field by field. */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const base = '/v3/:project_id/moderation';
  const tags = ['Content Moderation'];
  const schema = (summary: string, body: unknown, response: unknown) => ({
    tags,
    summary,
    params: schemas.ProjectParams,
    body,
    response: { 200: response },
  });

  app.post(
    `${base}/text`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: schema('Moderate a text', schemas.TextRequest, schemas.TextResponse),
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationText);
      await deps.access.admit(projectId, 'text');
      const policy = await policyOf(deps.policies, projectId, body)();
      eventTypeOf(body.event_type, eventTypes.text, !policy);
      const data = requiredObject(body.data);
      const text = requiredString(data.text);
      languageOf(data.language);
      const categories = (
        policy ? policy.text_categories : categoriesOf(body.categories, requestCategories.text, defaultTextCategories)
      ) as TextCategory[];
      const { black, white } = requestGlossaries(body, policy);
      const lists = await deps.glossaries.matchers(projectId, [...black, ...white], categories);
      // As documented: longer texts are accepted and their first characters checked.
      const checked = text.slice(0, deps.maxTextLength);
      const result = moderateText(checked, [...categories, 'meaningless'], lists.black, lists.white);
      deps.access.record(projectId, 'text');
      return { request_id: request.id, result: toTextResult(result) };
    },
  );

  /**
   * The checks the image and image-batch operations share, in the cloud's order: caller, subscription, `biz_type`,
   * event type, categories, language, the glossaries for text in images.
   */
  const admitImageRequest = async (request: FastifyRequest) => {
    const { projectId, body } = admitModeration(request, Permissions.moderationImage);
    await deps.access.admit(projectId, 'image');
    const policy = await policyOf(deps.policies, projectId, body)();
    eventTypeOf(body.event_type, eventTypes.image, !policy);
    const categories = imageCategoriesOf(body, policy);
    languageOf(body.language);
    const textLists = await imageTextGlossaries(deps, projectId, body);
    return { projectId, body, categories, textLists };
  };

  /** Reads one image: inline base64 or a URL (the Internet or the project's object storage). */
  const imageBytes = async (projectId: string, image: unknown, url: unknown): Promise<Buffer> => {
    const hasImage = image !== undefined && image !== null && image !== '';
    const hasUrl = url !== undefined && url !== null && url !== '';
    if (!hasImage && !hasUrl) throw new ApiError('AIS.0011');
    if (hasImage && hasUrl) throw new ApiError('AIS.0012');
    if (hasImage) {
      if (typeof image !== 'string') throw new ApiError('AIS.0401');
      return decodeBase64(image);
    }
    if (typeof url !== 'string') throw new ApiError('AIS.0022');
    return deps.source.read(projectId, url, { maxBytes: deps.imageLimits.maxBytes, timeoutMs: deps.fetchTimeoutMs });
  };

  app.post(
    `${base}/image`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: schema(
        'Moderate an image (base64, URL or object-storage URL)',
        schemas.ImageRequest,
        schemas.ImageResponse,
      ),
    },
    async (request) => {
      const { projectId, body, categories, textLists } = await admitImageRequest(request);
      const bytes = await imageBytes(projectId, body.image, body.url);
      const result = await moderateImage(bytes, deps.imageLimits, deps.readers, categories, textLists);
      deps.access.record(projectId, 'image');
      return { request_id: request.id, result };
    },
  );

  app.post(
    `${base}/image/batch`,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: schema('Moderate up to 12 images by URL', schemas.ImageBatchRequest, schemas.ImageBatchResponse),
    },
    async (request) => {
      const { projectId, body, categories, textLists } = await admitImageRequest(request);
      const items = parseBatchUrls(body.urls);
      const results: Record<string, unknown>[] = new Array(items.length);
      let next = 0;
      // One image that fails answers with its own error_code and error_msg; the others are moderated all the same.
      const worker = async () => {
        for (let i = next++; i < items.length; i = next++) {
          const { url, data_id } = items[i]!;
          try {
            const bytes = await imageBytes(projectId, undefined, url);
            const result = await moderateImage(bytes, deps.imageLimits, deps.readers, categories, textLists);
            results[i] = { data_id, ...result };
            deps.access.record(projectId, 'image');
          } catch (error) {
            if (!isApiError(error)) throw error;
            results[i] = { data_id, ...error.toBody() };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(batchConcurrency, items.length) }, worker));
      return { request_id: request.id, results };
    },
  );
}

/** `urls`: 1 to 12 objects with an http(s) or object-storage `url` and a unique `data_id`. */
function parseBatchUrls(value: unknown): { url: string; data_id: string }[] {
  if (value === undefined || value === null) throw new ApiError('AIS.0011');
  if (!Array.isArray(value)) throw new ApiError('AIS.0401');
  if (value.length === 0) throw new ApiError('AIS.0011');
  if (value.length > maxBatchImages) throw new ApiError('AIS.0401');
  const seen = new Set<string>();
  return value.map((item) => {
    const entry = requiredObject(item);
    const url = requiredString(entry.url);
    const dataId = requiredString(entry.data_id);
    if (!dataIdPattern.test(dataId) || seen.has(dataId)) throw new ApiError('AIS.0401');
    seen.add(dataId);
    return { url, data_id: dataId };
  });
}
