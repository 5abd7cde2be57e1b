import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiError } from '../../errors/api-error.js';
import { Permissions } from '../../identity/index.js';
import { admitModelArts, type Params } from '../admit.js';
import { type EndpointStore, fixedFields } from './endpoint-store.js';
import * as schemas from './endpoint-schemas.js';

const tags = ['MaaS custom endpoints'];

/** An id path parameter that is empty or blank is a missing id (ModelArts.6299), not an unknown route. */
function endpointIdOf(params: Params): string {
  const id = params.custom_endpoint_id?.trim();
  if (!id) throw new ApiError('ModelArts.6299');
  return id;
}

/** The caller's account and the path's project (the gateway has checked that the credential may use it). */
function callerOf(request: FastifyRequest, action: string, denied?: 'ModelArts.8503') {
  const { caller, projectId, params, body } = admitModelArts(request, action, denied);
  return { owner: { accountId: caller.principal.accountId, projectId }, params, body };
}

/** The custom-endpoint API at the cloud's paths (spec §1). */
export function registerEndpointRoutes(app: FastifyInstance, endpoints: EndpointStore): void {
  const base = '/v1/:project_id/maas/services/custom-endpoint/endpoint';
  const control = '/v1/:project_id/maas/services/custom-endpoint/control';

  app.post(
    base,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Create a custom endpoint',
        params: schemas.ProjectParams,
        body: schemas.CreateEndpointBody,
        response: { 200: schemas.CustomEndpointInfo },
      },
    },
    async (request) => {
      const { owner, body } = callerOf(request, Permissions.customEndpointCreate, 'ModelArts.8503');
      return endpoints.create(owner, schemas.checkCreateEndpoint(body));
    },
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "List the project's custom endpoints",
        params: schemas.ProjectParams,
        response: { 200: schemas.EndpointList },
      },
    },
    async (request) => {
      const { owner } = callerOf(request, Permissions.customEndpointRead);
      const { total, items } = await endpoints.list(owner);
      // `count` is a string in the cloud's answer (sic).
      return { total, count: String(items.length), items, quantity_limit: endpoints.quota };
    },
  );

  app.put(
    `${base}/:custom_endpoint_id`,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Edit name, remark, rpm, tpm and content guard',
        params: schemas.EndpointParams,
        body: schemas.UpdateEndpointBody,
        response: { 200: schemas.CustomEndpointInfo },
      },
    },
    async (request) => {
      const { owner, params, body } = callerOf(request, Permissions.customEndpointUpdate);
      const id = endpointIdOf(params);
      const fixed = Object.fromEntries(fixedFields.map((field) => [field, body[field]]));
      return endpoints.update(owner, id, schemas.checkUpdateEndpoint(body), fixed);
    },
  );

  app.delete(
    `${base}/:custom_endpoint_id`,
    {
      schema: {
        tags,
        summary: 'Delete a custom endpoint (its name stays taken)',
        params: schemas.EndpointParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { owner, params } = callerOf(request, Permissions.customEndpointDelete);
      await endpoints.delete(owner, endpointIdOf(params));
      return reply.status(204).send();
    },
  );

  app.put(
    `${control}/:custom_endpoint_id`,
    {
      config: { json: true },
      schema: {
        tags,
        summary: 'Enable (activate) or disable (deactivate) a custom endpoint',
        params: schemas.EndpointParams,
        body: schemas.ControlBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { owner, params, body } = callerOf(request, Permissions.customEndpointUpdate);
      const id = endpointIdOf(params);
      const { action } = schemas.checkControl(body);
      await endpoints.setEnabled(owner, id, action === 'activate');
      return reply.status(204).send();
    },
  );

  // Without an id, edit, delete and control answer "id is required" rather than "no such API".
  for (const [method, url, action] of [
    ['PUT', base, Permissions.customEndpointUpdate],
    ['DELETE', base, Permissions.customEndpointDelete],
    ['PUT', control, Permissions.customEndpointUpdate],
    ['PUT', `${control}/`, Permissions.customEndpointUpdate],
  ] as const) {
    app.route({
      method,
      url,
      config: { json: false },
      schema: { hide: true },
      handler: async (request) => {
        admitModelArts(request, action);
        throw new ApiError('ModelArts.6299');
      },
    });
  }
}
