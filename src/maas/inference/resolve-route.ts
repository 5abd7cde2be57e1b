import { ApiError } from '../../errors/api-error.js';
import type { ApiKeyGrant } from '../api-keys/key-store.js';
import { type ServiceType, serviceTypes } from '../contract.js';
import type { EndpointStore } from '../endpoints/endpoint-store.js';
import { isOpenTo, type ModelDeployment, type ModelStore } from '../models/model-store.js';
import { canBackEndpoint, type ModelServiceStore } from '../services/model-services.js';
import type { ModelServicesTable } from '../../storage/schema.js';
import type { Deployment } from './failover.js';
import { parseStoredPrices, type Prices } from '../pricing/prices.js';

/** Where a call goes and under which rules, once `model` is resolved. */
export interface InferenceTarget {
  /** The name the client called (`model`), which it gets back in answers. */
  model: string;
  /** What serves the call, and what takes it when every replica of that fails. */
  deployment: Deployment;
  fallback?: (() => Promise<Deployment | undefined>) | undefined;
  /** Statistics and billing: what was called. */
  serviceType: ServiceType;
  serviceId: string;
  /** Whether prompt and answer go through the content guard. */
  guard: boolean;
  /** Limits per minute and the counter they are kept under; null for no limit. */
  rpm: number | null;
  tpm: number | null;
  limitKey: string;
  /** Calls on operator models spend the project's free tokens. */
  onFreeQuota: boolean;
  /** Seconds identical calls are answered from the response cache; 0: no cache. */
  cacheTtlSeconds: number;
  /** What the call costs per token (the model's or the own service's prices); null for nothing. */
  prices: Prices | null;
}

export interface RouteStores {
  endpoints: EndpointStore;
  models: ModelStore;
  services: ModelServiceStore;
}

/**
 * `model` names a custom endpoint of the key's project, or else an operator model the account may call. Stopped,
 * deleted and unknown names are ModelArts.81009; a model no longer open to the account (or a service unmounted from
 * the gateway) is 81004; a name the key's allowlists leave out is 81015 with the allowlist's wording.
 */
export async function resolveTarget(stores: RouteStores, grant: ApiKeyGrant, model: string): Promise<InferenceTarget> {
  const endpoint = await stores.endpoints.findByName(grant.projectId, model);
  if (endpoint) {
    if (endpoint.status !== 'running') throw new ApiError('ModelArts.81009');
    if (grant.endpoints.length > 0 && !grant.endpoints.includes(endpoint.id)) {
      throw ApiError.variant('ModelArts.81015', 'endpoint', model);
    }
    // The target is built as one literal, not spread from a shared part: a spread object is several times slower
    // to make, on every call.
    const rpm = endpoint.rpm === null ? null : Number(endpoint.rpm);
    const tpm = endpoint.tpm === null ? null : Number(endpoint.tpm);
    if (endpoint.model_id) {
      const deployment = await stores.models.findById(endpoint.model_id);
      if (!deployment || deployment.status !== 'running') throw new ApiError('ModelArts.81009');
      if (!isOpenTo(deployment, grant.accountId)) throw new ApiError('ModelArts.81004');
      return {
        model,
        deployment: deploymentOf(deployment),
        fallback: fallbackOf(stores, deployment, grant.accountId),
        serviceType: serviceTypes.customEndpoint,
        serviceId: endpoint.id,
        guard: endpoint.moderation === 1,
        rpm,
        tpm,
        limitKey: `endpoint:${endpoint.id}`,
        onFreeQuota: true,
        cacheTtlSeconds: Number(endpoint.cache_ttl_seconds),
        prices: deployment.prices,
      };
    }
    const service = endpoint.service_id ? await stores.services.findAnywhere(endpoint.service_id) : null;
    if (!service || service.project_id !== endpoint.project_id) throw new ApiError('ModelArts.81009');
    if (!canBackEndpoint(service)) throw new ApiError('ModelArts.81004');
    return {
      model,
      deployment: serviceDeploymentOf(service),
      fallback: undefined,
      serviceType: serviceTypes.customEndpoint,
      serviceId: endpoint.id,
      guard: endpoint.moderation === 1,
      rpm,
      tpm,
      limitKey: `endpoint:${endpoint.id}`,
      onFreeQuota: false,
      cacheTtlSeconds: Number(endpoint.cache_ttl_seconds),
      prices: servicePrices(service),
    };
  }

  const deployment = await stores.models.findByName(model);
  if (!deployment || deployment.status !== 'running') throw new ApiError('ModelArts.81009');
  if (!isOpenTo(deployment, grant.accountId)) throw new ApiError('ModelArts.81004');
  if (grant.models.length > 0 && !grant.models.includes(model)) {
    throw ApiError.variant('ModelArts.81015', 'model', model);
  }
  return {
    model,
    deployment: deploymentOf(deployment),
    fallback: fallbackOf(stores, deployment, grant.accountId),
    serviceType: serviceTypes.builtIn,
    serviceId: deployment.id,
    guard: deployment.moderation,
    rpm: deployment.rpmLimit,
    tpm: deployment.tpmLimit,
    // A model's own limits apply per account.
    limitKey: `model:${deployment.id}:${grant.accountId}`,
    onFreeQuota: true,
    cacheTtlSeconds: deployment.cacheTtlSeconds,
    prices: deployment.prices,
  };
}

/**
 * Deployments are made once per cached row (the stores cache rows for the lookup window), so that the pool sees the
 * same replica list object until the row changes and need not compare lists on every call.
 */
const deployments = new WeakMap<object, Deployment>();

/** A service's prices, parsed once per cached row. */
const servicePriceCache = new WeakMap<object, Prices | null>();
export function servicePrices(service: ModelServicesTable): Prices | null {
  let prices = servicePriceCache.get(service);
  if (prices === undefined) {
    prices = parseStoredPrices(service.prices ?? null);
    servicePriceCache.set(service, prices);
  }
  return prices;
}

function serviceDeploymentOf(service: ModelServicesTable): Deployment {
  let deployment = deployments.get(service);
  if (!deployment) {
    deployment = {
      poolId: `service:${service.id}`,
      name: `service/${service.name}`,
      upstreamModel: service.upstream_model,
      replicas: [service.upstream_url, ...(JSON.parse(service.replica_urls) as string[])].map((baseUrl) => ({
        baseUrl,
        weight: 1,
      })),
    };
    deployments.set(service, deployment);
  }
  return deployment;
}

export function deploymentOf(model: ModelDeployment): Deployment {
  let deployment = deployments.get(model);
  if (!deployment) deployments.set(model, (deployment = buildDeployment(model)));
  return deployment;
}

function buildDeployment(model: ModelDeployment): Deployment {
  return {
    poolId: `model:${model.id}`,
    name: model.name,
    upstreamModel: model.upstreamModel,
    replicas: model.replicas.map((r) => ({
      baseUrl: r.url,
      weight: r.weight,
      apiKey: r.apiKey,
      headersTimeoutMs: r.headersTimeoutMs,
    })),
  };
}

/** The model's fallback, looked up when needed: it must be running and open to the account then. */
function fallbackOf(stores: RouteStores, model: ModelDeployment, accountId: string) {
  const name = model.fallbackModel;
  if (!name) return undefined;
  return async () => {
    const fallback = await stores.models.findByName(name);
    if (!fallback || fallback.status !== 'running' || !isOpenTo(fallback, accountId)) return undefined;
    return deploymentOf(fallback);
  };
}
