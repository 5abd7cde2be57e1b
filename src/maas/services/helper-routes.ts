import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Permissions } from '../../identity/index.js';
import { admitModelArts } from '../admit.js';
import { invalid } from '../validation.js';
import { listedModel, type ModelStore } from '../models/model-store.js';
import type { ModelServiceStore } from './model-services.js';

const tags = ['MaaS custom endpoints'];

/** Chinese names of the cloud's regions, for `locales.zh_cn`; other region ids show their id. */
const regionNamesZh: Record<string, string> = {
  'cn-north-1': '华北-北京一',
  'cn-north-4': '华北-北京四',
  'cn-north-9': '华北-乌兰察布一',
  'cn-north-12': '华北-乌兰察布二零二',
  'cn-east-3': '华东-上海一',
  'cn-south-1': '华南-广州',
  'cn-southwest-2': '西南-贵阳一',
  'ap-southeast-1': '中国-香港',
  'ap-southeast-3': '亚太-新加坡',
};

/** The default workspace every project has; this platform has no other (spec §2.2: its id is "0"). */
const defaultWorkspaceId = '0';

export interface HelperRouteDeps {
  services: ModelServiceStore;
  models: ModelStore;
  /** The one region this platform is (identity's default region). */
  region: string;
}

/**
 * The helper APIs of spec §2 that a client walks to create a custom_from_modelarts_v2 endpoint: regions → workspaces
 * of a region → real-time services of a workspace.
 */
export function registerHelperRoutes(app: FastifyInstance, { services, models, region }: HelperRouteDeps): void {
  const checkRegion = (regionId: string | undefined) => {
    if (regionId !== region) throw invalid('region_id', `must be ${region}, the region of this platform`);
  };

  app.get(
    '/v1/:project_id/maas/services/custom-endpoint/regions',
    { schema: { tags, summary: 'Regions with real-time services that can back custom endpoints' } },
    async (request) => {
      admitModelArts(request, Permissions.serviceRead);
      return {
        region_items: [{ region_id: region, locales: { en_us: region, zh_cn: regionNamesZh[region] ?? region } }],
      };
    },
  );

  // An extension: the operator models a custom_from_maas endpoint may sit on (its `model_name` is one of their ids),
  // for a signed-in person choosing one. Clients with an API key read the same ids from GET /v1/models.
  app.get(
    '/v1/:project_id/maas/services/custom-endpoint/models',
    {
      schema: {
        tags,
        summary: 'Operator models open to the account (GET /v1/models entries), for custom_from_maas endpoints',
        response: {
          200: Type.Object({
            object: Type.Literal('list'),
            data: Type.Array(
              Type.Object({
                id: Type.String({ description: 'The model_name of a custom_from_maas endpoint' }),
                object: Type.Literal('model'),
                created: Type.Integer(),
                owned_by: Type.Literal('maas'),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { caller } = admitModelArts(request, Permissions.serviceRead);
      const open = await models.listOpenTo(caller.principal.accountId);
      return {
        object: 'list',
        data: open.map(listedModel),
      };
    },
  );

  app.get(
    '/v1/:project_id/maas/services/workspace/:region_id',
    { schema: { tags, summary: 'Workspaces of a region (here: the default workspace "0")' } },
    async (request) => {
      const { caller, params } = admitModelArts(request, Permissions.serviceRead);
      checkRegion(params.region_id);
      const workspace = {
        id: defaultWorkspaceId,
        name: 'default',
        description: 'The default workspace',
        owner: caller.principal.accountName,
        create_time: '0',
        update_time: '0',
        auth_type: 'PUBLIC',
      };
      return { total_count: 1, count: 1, workspaces: [workspace] };
    },
  );

  app.get(
    '/v1/:project_id/maas/services/custom-endpoint/services/:region_id',
    {
      schema: {
        tags,
        summary: 'Real-time services of a workspace (InferServerInfo), with whether each may back an endpoint',
        querystring: Type.Object({ workspace_id: Type.Optional(Type.String({ default: '0' })) }),
      },
    },
    async (request) => {
      const { caller, projectId, params } = admitModelArts(request, Permissions.serviceRead);
      checkRegion(params.region_id);
      const workspaceId = (request.query as { workspace_id?: string }).workspace_id || defaultWorkspaceId;
      const list = (await services.list(projectId)).filter((s) => s.workspace_id === workspaceId);
      return {
        data: list.map((s) => ({
          id: s.service_id,
          name: s.service_name,
          status: 'running',
          version: '1.0.0',
          version_count: '1',
          description: s.description,
          type: 'real-time',
          deploy_type: 'dedicated',
          user_name: caller.principal.userName,
          workspace_id: s.workspace_id,
          create_at: String(Date.parse(s.created_at)),
          // Beyond the cloud's fields: what decides whether the service may back an endpoint (ModelArts.6613).
          mount_to_maas_gateway: s.mount_to_maas_gateway,
          auth_mode: s.auth_mode,
        })),
        pages: 1,
        total: list.length,
      };
    },
  );
}
