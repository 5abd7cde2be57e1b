import { randomBytes } from 'node:crypto';
import { safeEqual } from '../../identity/index.js';
import type { ApiKeyCaller } from '../inference/api-key-auth.js';

/** The header a batch's line carries into the data plane (see LineCallers). */
export const lineHeader = 'x-aisp-batch-line';

/**
 * How a batch's lines enter the data plane: each is an HTTP request injected into this server (Fastify's inject, no
 * socket), so that it meets exactly what a client's call meets: the gateway, the route's schema, model resolution,
 * pools and failover, rpm and tpm, budgets, the content guard, metering. It cannot carry the API key itself (only its
 * hash is stored), so the runner lodges the key's caller here under a one-time id and the request names it with a
 * secret that never leaves this process (random at start, compared in constant time): a header from outside cannot
 * name a caller.
 */
export class LineCallers {
  private readonly secret = randomBytes(32).toString('base64url');
  private readonly pending = new Map<string, ApiKeyCaller>();
  private next = 0;

  /** Lodges a caller for one request; returns the header value that claims it. */
  lodge(caller: ApiKeyCaller): string {
    const id = String(++this.next);
    this.pending.set(id, caller);
    return `${id}.${this.secret}`;
  }

  /** Drops a lodged caller its request never claimed (the inject failed before authentication). */
  drop(header: string): void {
    this.pending.delete(header.slice(0, header.indexOf('.')));
  }

  /** The caller a header names, once; undefined for anything else. */
  claim(header: string): ApiKeyCaller | undefined {
    const dot = header.indexOf('.');
    if (dot < 0 || !safeEqual(header.slice(dot + 1), this.secret)) return undefined;
    const id = header.slice(0, dot);
    const caller = this.pending.get(id);
    this.pending.delete(id);
    return caller;
  }
}
