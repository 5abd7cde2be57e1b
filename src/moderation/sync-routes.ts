import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, isApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import type { ModerationAccess } from './access.js';
import { admitModeration, jsonRoute } from './admit.js';
import { defaultTextCategories, type ImageRequestCategory, requestCategories } from './api-contract.js';
import type { GlossaryStore } from './glossaries.js';
import { librariesFor } from './image-libraries/library-matching.js';
import type { ImageLibraryStore } from './image-libraries/library-store.js';
import type { ImageLimits } from './image/decode.js';
import { type ImageReaders, moderateImage } from './image/image-moderator.js';
import { readImageInput } from './image/image-input.js';
import type { ModerationMetrics } from './moderation-metrics.js';
import { type Policy, policyOf, type PolicyStore, requestGlossaries } from './policies.js';
import { checkBatchUrls, checkImageFields, checkTextRequest } from './request-checks.js';
import * as schemas from './schemas.js';
import type { MediaSource } from './sources/media-source.js';
import type { TextCategory } from './text/builtin-lexicon.js';
import { moderateText, type TextModerationResult } from './text/text-moderator.js';

export interface SyncRouteDeps {
  access: ModerationAccess;
  glossaries: GlossaryStore;
  imageLibraries: ImageLibraryStore;
  policies: PolicyStore;
  readers: ImageReaders;
  source: MediaSource;
  /** Time limit of an image download. */
  fetchTimeoutMs: number;
  imageLimits: ImageLimits;
  bodyLimitBytes: number;
  /** Characters of a text that are checked (the cloud: the first 10,000). */
  maxTextLength: number;
  metrics: ModerationMetrics;
}

/** Images checked at once in a batch (downloads and classification, per request). */
const batchConcurrency = 4;
const maxBatchImages = schemas.BatchUrls.properties.urls.maxItems!;

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

/** Categories asked for, each once; none given (absent, null or empty) is `whenAbsent`. */
function categoriesOf<T extends string>(value: readonly T[] | null | undefined, whenAbsent: readonly T[]): T[] {
  return value && value.length > 0 ? [...new Set(value)] : [...whenAbsent];
}

/** Image categories asked for: the policy's, the request's, or (none given) every one. */
function imageCategoriesOf(body: Static<typeof schemas.ImageFields>, policy?: Policy): ImageRequestCategory[] {
  if (policy) return policy.image_categories as ImageRequestCategory[];
  return categoriesOf(body.categories as ImageRequestCategory[] | null | undefined, requestCategories.image);
}

/** `image_text_config`: the glossaries applied to the text read in images (an unknown name is AIS.0401). */
async function imageTextGlossaries(deps: SyncRouteDeps, projectId: string, body: Static<typeof schemas.ImageFields>) {
  const config = body.image_text_config;
  if (!config) return undefined;
  return deps.glossaries.matchers(projectId, [
    ...(config.black_glossary_names ?? []),
    ...(config.white_glossary_names ?? []),
  ]);
}

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
      const fields = checkTextRequest(body, policy);
      const text = fields.data.text;
      const categories = (
        policy ? policy.text_categories : categoriesOf(fields.categories, defaultTextCategories)
      ) as TextCategory[];
      const { black, white } = requestGlossaries(fields, policy);
      const lists = await deps.glossaries.matchers(projectId, [...black, ...white], categories);
      // As documented: longer texts are accepted and their first characters checked.
      const checked = text.slice(0, deps.maxTextLength);
      const result = moderateText(checked, [...categories, 'meaningless'], lists.black, lists.white);
      deps.access.record(projectId, 'text');
      deps.metrics.call('text', result.suggestion);
      return { request_id: request.id, result: toTextResult(result) };
    },
  );

  /**
   * The checks the image and image-batch operations share, in the cloud's order: caller, subscription, `biz_type`,
   * the fields by their route schema (event type, categories, language...), the glossaries for text in images, the
   * image libraries that apply (the policy's, and the operator's).
   */
  const admitImageRequest = async (request: FastifyRequest) => {
    const { projectId, body } = admitModeration(request, Permissions.moderationImage);
    await deps.access.admit(projectId, 'image');
    const policy = await policyOf(deps.policies, projectId, body)();
    const fields = checkImageFields(body, policy);
    const categories = imageCategoriesOf(fields, policy);
    const textLists = await imageTextGlossaries(deps, projectId, fields);
    const libraries = await librariesFor(deps.imageLibraries, projectId, categories, policy?.image_library_names);
    return { projectId, body, categories, textLists, libraries };
  };

  /** Reads one image: inline base64 or a URL (the Internet or the project's object storage). */
  const imageBytes = (projectId: string, source: { image?: unknown; url?: unknown }) =>
    readImageInput(deps, projectId, source);

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
      const { projectId, body, categories, textLists, libraries } = await admitImageRequest(request);
      const bytes = await imageBytes(projectId, body);
      const result = await moderateImage(bytes, deps.imageLimits, deps.readers, categories, textLists, libraries);
      deps.access.record(projectId, 'image');
      deps.metrics.call('image', result.suggestion);
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
      const { projectId, body, categories, textLists, libraries } = await admitImageRequest(request);
      const items = batchUrlsOf(body);
      const results: Record<string, unknown>[] = new Array(items.length);
      let next = 0;
      // One image that fails answers with its own error_code and error_msg; the others are moderated all the same.
      const worker = async () => {
        for (let i = next++; i < items.length; i = next++) {
          const { url, data_id } = items[i]!;
          try {
            const bytes = await imageBytes(projectId, { url });
            const result = await moderateImage(bytes, deps.imageLimits, deps.readers, categories, textLists, libraries);
            results[i] = { data_id, ...result };
            deps.access.record(projectId, 'image');
            deps.metrics.call('image_batch', result.suggestion);
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

/** The index of the first item whose `data_id` an earlier item already has. */
function firstRepeatedDataId(urls: unknown): number | undefined {
  if (!Array.isArray(urls)) return undefined;
  const seen = new Set<unknown>();
  for (const [index, item] of urls.entries()) {
    const dataId = (item as { data_id?: unknown } | null)?.data_id;
    if (typeof dataId !== 'string') continue;
    if (seen.has(dataId)) return index;
    seen.add(dataId);
  }
  return undefined;
}

/**
 * `urls`: 1 to 12 objects with a `url` and a `data_id` (the schema's), each `data_id` once (AIS.0401 otherwise). The
 * cloud reads the items in turn, so a repeated `data_id` answers unless an earlier item is wrong.
 */
function batchUrlsOf(body: Record<string, unknown>): { url: string; data_id: string }[] {
  const repeated = firstRepeatedDataId(body.urls);
  // Too many items is the list's own failure, before any item's.
  if (repeated === undefined || (body.urls as unknown[]).length > maxBatchImages)
    return checkBatchUrls(body).urls.map(({ url, data_id }) => ({ url, data_id }));
  checkBatchUrls({ urls: (body.urls as unknown[]).slice(0, repeated + 1) });
  throw new ApiError('AIS.0401');
}
