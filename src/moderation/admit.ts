import type { FastifyRequest } from 'fastify';
import { requirePermission } from '../identity/index.js';

/** The calling user, who must hold `action` (APIG.0302 otherwise), and the project of the path. */
export function admitModeration(request: FastifyRequest, action: string) {
  const caller = requirePermission(request, action, 'APIG.0302');
  return { caller, projectId: caller.projectId!, body: (request.body ?? {}) as Record<string, unknown> };
}

/**
 * The route config of a moderation operation with a JSON body: parsed as JSON, with a JSON Content-Type required,
 * within the service's body limit (the gateway's body steps read these).
 */
export const jsonRoute = (limit: number) => ({ json: true, requireContentType: true, serviceBodyLimit: limit });
