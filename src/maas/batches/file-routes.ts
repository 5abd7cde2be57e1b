import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { inferenceFamily } from '../inference/endpoints.js';
import { requireApiKeyCaller } from '../inference/api-key-auth.js';
import { checkBatchInput } from './batch-input.js';
import { fileText, listPage, parseListPaging } from './batch-requests.js';
import { type FileStore, fileView } from './file-store.js';
import { acceptMultipartForms, type FormLimits, fileBytes, formOfRequest } from '../multipart-form.js';

export const batchTags = ['MaaS batches (OpenAI-compatible)'];
/** The Files and Batch APIs answer at OpenAI's `/v1` and at the `/openai/v1` prefix, as the inference routes do. */
export const batchApiPrefixes = ['/v1', '/openai/v1'] as const;
const FileParams = Type.Object({ file_id: Type.String() });
/** What a multipart body may carry beside the file (the boundaries, the purpose field, headers of the parts). */
const multipartOverheadBytes = 64 * 1024;
const maxFilenameLength = 255;

export interface FileRouteOptions {
  files: FileStore;
  /** The largest file taken (ModelArts.81123 above it). */
  maxBytes: number;
  maxLines: number;
}

/** How an upload is read: the `file` part kept up to the cap (ModelArts.81123 past it), the rest dropped. */
const uploadLimits = (maxBytes: number): FormLimits => ({
  fileField: 'file',
  maxFileBytes: maxBytes,
  fileTooLarge: () => new ApiError('ModelArts.81123', String(maxBytes)),
});

/** The form of a multipart body (read as it arrived: `acceptMultipartForms`, at most 64 parts), or ModelArts.81001. */
async function formOf(request: FastifyRequest, limits: FormLimits) {
  const form = await formOfRequest(request, limits, (type) =>
    ApiError.variant('ModelArts.81001', 'notOneOf', 'Content-Type', type.split(';')[0]!, 'multipart/form-data'),
  );
  // An empty body is no form at all (not a form without a purpose).
  if (form.entries.length === 0) throw new ApiError('ModelArts.81001');
  return form;
}

/**
 * OpenAI's Files API for batch input, with a MaaS API key: a file belongs to the key's project, and another
 * project's file is answered as a missing one (ModelArts.81120). Uploads are `purpose: batch` JSONL, checked line by
 * line as a batch will read them (ModelArts.81122), up to `maxBytes` (ModelArts.81123).
 */
export function registerFileRoutes(app: FastifyInstance, options: FileRouteOptions): void {
  const { files } = options;
  const config = { auth: 'apiKey' as const, json: false, family: inferenceFamily };
  const schema = (summary: string) => ({ tags: batchTags, summary, security: [{ apiKey: [] }] });
  const projectOf = (request: FastifyRequest) => requireApiKeyCaller(request).grant.projectId;

  const limits = uploadLimits(options.maxBytes);
  for (const prefix of batchApiPrefixes) {
    // The upload in its own scope, whose parser reads the form as it arrives (keeping the file, up to the cap).
    app.register(async (scope) => {
      acceptMultipartForms(scope, limits);
      scope.post(
        `${prefix}/files`,
        {
          config,
          bodyLimit: options.maxBytes + multipartOverheadBytes,
          schema: {
            ...schema('Upload a file (multipart: file, purpose=batch): JSONL batch input'),
            consumes: ['multipart/form-data'],
          },
        },
        async (request) => {
          const form = await formOf(request, limits);
          const purpose = form.get('purpose');
          if (purpose === null || purpose === '') throw ApiError.variant('ModelArts.81001', 'empty', 'purpose');
          if (purpose !== 'batch') {
            const given = typeof purpose === 'string' ? purpose : 'a file';
            throw ApiError.variant('ModelArts.81001', 'notOneOf', 'purpose', given, 'batch');
          }
          const file = form.get('file');
          if (file === null || typeof file === 'string') throw ApiError.variant('ModelArts.81001', 'empty', 'file');
          if (file.size > options.maxBytes) throw limits.fileTooLarge(request);
          const text = fileText(fileBytes(file));
          request.body = undefined; // the chunks go; the text is what is kept
          checkBatchInput(text, { maxLines: options.maxLines });
          // Control characters go (PostgreSQL's text takes no NUL; a log or a console shows none).
          const name = (file.filename.replace(/[\u0000-\u001f\u007f]/g, '') || 'file.jsonl').slice(
            0,
            maxFilenameLength,
          );
          return fileView(await files.create(projectOf(request), name, 'batch', text));
        },
      );
    });

    app.get(`${prefix}/files`, { config, schema: schema("The project's files, newest first") }, async (request) => {
      const query = request.query as Record<string, string | undefined>;
      const paging = parseListPaging(query);
      const { rows, hasMore } = await files.list(projectOf(request), { ...paging, purpose: query.purpose });
      const data = rows.map(fileView);
      return listPage(data, hasMore);
    });

    app.get(
      `${prefix}/files/:file_id`,
      { config, schema: { ...schema('A file'), params: FileParams } },
      async (request) => {
        const { file_id } = request.params as { file_id: string };
        return fileView(await files.get(projectOf(request), file_id));
      },
    );

    app.get(
      `${prefix}/files/:file_id/content`,
      { config, schema: { ...schema("A file's content"), params: FileParams } },
      async (request, reply) => {
        const { file_id } = request.params as { file_id: string };
        const content = await files.content(projectOf(request), file_id);
        return reply.type('application/octet-stream').send(content);
      },
    );

    app.delete(
      `${prefix}/files/:file_id`,
      { config, schema: { ...schema('Delete a file'), params: FileParams } },
      async (request) => {
        const { file_id } = request.params as { file_id: string };
        await files.delete(projectOf(request), file_id);
        return { id: file_id, object: 'file', deleted: true };
      },
    );
  }
}
