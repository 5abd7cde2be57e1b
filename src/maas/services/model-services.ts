import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/database.js';
import type { ModelServicesTable } from '../../storage/schema.js';
import { ApiError } from '../../errors/api-error.js';
import { newId } from '../../storage/ids.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import type { NewService, ServiceChanges } from './service-schemas.js';
import { parseStoredPrices, priceView, storedPrices } from '../pricing/prices.js';

export type AuthMode = ModelServicesTable['auth_mode'];

/** A real-time model service: a name for an upstream OpenAI-compatible server, and how it may be exposed. */
export interface ModelServiceView {
  service_id: string;
  service_name: string;
  upstream_url: string;
  /** More servers of the same model, called through the same pool as upstream_url (this platform's extension). */
  replica_urls: string[];
  upstream_model: string;
  mount_to_maas_gateway: boolean;
  auth_mode: AuthMode;
  description: string;
  workspace_id: string;
  /** Where the service answers directly, with a token or AK/SK (or nothing, for auth_mode none). */
  access_address: string;
  /** Extension: the service's prices (showback), as an operator model's. */
  input_price_per_million_tokens: number | null;
  output_price_per_million_tokens: number | null;
  currency: string;
  price_windows: {
    start: string;
    end: string;
    input_price_per_million_tokens: number;
    output_price_per_million_tokens: number;
  }[];
  created_at: string;
  updated_at: string;
}

export function toServiceView(row: ModelServicesTable): ModelServiceView {
  return {
    service_id: row.id,
    service_name: row.name,
    upstream_url: row.upstream_url,
    replica_urls: JSON.parse(row.replica_urls) as string[],
    upstream_model: row.upstream_model,
    mount_to_maas_gateway: row.mounted_to_maas === 1,
    auth_mode: row.auth_mode,
    description: row.description,
    workspace_id: row.workspace_id,
    access_address: `/v1/infers/${row.id}`,
    ...priceView(parseStoredPrices(row.prices ?? null)),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  };
}

/**
 * A service may back a custom endpoint (and be called through one) only while it is mounted to the MaaS gateway or
 * needs no authentication, as the cloud's ModelArts.6613 says.
 */
export function canBackEndpoint(service: Pick<ModelServicesTable, 'mounted_to_maas' | 'auth_mode'>): boolean {
  return service.mounted_to_maas === 1 || service.auth_mode === 'none';
}

export class ModelServiceStore {
  /** Services by id for the data plane (endpoints and direct calls), for the lookup window. */
  private readonly byId = new LookupCache<ModelServicesTable>({ max: 20_000 });

  constructor(private readonly db: Db) {}

  /** A service by id alone (direct calls name no project), cached. */
  async findAnywhere(serviceId: string): Promise<ModelServicesTable | null> {
    return this.byId.get(serviceId, () =>
      this.db.selectFrom('model_services').selectAll().where('id', '=', serviceId).executeTakeFirst(),
    );
  }

  async create(projectId: string, input: NewService): Promise<ModelServiceView> {
    const name = input.name;
    const now = Date.now();
    const row: ModelServicesTable = {
      id: newId(),
      project_id: projectId,
      name,
      upstream_url: input.upstreamUrl,
      replica_urls: JSON.stringify(input.replicaUrls),
      upstream_model: input.upstreamModel,
      mounted_to_maas: input.mounted ? 1 : 0,
      auth_mode: input.authMode,
      description: input.description,
      workspace_id: input.workspaceId,
      prices: storedPrices(input.prices),
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.insertInto('model_services').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('ModelArts.3503', name);
      throw error;
    }
    return toServiceView(row);
  }

  async find(projectId: string, serviceId: string): Promise<ModelServicesTable | undefined> {
    return this.db
      .selectFrom('model_services')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', serviceId)
      .executeTakeFirst();
  }

  async get(projectId: string, serviceId: string): Promise<ModelServiceView> {
    const row = await this.find(projectId, serviceId);
    if (!row) throw new ApiError('ModelArts.3502', serviceId);
    return toServiceView(row);
  }

  async list(projectId: string): Promise<ModelServiceView[]> {
    const rows = await this.db
      .selectFrom('model_services')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .execute();
    return rows.map(toServiceView);
  }

  async update(projectId: string, serviceId: string, input: ServiceChanges): Promise<ModelServiceView> {
    const changes: Partial<ModelServicesTable> = { updated_at: Date.now() };
    if (input.upstreamUrl !== undefined) changes.upstream_url = input.upstreamUrl;
    if (input.replicaUrls !== undefined) changes.replica_urls = JSON.stringify(input.replicaUrls);
    if (input.upstreamModel !== undefined) changes.upstream_model = input.upstreamModel;
    if (input.mounted !== undefined) changes.mounted_to_maas = input.mounted ? 1 : 0;
    if (input.authMode !== undefined) changes.auth_mode = input.authMode;
    if (input.description !== undefined) changes.description = input.description;
    if (input.prices !== undefined) changes.prices = storedPrices(input.prices);
    const result = await this.db
      .updateTable('model_services')
      .set(changes)
      .where('project_id', '=', projectId)
      .where('id', '=', serviceId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new ApiError('ModelArts.3502', serviceId);
    this.byId.delete(serviceId);
    return this.get(projectId, serviceId);
  }

  async delete(projectId: string, serviceId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const inUse = await trx
        .selectFrom('maas_endpoints')
        .select('name')
        .where('project_id', '=', projectId)
        .where('service_id', '=', serviceId)
        .where('status', '!=', 'deleted')
        .executeTakeFirst();
      if (inUse) throw new ApiError('ModelArts.3504', inUse.name);
      const result = await trx
        .deleteFrom('model_services')
        .where('project_id', '=', projectId)
        .where('id', '=', serviceId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new ApiError('ModelArts.3502', serviceId);
    });
    this.byId.delete(serviceId);
  }
}
