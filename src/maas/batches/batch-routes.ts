import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { withOutboundCodes } from '../../errors/outbound-codes.js';
import { inferenceFamily } from '../inference/endpoints.js';
import { requireApiKeyCaller } from '../inference/api-key-auth.js';
import { readBatchInput } from './batch-input.js';
import { CreateBatchBody, fileText, parseCreateBatch, parseListPaging } from './batch-requests.js';
import { type BatchRow, type BatchStore, finalStatuses } from './batch-store.js';
import type { FileStore } from './file-store.js';
import { batchApiPrefixes, batchTags } from './file-routes.js';

const BatchParams = Type.Object({ batch_id: Type.String() });
const seconds = (ms: number | null) => (ms === null ? null : Math.floor(Number(ms) / 1000));

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

  /** A batch as OpenAI answers it; while it runs, its counts are read from its lines. */
  const view = async (row: BatchRow) => {
    const counts = finalStatuses.includes(row.status)
      ? { completed: Number(row.completed), failed: Number(row.failed) }
      : await batches.counts(row.id);
    return {
      id: row.id,
      object: 'batch' as const,
      endpoint: row.endpoint,
      errors: row.errors === null ? null : (JSON.parse(row.errors) as unknown),
      input_file_id: row.input_file_id,
      ...(row.input_url !== null ? { input_url: row.input_url } : {}),
      completion_window: row.completion_window,
      status: row.status,
      output_file_id: row.output_file_id,
      error_file_id: row.error_file_id,
      created_at: seconds(row.created_at),
      in_progress_at: seconds(row.in_progress_at),
      expires_at: seconds(row.expires_at),
      finalizing_at: seconds(row.finalizing_at),
      completed_at: seconds(row.completed_at),
      failed_at: seconds(row.failed_at),
      expired_at: seconds(row.expired_at),
      cancelling_at: seconds(row.cancelling_at),
      cancelled_at: seconds(row.cancelled_at),
      request_counts: { total: Number(row.total), ...counts },
      metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as unknown),
    };
  };

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
        const lines = readBatchInput(text, { maxLines: options.maxLines, endpoint: body.endpoint });
        const row = await batches.create({
          projectId,
          accountId: caller.accountId,
          keyId: caller.grant.keyId,
          sourceIp: caller.clientAddress,
          endpoint: body.endpoint,
          inputFileId: body.input_file_id ?? null,
          inputUrl: body.input_url ?? null,
          metadata: body.metadata ?? null,
          lines,
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
        return {
          object: 'list',
          data,
          first_id: data[0]?.id ?? null,
          last_id: data.at(-1)?.id ?? null,
          has_more: hasMore,
        };
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
      async (request) => {
        const projectId = projectOf(request);
        const batch = await batches.get(projectId, batchIdOf(request));
        if (batch.status !== 'cancelling' && batch.status !== 'cancelled') {
          const moved = await batches.move(batch.id, ['validating', 'in_progress'], 'cancelling');
          if (!moved) {
            const now = await batches.get(projectId, batch.id);
            if (now.status !== 'cancelling' && now.status !== 'cancelled') {
              throw new ApiError('ModelArts.81124', now.status);
            }
          }
          // A batch waiting in the queue ends when a worker takes it: wake one.
          options.created();
        }
        return view(await batches.get(projectId, batch.id));
      },
    );
  }
}

const projectOf = (request: FastifyRequest) => requireApiKeyCaller(request).grant.projectId;
const batchIdOf = (request: FastifyRequest) => (request.params as { batch_id: string }).batch_id;
