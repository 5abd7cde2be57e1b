import { ApiError } from '../../errors/api-error.js';
import type { CustomEndpointsTable, ModelServicesTable } from '../../storage/schema.js';
import type { ApiKeyGrant } from '../api-keys.js';
import type { CustomEndpointStore } from '../custom-endpoints.js';
import { canBackEndpoint, type ModelServiceStore } from '../model-services.js';
import { resourceNamePattern } from '../validation.js';

export interface InferenceRoute {
  /** The name the client called (`model`), which it gets back in answers. */
  model: string;
  endpoint: CustomEndpointsTable;
  service: ModelServicesTable;
}

/** `model` names a custom endpoint of the key's project; the endpoint's service names the upstream. */
export async function resolveRoute(
  stores: { endpoints: CustomEndpointStore; services: ModelServiceStore },
  grant: ApiKeyGrant,
  body: Record<string, unknown>,
): Promise<InferenceRoute> {
  const model = body.model;
  if (model === undefined || model === null || model === '') throw new ApiError('ModelArts.4201');
  if (typeof model !== 'string' || !resourceNamePattern.test(model)) throw new ApiError('ModelArts.4202');
  if (grant.endpoints.length > 0 && !grant.endpoints.includes(model)) throw new ApiError('ModelArts.4203');
  const endpoint = await stores.endpoints.findRunningByName(grant.projectId, model);
  if (!endpoint) throw new ApiError('ModelArts.6291');
  const service = await stores.services.find(grant.projectId, endpoint.service_id);
  if (!service || !canBackEndpoint(service)) throw new ApiError('ModelArts.4204');
  return { model, endpoint, service };
}
