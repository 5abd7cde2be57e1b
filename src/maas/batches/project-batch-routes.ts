import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import { admitModelArts } from '../admit.js';
import { ProjectParams } from '../endpoints/endpoint-schemas.js';
import { listPage, parseListPaging } from './batch-requests.js';
import type { BatchStore } from './batch-store.js';
import { batchView, cancelBatch } from './batch-view.js';
import type { FileStore } from './file-store.js';

const tags = ['MaaS batches (console)'];
const ProjectBatchParams = Type.Object({ project_id: Type.String(), batch_id: Type.String() });
const ProjectFileParams = Type.Object({ project_id: Type.String(), file_id: Type.String() });
const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ description: 'The last batch id of the previous page' })),
  limit: Type.Optional(Type.String({ description: '1 to 100; default 20' })),
});

export interface ProjectBatchRouteOptions {
  batches: BatchStore;
  files: FileStore;
  /** Told when a batch is cancelled, so that a worker ends a batch still waiting in the queue. */
  created: () => void;
}

/**
 * The project's batches for a person signed in with an IAM token (the console): the Batch API itself takes only MaaS
 * API keys. The same store and the same answers as the Batch API (list newest first with `after`/`limit`, one batch,
 * cancel, a file's content), scoped to the path's project, which the gateway has checked against the token's.
 */
export function registerProjectBatchRoutes(app: FastifyInstance, options: ProjectBatchRouteOptions): void {
  const { batches, files } = options;
  const base = '/v1/:project_id/maas/batches';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The project's batches, newest first",
        params: ProjectParams,
        querystring: ListQuery,
      },
    },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.batchRead);
      const paging = parseListPaging(request.query as Record<string, string | undefined>);
      const { rows, hasMore } = await batches.list(projectId, paging);
      const data = await Promise.all(rows.map((row) => batchView(batches, row)));
      return listPage(data, hasMore);
    },
  );

  app.get(
    `${base}/:batch_id`,
    { schema: { tags, summary: 'A batch of the project', params: ProjectBatchParams } },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.batchRead);
      return batchView(batches, await batches.get(projectId, (request.params as { batch_id: string }).batch_id));
    },
  );

  app.post(
    `${base}/:batch_id/cancel`,
    { schema: { tags, summary: 'Cancel a batch of the project', params: ProjectBatchParams } },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.batchCancel);
      const batchId = (request.params as { batch_id: string }).batch_id;
      return batchView(batches, await cancelBatch(batches, projectId, batchId, options.created));
    },
  );

  app.get(
    '/v1/:project_id/maas/files/:file_id/content',
    {
      schema: { tags, summary: "A file's content (a batch's input, output or error file)", params: ProjectFileParams },
    },
    async (request, reply) => {
      const { projectId } = admitModelArts(request, Permissions.batchRead);
      const content = await files.content(projectId, (request.params as { file_id: string }).file_id);
      return reply.type('application/octet-stream').send(content);
    },
  );
}
