import type { Static } from '@sinclair/typebox';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation, serializeOn } from '../../storage/database.js';
import type { MaasEndpointsTable } from '../../storage/schema.js';
import { ApiError } from '../../errors/api-error.js';
import { newId } from '../../storage/ids.js';
import { LookupCache } from '../../storage/lookup-cache.js';
import { type EndpointSource, endpointSources, fieldLimits } from '../contract.js';
import { isOpenTo, type ModelStore } from '../models/model-store.js';
import { canBackEndpoint, type ModelServiceStore } from '../services/model-services.js';
import { invalid, wholeNumberWithin } from '../validation.js';
import { latestAgreement } from './agreements.js';
import type { CreateEndpointBody, UpdateEndpointBody } from './endpoint-schemas.js';

/**
 * Bodies as their route schema's check leaves them (checkCreateEndpoint, checkUpdateEndpoint): types checked; the
 * values that depend on the model, the service or the account the store checks itself.
 */
export type NewEndpoint = Static<typeof CreateEndpointBody>;
export type EndpointChanges = Static<typeof UpdateEndpointBody>;
type GuardFields = Pick<EndpointChanges, 'moderation' | 'agreement_id'>;

/** Fields of the model service behind an endpoint, which an edit may name only with their current values. */
export const fixedFields = ['source', 'model_name', 'infer_service_id', 'region', 'workspace_id'] as const;
export type FixedFields = Partial<Record<(typeof fixedFields)[number], unknown>>;

/** CustomEndpointInfo as the list, create and edit APIs answer it. */
export interface CustomEndpointInfo {
  id: string;
  source: EndpointSource;
  status: 'running' | 'stopped';
  cbc_status: 'normal';
  endpoint_name: string;
  remark: string;
  rpm: number | null;
  tpm: number | null;
  served_model_name: string;
  model_version_id: string;
  resident_model_id: string;
  moderation: boolean;
  agreement_id: string | null;
  cache_ttl_seconds: number;
  region: string;
  workspace_id: string;
  infer_service_id: string | null;
  create_time: number;
  update_time: number;
}

export interface Caller {
  accountId: string;
  projectId: string;
}

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));

/**
 * Custom endpoints: named entry points with their own rpm, tpm and content guard, in front of an operator model
 * (`custom_from_maas`) or a tenant's real-time service (`custom_from_modelarts_v2`). Names are unique per account for
 * good (deleted and renamed endpoints keep theirs taken: bills are searched by name); the quota counts an account's
 * endpoints that are not deleted.
 */
export class EndpointStore {
  /** Running and stopped endpoints by project and name, for the data plane. */
  private readonly byName = new LookupCache<MaasEndpointsTable>({ max: 50_000 });

  constructor(
    private readonly db: Db,
    private readonly deps: { models: ModelStore; services: ModelServiceStore; region: string; quota: number },
  ) {}

  get quota(): number {
    return this.deps.quota;
  }

  private async view(row: MaasEndpointsTable): Promise<CustomEndpointInfo> {
    let served = '';
    if (row.model_id) served = (await this.deps.models.findById(row.model_id))?.name ?? '';
    else if (row.service_id) served = (await this.deps.services.findAnywhere(row.service_id))?.name ?? '';
    return {
      id: row.id,
      source: row.source,
      status: row.status === 'stopped' ? 'stopped' : 'running',
      cbc_status: 'normal',
      endpoint_name: row.name,
      remark: row.remark,
      rpm: numberOrNull(row.rpm),
      tpm: numberOrNull(row.tpm),
      served_model_name: served,
      model_version_id: '',
      resident_model_id: row.model_id ?? '',
      moderation: row.moderation === 1,
      agreement_id: row.agreement_id,
      cache_ttl_seconds: Number(row.cache_ttl_seconds ?? 0),
      region: row.region || this.deps.region,
      workspace_id: row.workspace_id,
      infer_service_id: row.service_id,
      create_time: Number(row.created_at),
      update_time: Number(row.updated_at),
    };
  }

  /** The guard switch: on unless turned off with the latest disclaimer's agreement_id. */
  private guardSetting(body: GuardFields): { moderation?: number; agreement_id?: string | null } {
    const moderation = body.moderation ?? undefined;
    const agreementId = body.agreement_id ?? undefined;
    if (moderation === undefined) return {};
    if (moderation) return { moderation: 1 };
    if (agreementId !== latestAgreement.agreementId) {
      throw invalid(
        'agreement_id',
        'must be the latest agreement_id of GET /v1/{project_id}/maas/compliance/agreements to turn the content guard off',
      );
    }
    return { moderation: 0, agreement_id: agreementId };
  }

  /** rpm and tpm, capped by the model's own limits for endpoints on an operator model. */
  private limits(body: Pick<EndpointChanges, 'rpm' | 'tpm'>, caps: { rpm: number | null; tpm: number | null }) {
    const rpm = wholeNumberWithin('rpm', body.rpm, 1, caps.rpm ?? fieldLimits.maxRpm);
    const tpm = wholeNumberWithin('tpm', body.tpm, 1, caps.tpm ?? fieldLimits.maxTpm);
    return { ...(rpm !== undefined ? { rpm } : {}), ...(tpm !== undefined ? { tpm } : {}) };
  }

  /** Which model or service the new endpoint is in front of, checked against the caller's account and project. */
  private async target(caller: Caller, body: NewEndpoint) {
    const modelName = body.model_name ?? undefined;
    const serviceId = body.infer_service_id ?? undefined;
    const source = body.source ?? (serviceId ? 'custom_from_modelarts_v2' : modelName ? 'custom_from_maas' : undefined);
    if (source === undefined) throw invalid('source', 'is required');
    if (!(endpointSources as readonly string[]).includes(source))
      throw invalid('source', `must be one of ${endpointSources.join(', ')}`);
    if (source === 'custom_from_maas') {
      if (!modelName) throw invalid('model_name', 'is required for source custom_from_maas');
      const model = await this.deps.models.findByName(modelName);
      if (!model || !isOpenTo(model, caller.accountId))
        throw invalid('model_name', `names no built-in model open to this account: ${modelName}`);
      return {
        source: 'custom_from_maas',
        model_id: model.id,
        service_id: null,
        caps: { rpm: model.rpmLimit, tpm: model.tpmLimit },
        region: this.deps.region,
        workspace_id: '0',
      } as const;
    }
    if (!serviceId) throw invalid('infer_service_id', 'is required for source custom_from_modelarts_v2');
    const region = body.region ?? this.deps.region;
    if (region !== this.deps.region)
      throw invalid('region', `must be ${this.deps.region}, the region of this platform`);
    const workspaceId = body.workspace_id ?? '0';
    const service = await this.deps.services.find(caller.projectId, serviceId);
    if (!service || service.workspace_id !== workspaceId) throw new ApiError('ModelArts.3502', serviceId);
    if (!canBackEndpoint(service)) throw new ApiError('ModelArts.6613');
    return {
      source: 'custom_from_modelarts_v2',
      model_id: null,
      service_id: service.id,
      caps: { rpm: null, tpm: null },
      region,
      workspace_id: workspaceId,
    } as const;
  }

  /**
   * Checks run in the catalogue's order: required name, body types, name format (the route schema's compiled check,
   * before the store), target, then uniqueness and quota.
   */
  async create(caller: Caller, input: NewEndpoint): Promise<CustomEndpointInfo> {
    const { endpoint_name: name, remark } = input;
    const guard = this.guardSetting(input);
    const target = await this.target(caller, input);
    const limits = this.limits(input, target.caps);
    const now = Date.now();
    const row: MaasEndpointsTable = {
      id: newId(),
      account_id: caller.accountId,
      project_id: caller.projectId,
      name,
      source: target.source,
      model_id: target.model_id,
      service_id: target.service_id,
      region: target.region,
      workspace_id: target.workspace_id,
      remark: remark ?? '',
      rpm: limits.rpm ?? null,
      tpm: limits.tpm ?? null,
      moderation: guard.moderation ?? 1,
      agreement_id: guard.agreement_id ?? null,
      cache_ttl_seconds: input.cache_ttl_seconds ?? 0,
      status: 'running',
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      // The name is reserved for good and the quota checked in one transaction: of two concurrent creates with one
      // name exactly one wins (the names table's key), and the account lock keeps the quota under concurrency.
      await serializeOn(trx, `maas_endpoints:${caller.accountId}`);
      await this.reserveName(trx, caller.accountId, name, now);
      const { count } = await trx
        .selectFrom('maas_endpoints')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('account_id', '=', caller.accountId)
        .where('status', '!=', 'deleted')
        .executeTakeFirstOrThrow();
      if (Number(count) >= this.deps.quota) throw new ApiError('ModelArts.6297');
      await trx.insertInto('maas_endpoints').values(row).execute();
    });
    this.forget(row);
    return this.view(row);
  }

  private async reserveName(trx: Db, accountId: string, name: string, now: number): Promise<void> {
    try {
      await trx.insertInto('maas_endpoint_names').values({ account_id: accountId, name, created_at: now }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ApiError('ModelArts.6271');
      throw error;
    }
  }

  private async live(caller: Caller, endpointId: string): Promise<MaasEndpointsTable> {
    const row = await this.db
      .selectFrom('maas_endpoints')
      .selectAll()
      .where('project_id', '=', caller.projectId)
      .where('id', '=', endpointId)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    if (!row) throw new ApiError('ModelArts.6291');
    return row;
  }

  /** Edits name, remark, rpm, tpm, the guard and the response cache's ttl; the model or service behind an endpoint never changes. */
  async update(
    caller: Caller,
    endpointId: string,
    changes: EndpointChanges,
    fixed: FixedFields,
  ): Promise<CustomEndpointInfo> {
    const name = changes.endpoint_name ?? undefined;
    const remark = changes.remark ?? undefined;
    const guard = this.guardSetting(changes);
    const current = await this.live(caller, endpointId);
    for (const field of fixedFields) {
      if (fixed[field] !== undefined && fixed[field] !== null) {
        const now = (await this.view(current))[field === 'model_name' ? 'served_model_name' : field];
        if (fixed[field] !== now)
          throw invalid(field, 'cannot be changed: the model service of an endpoint is fixed at creation');
      }
    }
    let caps = { rpm: null as number | null, tpm: null as number | null };
    if (current.model_id) {
      const model = await this.deps.models.findById(current.model_id);
      caps = { rpm: model?.rpmLimit ?? null, tpm: model?.tpmLimit ?? null };
    }
    const limits = this.limits(changes, caps);
    const now = Date.now();
    await this.db.transaction().execute(async (trx) => {
      if (name !== undefined && name !== current.name) await this.reserveName(trx, caller.accountId, name, now);
      await trx
        .updateTable('maas_endpoints')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(remark !== undefined ? { remark } : {}),
          ...limits,
          ...guard,
          ...(changes.cache_ttl_seconds != null ? { cache_ttl_seconds: changes.cache_ttl_seconds } : {}),
          updated_at: now,
        })
        .where('id', '=', endpointId)
        .execute();
    });
    this.forget(current);
    if (name !== undefined) this.forget({ ...current, name });
    return this.view(await this.live(caller, endpointId));
  }

  async setEnabled(caller: Caller, endpointId: string, enabled: boolean): Promise<void> {
    const current = await this.live(caller, endpointId);
    await this.db
      .updateTable('maas_endpoints')
      .set({ status: enabled ? 'running' : 'stopped', updated_at: Date.now() })
      .where('id', '=', endpointId)
      .where('status', '!=', 'deleted')
      .execute();
    this.forget(current);
  }

  /** Deleting keeps the row (status 'deleted'); its name stays taken in maas_endpoint_names. */
  async delete(caller: Caller, endpointId: string): Promise<void> {
    const current = await this.live(caller, endpointId);
    const now = Date.now();
    await this.db
      .updateTable('maas_endpoints')
      .set({ status: 'deleted', deleted_at: now, updated_at: now })
      .where('id', '=', endpointId)
      .execute();
    this.forget(current);
  }

  async list(caller: Caller): Promise<{ total: number; items: CustomEndpointInfo[] }> {
    const rows = await this.db
      .selectFrom('maas_endpoints')
      .selectAll()
      .where('account_id', '=', caller.accountId)
      .where('status', '!=', 'deleted')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    const items = await Promise.all(rows.filter((r) => r.project_id === caller.projectId).map((r) => this.view(r)));
    return { total: rows.length, items };
  }

  /** The live endpoint of a name in a project (running or stopped), for routing inference; cached. */
  async findByName(projectId: string, name: string): Promise<MaasEndpointsTable | null> {
    return this.byName.get(`${projectId}/${name}`, () =>
      this.db
        .selectFrom('maas_endpoints')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .where('status', '!=', 'deleted')
        .executeTakeFirst(),
    );
  }

  /** The live endpoints of a project, for /v1/models. */
  async listLive(projectId: string): Promise<MaasEndpointsTable[]> {
    return this.db
      .selectFrom('maas_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('status', '=', 'running')
      .orderBy('created_at')
      .execute();
  }

  /** Whether each id names a live endpoint of the account (API-key allowlists). */
  async unknownIds(accountId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('maas_endpoints')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', [...ids])
      .where('status', '!=', 'deleted')
      .execute();
    return ids.filter((id) => !rows.some((r) => r.id === id));
  }

  /** Drops this instance's cached lookup of an endpoint's name (others see the change within the lookup window). */
  private forget(row: Pick<MaasEndpointsTable, 'project_id' | 'name'>): void {
    this.byName.delete(`${row.project_id}/${row.name}`);
  }
}
