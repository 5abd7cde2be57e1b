import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { withOutboundCodes } from '../../errors/outbound-codes.js';
import { inferenceFamily } from '../inference/endpoints.js';
import { requireApiKeyCaller } from '../inference/api-key-auth.js';
import { batchInputLines, checkBatchInput } from './batch-input.js';
import { CreateBatchBody, fileText, listPage, parseCreateBatch, parseListPaging } from './batch-requests.js';
import type { BatchRow, BatchStore } from './batch-store.js';
import { batchView, cancelBatch } from './batch-view.js';
import type { FileStore } from './file-store.js';
import { batchApiPrefixes, batchTags } from './file-routes.js';

const BatchParams = Type.Object({ batch_id: Type.String() });

export interface BatchRouteOptions {
  batches: BatchStore;
  files: FileStore;
  /** The largest input read from object storage (ModelArts.4705 above it): the same cap as an uploaded file. */
  maxInputBytes: number;
  maxLines: number;
  /** Told when a batch is created, so that a worker takes it without waiting for its poll. */
  created: () => void;
}

/**
 * OpenAI's Batch API with a MaaS API key, per project (another project's batch is answered as a missing one,
 * ModelArts.81121). The input is a file of the project (`input_file_id`) or, as an extension, an object of the
 * project's object storage (`input_url`, read with the ModelArts object-storage codes 4702-4706), checked whole at
 * creation (ModelArts.81122 naming the line at fault).
 */
export function registerBatchRoutes(app: FastifyInstance, options: BatchRouteOptions): void {
  const { batches, files } = options;
  const config = { auth: 'apiKey' as const, json: true, family: inferenceFamily };
  const readConfig = { ...config, json: false };
  const schema = (summary: string) => ({ tags: batchTags, summary, security: [{ apiKey: [] }] });

  const view = (row: BatchRow) => batchView(batches, row);

  const inputOf = async (projectId: string, body: { input_file_id?: string; input_url?: string }) => {
    if (body.input_file_id !== undefined) {
      const file = await files.get(projectId, body.input_file_id);
      if (file.purpose !== 'batch') {
        throw new ApiError('ModelArts.81122', `${file.id} has purpose ${file.purpose}, not batch`);
      }
      return files.content(projectId, body.input_file_id);
    }
    let bytes: Buffer;
    try {
      bytes = await app.projectObjects.read(projectId, body.input_url!, options.maxInputBytes);
    } catch (error) {
      throw withOutboundCodes('ModelArts', 'batchInput', error);
    }
    return fileText(bytes);
  };

  for (const prefix of batchApiPrefixes) {
    app.post(
      `${prefix}/batches`,
      { config, schema: { ...schema('Create a batch'), body: CreateBatchBody } },
      async (request) => {
        const caller = requireApiKeyCaller(request);
        const body = parseCreateBatch(request.body);
        const { projectId } = caller.grant;
        const text = await inputOf(projectId, body);
        const limits = { maxLines: options.maxLines, endpoint: body.endpoint };
        // Checked whole first (a refusal stores nothing), then read again a chunk at a time as the lines are stored.
        const total = checkBatchInput(text, limits);
        const row = await batches.create({
          projectId,
          accountId: caller.accountId,
          keyId: caller.grant.keyId,
          sourceIp: caller.clientAddress,
          endpoint: body.endpoint,
          inputFileId: body.input_file_id ?? null,
          inputUrl: body.input_url ?? null,
          metadata: body.metadata ?? null,
          total,
          lines: batchInputLines(text, limits),
          requestId: request.id,
        });
        options.created();
        return view(row);
      },
    );

    app.get(
      `${prefix}/batches`,
      { config: readConfig, schema: schema("The project's batches, newest first") },
      async (req) => {
        const paging = parseListPaging(req.query as Record<string, string | undefined>);
        const { rows, hasMore } = await batches.list(projectOf(req), paging);
        const data = await Promise.all(rows.map(view));
        return listPage(data, hasMore);
      },
    );

    app.get(
      `${prefix}/batches/:batch_id`,
      { config: readConfig, schema: { ...schema('A batch'), params: BatchParams } },
      async (request) => view(await batches.get(projectOf(request), batchIdOf(request))),
    );

    app.post(
      `${prefix}/batches/:batch_id/cancel`,
      {
        config: readConfig,
        schema: {
          ...schema('Cancel a batch: no new line starts; the lines that ran are in its files'),
          params: BatchParams,
        },
      },
      async (request) => view(await cancelBatch(batches, projectOf(request), batchIdOf(request), options.created)),
    );
  }
}

const projectOf = (request: FastifyRequest) => requireApiKeyCaller(request).grant.projectId;
const batchIdOf = (request: FastifyRequest) => (request.params as { batch_id: string }).batch_id;
