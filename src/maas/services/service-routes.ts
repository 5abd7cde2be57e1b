import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import { admitModelArts } from '../admit.js';
import { ProjectParams } from '../endpoints/endpoint-schemas.js';
import type { ModelServiceStore } from './model-services.js';
import * as schemas from './service-schemas.js';

const serviceTags = ['Model services'];

/**
 * The tenant's real-time model services (ModelArts' `/v1/{project_id}/services`): an upstream OpenAI-compatible
 * server with the "mount to MaaS gateway" and authentication switches. Such a service backs custom endpoints of source
 * custom_from_modelarts_v2 and answers direct calls at /v1/infers/{service_id}/.
 */
export function registerServiceRoutes(app: FastifyInstance, deps: { services: ModelServiceStore }): void {
  const services = '/v1/:project_id/services';
  app.post(
    services,
    {
      config: { json: true },
      schema: {
        tags: serviceTags,
        summary: 'Register a real-time model service',
        params: ProjectParams,
        body: schemas.CreateServiceBody,
        response: { 201: schemas.Service },
      },
    },
    async (request, reply) => {
      const { projectId, body } = admitModelArts(request, Permissions.serviceCreate);
      return reply.status(201).send(await deps.services.create(projectId, schemas.parseNewService(body)));
    },
  );

  app.get(
    services,
    {
      schema: {
        tags: serviceTags,
        summary: 'List model services',
        params: ProjectParams,
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
      return deps.services.update(projectId, params.service_id!, schemas.parseServiceChanges(body));
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
