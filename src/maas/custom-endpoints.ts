import { sql } from 'kysely';
import type { Db } from '../storage/database.js';
import { isUniqueViolation, serializeOn } from '../storage/database.js';
import type { CustomEndpointsTable } from '../storage/schema.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../storage/ids.js';
import { canBackEndpoint, type ModelServiceStore } from './model-services.js';
import { optionalString, type Paging, resourceNamePattern } from './validation.js';

export interface CustomEndpointView {
  endpoint_id: string;
  endpoint_name: string;
  service_id: string;
  description: string;
  status: CustomEndpointsTable['status'];
  rate_limit_per_minute: number | null;
  monthly_token_quota: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * Optional per-endpoint limits: a number sets it, null removes it, absent leaves it. Another JSON type is a body that
 * does not decode (ModelArts.2115); a number out of range is ModelArts.0101.
 */
function parseLimits(
  body: Record<string, unknown>,
): Partial<Pick<CustomEndpointsTable, 'rate_limit_per_minute' | 'monthly_token_quota'>> {
  const limits: Partial<Pick<CustomEndpointsTable, 'rate_limit_per_minute' | 'monthly_token_quota'>> = {};
  for (const [field, max] of [
    ['rate_limit_per_minute', 1_000_000],
    ['monthly_token_quota', 1e15],
  ] as const) {
    const value = body[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'number') throw new ApiError('ModelArts.2115');
    if (value !== null && (!Number.isInteger(value) || value < 1 || value > max)) {
      throw new ApiError('ModelArts.0101', `${field} must be an integer from 1 to ${max}, or null`);
    }
    limits[field] = value as number | null;
  }
  return limits;
}

function toView(row: CustomEndpointsTable): CustomEndpointView {
  return {
    endpoint_id: row.id,
    endpoint_name: row.name,
    service_id: row.service_id,
    description: row.description,
    status: row.status,
    rate_limit_per_minute: row.rate_limit_per_minute === null ? null : Number(row.rate_limit_per_minute),
    monthly_token_quota: row.monthly_token_quota === null ? null : Number(row.monthly_token_quota),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** Custom endpoints: unique, never reused names in front of model services, with a per-project quota. */
export class CustomEndpointStore {
  constructor(
    private readonly db: Db,
    private readonly services: ModelServiceStore,
    private readonly quotaPerProject: number,
  ) {}

  /** Checks run in the catalogue's order: required name, body types, name format, service, then quota and uniqueness. */
  async create(projectId: string, body: Record<string, unknown>): Promise<CustomEndpointView> {
    const rawName = body.endpoint_name;
    if (rawName === undefined || rawName === null || rawName === '') throw new ApiError('ModelArts.0104');
    const name = optionalString(body, 'endpoint_name')!;
    const serviceId = optionalString(body, 'service_id');
    const description = optionalString(body, 'description') ?? '';
    if (!resourceNamePattern.test(name)) throw new ApiError('ModelArts.6274');
    if (!serviceId) throw new ApiError('ModelArts.0101', 'service_id is required');
    if (description.length > 512) throw new ApiError('ModelArts.0101', 'description must be at most 512 characters');
    const limits = parseLimits(body);

    await this.requireBackingService(projectId, serviceId);

    const now = Date.now();
    const row: CustomEndpointsTable = {
      id: newId(),
      project_id: projectId,
      name,
      service_id: serviceId,
      description,
      status: 'running',
      created_at: now,
      updated_at: now,
      deleted_at: null,
      rate_limit_per_minute: limits.rate_limit_per_minute ?? null,
      monthly_token_quota: limits.monthly_token_quota ?? null,
    };
    try {
      // Name and quota are checked and the row written in one transaction; the unique constraint on
      // (project_id, name) settles any race the checks miss, so of two concurrent creates exactly one wins.
      await this.db.transaction().execute(async (trx) => {
        await serializeOn(trx, `custom_endpoints:${projectId}`);
        const taken = await trx
          .selectFrom('custom_endpoints')
          .select('id')
          .where('project_id', '=', projectId)
          .where('name', '=', name)
          .executeTakeFirst();
        if (taken) throw new ApiError('ModelArts.6271');
        const { count } = await trx
          .selectFrom('custom_endpoints')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('project_id', '=', projectId)
          .where('status', '=', 'running')
          .executeTakeFirstOrThrow();
        if (Number(count) >= this.quotaPerProject) throw new ApiError('ModelArts.6297');
        await trx.insertInto('custom_endpoints').values(row).execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('ModelArts.6271');
      throw error;
    }
    return toView(row);
  }

  /** The service an endpoint is to route to: it must exist (ModelArts.3502) and be allowed to back one (6613). */
  private async requireBackingService(projectId: string, serviceId: string): Promise<void> {
    const service = await this.services.find(projectId, serviceId);
    if (!service) throw new ApiError('ModelArts.3502', serviceId);
    if (!canBackEndpoint(service)) throw new ApiError('ModelArts.6613');
  }

  private async findRunning(projectId: string, endpointId: string): Promise<CustomEndpointsTable> {
    const row = await this.db
      .selectFrom('custom_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', endpointId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.6291');
    return row;
  }

  /** The running endpoint of a name, for routing inference. */
  async findRunningByName(projectId: string, name: string): Promise<CustomEndpointsTable | undefined> {
    return this.db
      .selectFrom('custom_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('name', '=', name)
      .where('status', '=', 'running')
      .executeTakeFirst();
  }

  async listRunning(projectId: string): Promise<CustomEndpointsTable[]> {
    return this.db
      .selectFrom('custom_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('status', '=', 'running')
      .orderBy('created_at')
      .execute();
  }

  async get(projectId: string, endpointId: string): Promise<CustomEndpointView> {
    return toView(await this.findRunning(projectId, endpointId));
  }

  async list(
    projectId: string,
    paging: Paging,
    nameFilter?: string,
  ): Promise<{ total: number; endpoints: CustomEndpointView[] }> {
    let base = this.db
      .selectFrom('custom_endpoints')
      .where('project_id', '=', projectId)
      .where('status', '=', 'running');
    if (nameFilter) {
      // The filter is a substring; LIKE wildcards in it are escaped so that they match themselves.
      const pattern = `%${nameFilter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where(sql<boolean>`lower(name) LIKE lower(${pattern}) ESCAPE '\\'`);
    }
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(paging.offset)
      .limit(paging.limit)
      .execute();
    return { total: Number(total), endpoints: rows.map(toView) };
  }

  async update(projectId: string, endpointId: string, body: Record<string, unknown>): Promise<CustomEndpointView> {
    const description = optionalString(body, 'description');
    const serviceId = optionalString(body, 'service_id');
    if (body.endpoint_name !== undefined) {
      throw new ApiError('ModelArts.0101', 'endpoint_name cannot be changed; names are permanent for billing');
    }
    if (description !== undefined && description.length > 512) {
      throw new ApiError('ModelArts.0101', 'description must be at most 512 characters');
    }
    const limits = parseLimits(body);
    const current = await this.findRunning(projectId, endpointId);
    if (serviceId !== undefined && serviceId !== current.service_id)
      await this.requireBackingService(projectId, serviceId);
    const changes: Partial<CustomEndpointsTable> = { updated_at: Date.now() };
    if (description !== undefined) changes.description = description;
    if (serviceId !== undefined) changes.service_id = serviceId;
    Object.assign(changes, limits);
    await this.db
      .updateTable('custom_endpoints')
      .set(changes)
      .where('id', '=', endpointId)
      .where('status', '=', 'running')
      .execute();
    return this.get(projectId, endpointId);
  }

  /** Deleting keeps the row (status 'deleted') so that the name stays taken for good. */
  async delete(projectId: string, endpointId: string): Promise<void> {
    const now = Date.now();
    const result = await this.db
      .updateTable('custom_endpoints')
      .set({ status: 'deleted', deleted_at: now, updated_at: now })
      .where('project_id', '=', projectId)
      .where('id', '=', endpointId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ApiError('ModelArts.6291');
  }
}
