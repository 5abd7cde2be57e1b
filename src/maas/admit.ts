import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../errors/catalogue.js';
import { requirePermission } from '../identity/index.js';
import { assertParametersSafe } from './validation.js';

export type Params = {
  project_id: string;
  custom_endpoint_id?: string;
  service_id?: string;
  key_id?: string;
  region_id?: string;
};

/**
 * Gateway checks that every ModelArts route shares, in the order the public cloud applies them: permission first
 * (nothing about the request is revealed to a caller who may not make it), then the parameter security check.
 */
export function admitModelArts(request: FastifyRequest, action: string, denied: ErrorCode = 'ModelArts.4203') {
  const caller = requirePermission(request, action, denied);
  assertParametersSafe(request.params);
  assertParametersSafe(request.query);
  if (request.body !== undefined && !Buffer.isBuffer(request.body)) assertParametersSafe(request.body);
  const params = request.params as Params;
  return { caller, projectId: params.project_id, params, body: (request.body ?? {}) as Record<string, unknown> };
}
