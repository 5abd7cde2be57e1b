import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { Permissions } from '../identity/index.js';
import { withOutboundCodes } from '../errors/outbound-codes.js';
import { type AddressPolicy, checkHostNow } from '../net/address-guard.js';
import { admitModeration, jsonRoute } from './admit.js';
import { operatorBucketsFrom, projectStoreFrom } from './object-storage-input.js';
import type { ObjectStorageAccess, ProjectStorageAccess } from './sources/object-storage-access.js';
import * as schemas from './schemas.js';

/** Tells whether a project exists (identity's IdentityService). */
export interface ProjectDirectory {
  projectExists(projectId: string): Promise<boolean>;
}

export interface ObjectStorageRouteDeps {
  access: ObjectStorageAccess;
  projects: ProjectDirectory;
  /** As for image URLs: own store endpoints on loopback and private addresses are refused unless allowed. */
  /** The address policy of outbound connections, for an early check of a store endpoint a project names. */
  addresses: AddressPolicy;
  bodyLimitBytes: number;
}

/** Shown instead of a stored secret key: always the same, so that it tells nothing, not even the key's length. */
const maskedSecret = '******';

const iso = (ms: number) => new Date(ms).toISOString();

/** A project's object-storage settings as the project sees them: its own store (secret masked) and its grants. */
function projectView(access: ProjectStorageAccess) {
  const own = access.own;
  return {
    ...(own
      ? {
          endpoint: own.endpoint,
          region: own.region,
          access_key: own.accessKey,
          secret_key: maskedSecret,
          path_style: own.pathStyle,
        }
      : {}),
    buckets: own?.buckets ?? [],
    operator_buckets: access.operator?.buckets ?? [],
    ...(own ? { update_time: iso(own.updatedAt) } : {}),
  };
}

function operatorView(projectId: string, access: ProjectStorageAccess) {
  return {
    project_id: projectId,
    buckets: access.operator?.buckets ?? [],
    ...(access.operator ? { update_time: iso(access.operator.updatedAt) } : {}),
  };
}

/**
 * Object-storage access per project (the cloud's OBS agency), a documented extension of the moderation API:
 * a project configures its own store (credentials and the buckets and prefixes they cover), and the operator grants
 * buckets and prefixes on the operator's store. Without either, reading object storage answers ModelArts.4702.
 */
export function registerObjectStorageRoutes(app: FastifyInstance, deps: ObjectStorageRouteDeps): void {
  const tags = ['Content Moderation'];
  const path = '/v3/:project_id/moderation/object-storage';

  app.put(
    path,
    {
      config: jsonRoute(deps.bodyLimitBytes),
      schema: {
        tags,
        summary: "Set the project's own object store: credentials (the secret is write-only) and buckets",
        params: schemas.ProjectParams,
        body: schemas.ProjectObjectStorageBody,
        response: { 200: schemas.ProjectObjectStorageView },
      },
    },
    async (request) => {
      const { projectId, body } = admitModeration(request, Permissions.moderationObjectStorage);
      const { endpointUrl, ...store } = projectStoreFrom(body);
      // The store is connected to on the tenant's behalf: refuse private networks now, with a clear answer (the
      // connection checks again, as the address may resolve differently by then).
      await checkHostNow(endpointUrl.hostname, deps.addresses, { mustResolve: false }).catch((error: unknown) => {
        throw withOutboundCodes('AIS', 'objectStore', error);
      });
      await deps.access.setProjectStore(projectId, store);
      return projectView(await deps.access.of(projectId));
    },
  );
  app.get(
    path,
    {
      schema: {
        tags,
        summary: "Show the project's object storage: its own store (secret masked) and the operator's grants",
        params: schemas.ProjectParams,
        response: { 200: schemas.ProjectObjectStorageView },
      },
    },
    async (request) => {
      const { projectId } = admitModeration(request, Permissions.moderationObjectStorage);
      return projectView(await deps.access.of(projectId));
    },
  );
  app.delete(
    path,
    { schema: { tags, summary: "Remove the project's own object store", params: schemas.ProjectParams } },
    async (request, reply) => {
      const { projectId } = admitModeration(request, Permissions.moderationObjectStorage);
      await deps.access.remove(projectId, 'project');
      return reply.status(204).send();
    },
  );

  // ---- operator: buckets and prefixes of the operator's store that a project may read ----------------------------
  const operatorPath = '/operator/v1/projects/:project_id/object-storage';
  const operatorTags = ['Operator'];
  const existingProject = async (params: unknown): Promise<string> => {
    const projectId = (params as { project_id: string }).project_id;
    if (!(await deps.projects.projectExists(projectId))) throw new ApiError('IAM.0003', 'project');
    return projectId;
  };

  app.put(
    operatorPath,
    {
      config: { auth: 'operator', json: true },
      schema: {
        tags: operatorTags,
        summary: "Grant a project buckets and prefixes of the operator's object store (replaces the list)",
        params: schemas.ProjectParams,
        body: schemas.OperatorObjectStorageBody,
        response: { 200: schemas.OperatorObjectStorageView },
      },
    },
    async (request) => {
      const projectId = await existingProject(request.params);
      const buckets = operatorBucketsFrom(request.body ?? {});
      await deps.access.grantOperatorBuckets(projectId, buckets);
      return operatorView(projectId, await deps.access.of(projectId));
    },
  );
  app.get(
    operatorPath,
    {
      config: { auth: 'operator' },
      schema: {
        tags: operatorTags,
        summary: "Show the buckets and prefixes of the operator's object store granted to a project",
        params: schemas.ProjectParams,
        response: { 200: schemas.OperatorObjectStorageView },
      },
    },
    async (request) => {
      const projectId = await existingProject(request.params);
      return operatorView(projectId, await deps.access.of(projectId));
    },
  );
  app.delete(
    operatorPath,
    {
      config: { auth: 'operator' },
      schema: {
        tags: operatorTags,
        summary: "Revoke a project's grants on the operator's object store",
        params: schemas.ProjectParams,
      },
    },
    async (request, reply) => {
      const projectId = await existingProject(request.params);
      await deps.access.remove(projectId, 'operator');
      return reply.status(204).send();
    },
  );
}
