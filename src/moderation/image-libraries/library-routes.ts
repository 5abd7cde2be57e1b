import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { Permissions } from '../../identity/index.js';
import { admitModeration } from '../admit.js';
import { decodeImage } from '../image/decode.js';
import { type ImageInputDeps, readImageInput } from '../image/image-input.js';
import * as schemas from '../schemas.js';
import { hashLibraryImage } from './perceptual-hash.js';
import {
  AddedImage,
  checkHashImport,
  checkLibraryBody,
  ImagesQuery,
  ImportedHashes,
  LibraryBody,
  LibraryImages,
  LibraryList,
  libraryNamePattern,
  LibraryView,
  OperatorLibraryImageParams,
  OperatorLibraryParams,
  ProjectLibraryImageParams,
  ProjectLibraryParams,
  HashImportBody,
} from './library-schemas.js';
import { type ImageLibraryStore, type LibraryCategory, libraryLimits, type LibraryScope } from './library-store.js';

export interface LibraryRouteDeps extends ImageInputDeps {
  libraries: ImageLibraryStore;
  bodyLimitBytes: number;
}

/** `offset` and `limit` of a page of images (AIS.0401 when not whole numbers in range). */
function pageOf(query: unknown): { offset: number; limit: number } {
  const { offset, limit } = (query ?? {}) as { offset?: string; limit?: string };
  const page = { offset: offset === undefined ? 0 : Number(offset), limit: limit === undefined ? 100 : Number(limit) };
  const whole = (n: number) => Number.isInteger(n) && /^\d+$/.test(String(n));
  if (!whole(page.offset) || !whole(page.limit) || page.limit < 1 || page.limit > libraryLimits.pageSize) {
    throw new ApiError('AIS.0401');
  }
  return page;
}

/** The library a path names: a malformed name is an incorrect parameter (AIS.0401), as an unknown one is. */
function nameOf(request: FastifyRequest): string {
  const name = (request.params as { name: string }).name;
  if (!libraryNamePattern.test(name)) throw new ApiError('AIS.0401');
  return name;
}

/**
 * Image libraries, a documented extension of the moderation API: per project under
 * `/v3/{project_id}/moderation/image-libraries` (the glossaries' permission), and the operator's, applied to every
 * project, under `/operator/v1/moderation/image-libraries`. Images come as the image API takes them (base64 or URL,
 * its limits and errors; the operator's from base64 or the Internet, having no project's object storage); only their
 * perceptual hashes are kept. Errors are the moderation family's: AIS.0401 an unknown or malformed library or image
 * or a full library, AIS.0011 a missing field, AIS.0012 a value not listed.
 */
export function registerLibraryRoutes(app: FastifyInstance, deps: LibraryRouteDeps): void {
  const sides = [
    {
      base: '/v3/:project_id/moderation/image-libraries',
      tags: ['Content Moderation extensions'],
      config: {} as FastifyContextConfig,
      params: ProjectLibraryParams,
      imageParams: ProjectLibraryImageParams,
      listParams: schemas.ProjectParams,
      admit: (request: FastifyRequest) => {
        const { projectId } = admitModeration(request, Permissions.moderationGlossary);
        return { scope: { projectId } as LibraryScope, projectId };
      },
    },
    {
      base: '/operator/v1/moderation/image-libraries',
      tags: ['Operator'],
      config: { auth: 'operator' } as FastifyContextConfig,
      params: OperatorLibraryParams,
      imageParams: OperatorLibraryImageParams,
      listParams: undefined,
      // Object-storage URLs need a project's access: the operator's libraries read none (ModelArts.4702).
      admit: () => ({ scope: 'operator' as LibraryScope, projectId: '' }),
    },
  ];
  const json = { json: true, requireContentType: true, serviceBodyLimit: deps.bodyLimitBytes };
  for (const side of sides) {
    const { base, tags, admit } = side;
    const whose = side.listParams ? "the project's" : "the operator's (every project's)";
    app.get(
      base,
      {
        config: side.config,
        schema: {
          tags,
          summary: `List ${whose} image libraries`,
          ...(side.listParams ? { params: side.listParams } : {}),
          response: { 200: LibraryList },
        },
      },
      async (request) => {
        const list = await deps.libraries.list(admit(request).scope);
        return { total: list.length, image_libraries: list };
      },
    );
    app.put(
      `${base}/:name`,
      {
        config: { ...side.config, ...json },
        schema: {
          tags,
          summary: `Create an image library of ${whose}, or change its settings (its images stay)`,
          params: side.params,
          body: LibraryBody,
          response: { 200: LibraryView },
        },
      },
      async (request) => {
        const { scope } = admit(request);
        const name = nameOf(request);
        const body = checkLibraryBody(request.body ?? {});
        return deps.libraries.put(scope, name, {
          category: body.category as LibraryCategory,
          type: (body.type ?? 'black') as 'black' | 'white',
          suggestion: (body.suggestion ?? 'block') as 'block' | 'review',
        });
      },
    );
    app.get(
      `${base}/:name`,
      {
        config: side.config,
        schema: { tags, summary: 'Show an image library', params: side.params, response: { 200: LibraryView } },
      },
      async (request) => deps.libraries.get(admit(request).scope, nameOf(request)),
    );
    app.delete(
      `${base}/:name`,
      { config: side.config, schema: { tags, summary: 'Delete an image library and its images', params: side.params } },
      async (request, reply) => {
        await deps.libraries.delete(admit(request).scope, nameOf(request));
        return reply.status(204).send();
      },
    );
    app.post(
      `${base}/:name/images`,
      {
        config: { ...side.config, ...json },
        schema: {
          tags,
          summary: 'Add an image (base64 or URL, as the image API takes it): its perceptual hash is kept',
          params: side.params,
          body: schemas.ImageSource,
          response: { 200: AddedImage },
        },
      },
      async (request) => {
        const { scope, projectId } = admit(request);
        const name = nameOf(request);
        // An unknown library is answered before the image is read.
        await deps.libraries.get(scope, name);
        const bytes = await readImageInput(deps, projectId, (request.body ?? {}) as Record<string, unknown>);
        const decoded = await decodeImage(bytes, deps.imageLimits, 224);
        const [added] = await deps.libraries.addImages(scope, name, [
          await hashLibraryImage(decoded.pixels, decoded.size, decoded.size),
        ]);
        return { image_id: added!.image_id, hash: added!.hash };
      },
    );
    app.post(
      `${base}/:name/hashes`,
      {
        config: { ...side.config, ...json },
        schema: {
          tags,
          summary: 'Import perceptual hashes (16 hex digits each) without their images',
          params: side.params,
          body: HashImportBody,
          response: { 200: ImportedHashes },
        },
      },
      async (request) => {
        const { scope } = admit(request);
        const name = nameOf(request);
        await deps.libraries.get(scope, name);
        const { hashes } = checkHashImport(request.body ?? {});
        const added = await deps.libraries.addImages(
          scope,
          name,
          hashes.map((hash) => ({ hash, borderless: hash })),
        );
        return { total: added.length, images: added.map(({ image_id, hash }) => ({ image_id, hash })) };
      },
    );
    app.get(
      `${base}/:name/images`,
      {
        config: side.config,
        schema: {
          tags,
          summary: "A page of a library's images (offset, limit: at most 1000, 100 unless told)",
          params: side.params,
          querystring: ImagesQuery,
          response: { 200: LibraryImages },
        },
      },
      async (request) => {
        const { scope } = admit(request);
        const name = nameOf(request);
        const { offset, limit } = pageOf(request.query);
        return deps.libraries.listImages(scope, name, offset, limit);
      },
    );
    app.delete(
      `${base}/:name/images/:image_id`,
      { config: side.config, schema: { tags, summary: "Remove a library's image", params: side.imageParams } },
      async (request, reply) => {
        const { scope } = admit(request);
        const name = nameOf(request);
        await deps.libraries.deleteImage(scope, name, (request.params as { image_id: string }).image_id);
        return reply.status(204).send();
      },
    );
  }
}
