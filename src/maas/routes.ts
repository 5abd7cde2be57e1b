import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import { admitModelArts, type Params } from './admit.js';
import type { CustomEndpointStore } from './custom-endpoints.js';
import type { ModelServiceStore } from './model-services.js';
import { parsePaging } from './validation.js';
import * as schemas from './schemas.js';

export interface MaasRouteDeps {
  endpoints: CustomEndpointStore;
  services: ModelServiceStore;
}

/** An id path parameter that is empty or blank is a missing id (ModelArts.6299), not an unknown route. */
function endpointIdOf(params: Params): string {
  const id = params.endpoint_id?.trim();
  if (!id) throw new ApiError('ModelArts.6299');
  return id;
}

const tags = ['MaaS custom endpoints'];
const serviceTags = ['Model services'];

export function registerMaasRoutes(app: FastifyInstance, deps: MaasRouteDeps): void {
  const base = '/v1/:project_id/maas/custom-endpoints';

  app.post(
    base,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Create a custom endpoint',
        params: schemas.ProjectParams,
        body: schemas.CreateEndpointBody,
        response: { 201: schemas.Endpoint },
      },
    },
    async (request, reply) => {
      const { projectId, body } = admitModelArts(request, Permissions.customEndpointCreate, 'ModelArts.8503');
      return reply.status(201).send(await deps.endpoints.create(projectId, body));
    },
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List custom endpoints',
        params: schemas.ProjectParams,
        querystring: schemas.ListEndpointsQuery,
        response: { 200: schemas.EndpointList },
      },
    },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.customEndpointRead);
      const query = request.query as Record<string, string | undefined>;
      const paging = parsePaging(query);
      const { total, endpoints } = await deps.endpoints.list(projectId, paging, query.endpoint_name);
      return { total, count: endpoints.length, offset: paging.offset, limit: paging.limit, endpoints };
    },
  );

  app.get(
    `${base}/:endpoint_id`,
    {
      schema: {
        tags,
        summary: 'Show a custom endpoint',
        params: schemas.EndpointParams,
        response: { 200: schemas.Endpoint },
      },
    },
    async (request) => {
      const { projectId, params } = admitModelArts(request, Permissions.customEndpointRead);
      return deps.endpoints.get(projectId, endpointIdOf(params));
    },
  );

  app.put(
    `${base}/:endpoint_id`,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Update a custom endpoint',
        params: schemas.EndpointParams,
        body: schemas.UpdateEndpointBody,
        response: { 200: schemas.Endpoint },
      },
    },
    async (request) => {
      const { projectId, params, body } = admitModelArts(request, Permissions.customEndpointUpdate);
      return deps.endpoints.update(projectId, endpointIdOf(params), body);
    },
  );

  app.delete(
    `${base}/:endpoint_id`,
    {
      schema: {
        tags,
        summary: 'Delete a custom endpoint (its name stays taken)',
        params: schemas.EndpointParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { projectId, params } = admitModelArts(request, Permissions.customEndpointDelete);
      await deps.endpoints.delete(projectId, endpointIdOf(params));
      return reply.status(204).send();
    },
  );

  // Without an id, show/update/delete answer "id is required" rather than "no such API".
  for (const method of ['PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: base,
      config: { json: false },
      schema: { hide: true },
      handler: async (request) => {
        admitModelArts(request, method === 'PUT' ? Permissions.customEndpointUpdate : Permissions.customEndpointDelete);
        throw new ApiError('ModelArts.6299');
      },
    });
  }

  const services = '/v1/:project_id/services';
  app.post(
    services,
    {
      config: { json: true },
      schema: {
        tags: serviceTags,
        summary: 'Register a real-time model service',
        params: schemas.ProjectParams,
        body: schemas.CreateServiceBody,
        response: { 201: schemas.Service },
      },
    },
    async (request, reply) => {
      const { projectId, body } = admitModelArts(request, Permissions.serviceCreate);
      return reply.status(201).send(await deps.services.create(projectId, body));
    },
  );

  app.get(
    services,
    {
      schema: {
        tags: serviceTags,
        summary: 'List model services',
        params: schemas.ProjectParams,
        response: { 200: schemas.ServiceList },
      },
    },
    async (request) => {
      const { projectId } = admitModelArts(request, Permissions.serviceRead);
      const list = await deps.services.list(projectId);
      return { total: list.length, services: list };
    },
  );

  app.get(
    `${services}/:service_id`,
    {
      schema: {
        tags: serviceTags,
        summary: 'Show a model service',
        params: schemas.ServiceParams,
        response: { 200: schemas.Service },
      },
    },
    async (request) => {
      const { projectId, params } = admitModelArts(request, Permissions.serviceRead);
      return deps.services.get(projectId, params.service_id!);
    },
  );

  app.put(
    `${services}/:service_id`,
    {
      config: { json: true },
      schema: {
        tags: serviceTags,
        summary: 'Update a model service',
        params: schemas.ServiceParams,
        body: schemas.UpdateServiceBody,
        response: { 200: schemas.Service },
      },
    },
    async (request) => {
      const { projectId, params, body } = admitModelArts(request, Permissions.serviceUpdate);
      return deps.services.update(projectId, params.service_id!, body);
    },
  );

  app.delete(
    `${services}/:service_id`,
    {
      schema: {
        tags: serviceTags,
        summary: 'Delete a model service no endpoint uses',
        params: schemas.ServiceParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { projectId, params } = admitModelArts(request, Permissions.serviceDelete);
      await deps.services.delete(projectId, params.service_id!);
      return reply.status(204).send();
    },
  );
}
