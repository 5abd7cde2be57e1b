import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import { admitModelArts } from './admit.js';
import type { ApiKeyStore } from './api-keys.js';
import type { CustomEndpointStore } from './custom-endpoints.js';
import type { UsageMeter } from './usage.js';
import * as schemas from './schemas.js';

export interface KeyRouteDeps {
  apiKeys: ApiKeyStore;
  endpoints: CustomEndpointStore;
  usage: UsageMeter;
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/** Project API keys for inference, and the per-endpoint usage they run up. */
export function registerKeyRoutes(app: FastifyInstance, deps: KeyRouteDeps): void {
  const keys = '/v1/:project_id/maas/api-keys';
  const keyTags = ['MaaS API keys and usage'];
  app.post(
    keys,
    {
      config: { json: true },
      schema: {
        tags: keyTags,
        summary: 'Create an API key (shown once)',
        params: schemas.ProjectParams,
        body: schemas.CreateApiKeyBody,
      },
    },
    async (request, reply) => {
      const { caller, projectId, body } = admitModelArts(request, Permissions.apiKeyManage);
      return reply.status(201).send(await deps.apiKeys.create(projectId, caller.principal.accountId, body));
    },
  );
  app.get(
    keys,
    { schema: { tags: keyTags, summary: 'List API keys (without the keys)', params: schemas.ProjectParams } },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.apiKeyManage);
      const list = await deps.apiKeys.list(projectId);
      return { total: list.length, api_keys: list };
    },
  );
  app.delete(
    `${keys}/:api_key_id`,
    { schema: { tags: keyTags, summary: 'Revoke an API key' } },
    async (request, reply) => {
      const { projectId } = admitModelArts(request, Permissions.apiKeyManage);
      await deps.apiKeys.revoke(projectId, (request.params as { api_key_id: string }).api_key_id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/:project_id/maas/custom-endpoints/:endpoint_id/usage',
    {
      schema: {
        tags: keyTags,
        summary: 'Calls and tokens of an endpoint per UTC day',
        params: schemas.EndpointParams,
        querystring: schemas.UsageQuery,
      },
    },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.usageRead);
      const endpointId = (request.params as { endpoint_id: string }).endpoint_id;
      const query = request.query as { start_date?: string; end_date?: string };
      const today = new Date().toISOString().slice(0, 10);
      const from = query.start_date ?? `${today.slice(0, 8)}01`;
      const to = query.end_date ?? today;
      if (!day.test(from) || !day.test(to) || from > to)
        throw new ApiError('ModelArts.0101', 'start_date and end_date must be YYYY-MM-DD, start first');
      const endpoint = await deps.endpoints.get(projectId, endpointId).catch(async (error) => {
        // A deleted endpoint's usage stays readable: its calls were billed.
        if (error instanceof ApiError && error.code === 'ModelArts.6291') return undefined;
        throw error;
      });
      const usage = await deps.usage.daily(projectId, endpointId, from, to);
      if (!endpoint && usage.days.length === 0) throw new ApiError('ModelArts.6291');
      return { endpoint_id: endpointId, start_date: from, end_date: to, ...usage };
    },
  );
}
