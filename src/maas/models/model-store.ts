import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/database.js';
import type { MaasModelsTable, MaasReplicasTable } from '../../storage/schema.js';
import { ApiError } from '../../errors/api-error.js';
import { newId } from '../../storage/ids.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import type { SecretSealer } from '../contract.js';
import { parseStoredPrices, type Prices, storedPrices } from '../pricing/prices.js';

/** One upstream server of a deployment, its API key opened for use. */
export interface Replica {
  id: string;
  url: string;
  weight: number;
  apiKey?: string;
  headersTimeoutMs?: number;
}

/** An operator model deployment as the data plane uses it. */
export interface ModelDeployment {
  id: string;
  name: string;
  upstreamModel: string;
  description: string;
  openToAll: boolean;
  /** Account ids the model is open to when it is not open to all. */
  accounts: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  moderation: boolean;
  status: MaasModelsTable['status'];
  origin: MaasModelsTable['origin'];
  fallbackModel: string | null;
  /** Seconds an identical call's answer is answered from the response cache (0: no cache). */
  cacheTtlSeconds: number;
  /** Null: the model's calls cost nothing. */
  prices: Prices | null;
  createdAt: number;
  updatedAt: number;
  replicas: Replica[];
}

/** A deployment as the operator declares it (validated by model-input.ts). */
export interface ModelInput {
  name: string;
  upstreamModel: string;
  description: string;
  openToAll: boolean;
  accounts: string[];
  rpmLimit: number | null;
  tpmLimit: number | null;
  moderation: boolean;
  status: MaasModelsTable['status'];
  fallbackModel: string | null;
  cacheTtlSeconds: number;
  prices: Prices | null;
  replicas: { url: string; weight: number; apiKey?: string | undefined; headersTimeoutMs?: number | undefined }[];
}

/** An operator model as `GET /v1/models` lists it (and the console's helper list of them). */
export function listedModel(model: Pick<ModelDeployment, 'name' | 'createdAt'>) {
  return {
    id: model.name,
    object: 'model' as const,
    created: Math.floor(model.createdAt / 1000),
    owned_by: 'maas' as const,
  };
}

export function isOpenTo(model: Pick<ModelDeployment, 'openToAll' | 'accounts'>, accountId: string): boolean {
  return model.openToAll || model.accounts.includes(accountId);
}

/**
 * The operator's model deployments (the cloud's built-in services) and their replicas. Lookups by name are cached for
 * the lookup window; a change drops this instance's entries at once.
 */
export class ModelStore {
  private readonly byName = new LookupCache<ModelDeployment>({ max: 10_000 });
  private readonly byId = new LookupCache<ModelDeployment>({ max: 10_000 });
  private readonly all = new LookupCache<ModelDeployment[]>({ max: 1 });

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretSealer,
  ) {}

  private toDeployment(row: MaasModelsTable, replicas: MaasReplicasTable[]): ModelDeployment {
    return {
      id: row.id,
      name: row.name,
      upstreamModel: row.upstream_model,
      description: row.description,
      openToAll: row.open_to_all === 1,
      accounts: JSON.parse(row.accounts) as string[],
      rpmLimit: row.rpm_limit === null ? null : Number(row.rpm_limit),
      tpmLimit: row.tpm_limit === null ? null : Number(row.tpm_limit),
      moderation: row.moderation === 1,
      status: row.status,
      origin: row.origin,
      fallbackModel: row.fallback_model,
      cacheTtlSeconds: Number(row.cache_ttl_seconds ?? 0),
      prices: parseStoredPrices(row.prices ?? null),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      replicas: replicas.map((r) => ({
        id: r.id,
        url: r.url,
        weight: Number(r.weight),
        ...(r.api_key_enc ? { apiKey: this.secrets.openSecret(r.api_key_enc) } : {}),
        ...(r.headers_timeout_ms === null ? {} : { headersTimeoutMs: Number(r.headers_timeout_ms) }),
      })),
    };
  }

  private async load(rows: MaasModelsTable[]): Promise<ModelDeployment[]> {
    if (rows.length === 0) return [];
    const replicas = await this.db
      .selectFrom('maas_replicas')
      .selectAll()
      .where(
        'model_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((row) =>
      this.toDeployment(
        row,
        replicas.filter((r) => r.model_id === row.id),
      ),
    );
  }

  async list(): Promise<ModelDeployment[]> {
    return this.load(await this.db.selectFrom('maas_models').selectAll().orderBy('name').execute());
  }

  /** A deployment by its public name (case-sensitive), cached. */
  async findByName(name: string): Promise<ModelDeployment | null> {
    return this.byName.get(name, async () => {
      const row = await this.db.selectFrom('maas_models').selectAll().where('name', '=', name).executeTakeFirst();
      return row ? (await this.load([row]))[0] : null;
    });
  }

  async findById(id: string): Promise<ModelDeployment | null> {
    return this.byId.get(id, async () => {
      const row = await this.db.selectFrom('maas_models').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? (await this.load([row]))[0] : null;
    });
  }

  /** The running deployments an account may call (for /v1/models), cached for the lookup window. */
  async listOpenTo(accountId: string): Promise<ModelDeployment[]> {
    const all = (await this.all.get('running', async () => (await this.list()).filter((m) => m.status === 'running')))!;
    return all.filter((m) => isOpenTo(m, accountId));
  }

  /** Names among `names` that are no deployment the account may call. */
  async unknownFor(accountId: string, names: readonly string[]): Promise<string[]> {
    const open = new Set((await this.listOpenTo(accountId)).map((m) => m.name));
    return names.filter((n) => !open.has(n));
  }

  private forget(...names: string[]): void {
    for (const name of names) this.byName.delete(name);
    this.byId.clear();
    this.all.clear();
  }

  async get(name: string): Promise<ModelDeployment> {
    const model = await this.findByName(name);
    if (!model) throw new ApiError('ModelArts.3509', name);
    return model;
  }

  async create(input: ModelInput, origin: MaasModelsTable['origin'] = 'api'): Promise<ModelDeployment> {
    const now = Date.now();
    const id = newId();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('maas_models')
          .values({ id, ...this.columns(input), origin, created_at: now, updated_at: now })
          .execute();
        await this.insertReplicas(trx, id, input.replicas, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('ModelArts.3510', input.name);
      throw error;
    }
    this.forget(input.name);
    return (await this.findById(id))!;
  }

  /**
   * Replaces a deployment's settings and replicas (the operator sends the whole declaration). A replica sent without
   * an API key keeps the key its URL had, since stored keys are never shown again and could not be sent back.
   */
  async replace(name: string, input: ModelInput, origin?: MaasModelsTable['origin']): Promise<ModelDeployment> {
    const current = await this.get(name);
    const now = Date.now();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('maas_models')
          .set({ ...this.columns(input), ...(origin ? { origin } : {}), updated_at: now })
          .where('id', '=', current.id)
          .execute();
        const sealedKeys = new Map(
          (
            await trx
              .selectFrom('maas_replicas')
              .select(['url', 'api_key_enc'])
              .where('model_id', '=', current.id)
              .execute()
          ).map((r) => [r.url, r.api_key_enc]),
        );
        await trx.deleteFrom('maas_replicas').where('model_id', '=', current.id).execute();
        await this.insertReplicas(trx, current.id, input.replicas, now, sealedKeys);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('ModelArts.3510', input.name);
      throw error;
    }
    this.forget(name, input.name);
    return (await this.findById(current.id))!;
  }

  /** Deletes a deployment that no live custom endpoint uses (ModelArts.3511 names one that does). */
  async delete(name: string): Promise<void> {
    const current = await this.get(name);
    await this.db.transaction().execute(async (trx) => {
      const inUse = await trx
        .selectFrom('maas_endpoints')
        .select('name')
        .where('model_id', '=', current.id)
        .where('status', '!=', 'deleted')
        .executeTakeFirst();
      if (inUse) throw new ApiError('ModelArts.3511', inUse.name);
      await trx.deleteFrom('maas_replicas').where('model_id', '=', current.id).execute();
      await trx.deleteFrom('maas_models').where('id', '=', current.id).execute();
    });
    this.forget(name);
  }

  private columns(input: ModelInput) {
    return {
      name: input.name,
      upstream_model: input.upstreamModel,
      description: input.description,
      open_to_all: input.openToAll ? 1 : 0,
      accounts: JSON.stringify(input.accounts),
      rpm_limit: input.rpmLimit,
      tpm_limit: input.tpmLimit,
      moderation: input.moderation ? 1 : 0,
      status: input.status,
      fallback_model: input.fallbackModel,
      cache_ttl_seconds: input.cacheTtlSeconds,
      prices: storedPrices(input.prices),
    };
  }

  private async insertReplicas(
    trx: Db,
    modelId: string,
    replicas: ModelInput['replicas'],
    now: number,
    keptKeys = new Map<string, string | null>(),
  ) {
    for (const [position, replica] of replicas.entries()) {
      await trx
        .insertInto('maas_replicas')
        .values({
          id: newId(),
          model_id: modelId,
          url: replica.url,
          weight: replica.weight,
          api_key_enc: replica.apiKey ? this.secrets.sealSecret(replica.apiKey) : (keptKeys.get(replica.url) ?? null),
          position,
          headers_timeout_ms: replica.headersTimeoutMs ?? null,
          created_at: now,
        })
        .execute();
    }
  }
}
