import type { FastifyRequest } from 'fastify';

/**
 * The origin clients reach this deployment at, for the URLs IAM answers (service catalog, `links`): the configured
 * public URL (behind a proxy or load balancer the request's own origin is an internal one), else the scheme and Host
 * the request came in with.
 */
export function publicOrigin(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** Keystone's `links` of a list or of an item in one; null where there is no other page. */
export interface PageLinks {
  self: string;
  previous: string | null;
  next: string | null;
}

export function unpagedLinks(self: string): PageLinks {
  return { self, previous: null, next: null };
}
