import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { familyError } from '../../errors/families.js';
import type { ApiKeyGrant, ApiKeyStore } from '../api-keys/key-store.js';
import { lineHeader, type LineCallers } from '../batches/line-callers.js';

/** A caller with a MaaS API key (`Authorization: Bearer sk-...`): the key names the account and project. */
export interface ApiKeyCaller {
  kind: 'apiKey';
  grant: ApiKeyGrant;
  accountId: string;
  rateKey: string;
  /**
   * The client's address ('' when unknown), read when the call is admitted: a call is metered at its end, and by
   * then a client that left has taken its socket, and with it the address, away.
   */
  clientAddress: string;
  /**
   * Set for a line of a batch, which the batch runner sends into this server: counted as `infer_type: batch`, and
   * paced by the runner's own concurrency rather than the gateway's per-caller rate.
   */
  batchId?: string;
  paced?: boolean;
}

declare module '../../gateway/route-config.js' {
  interface CallerKinds {
    apiKey: ApiKeyCaller;
  }
}

/**
 * The gateway's `apiKey` authentication mode, which the maas domain supplies: no or non-Bearer header (81002), a key
 * that is not one (81003), a client address the key's IP allowlist refuses (81015). A batch's line names the caller
 * the batch runner lodged for it (LineCallers); the key's IP allowlist was checked when the batch was created.
 */
export function apiKeyAuthenticator(apiKeys: ApiKeyStore, lines: LineCallers) {
  return async (request: FastifyRequest): Promise<ApiKeyCaller> => {
    const line = request.headers[lineHeader];
    if (line !== undefined) {
      const caller = typeof line === 'string' ? lines.claim(line) : undefined;
      if (!caller) throw familyError(request.family, 'rejectedToken');
      return caller;
    }
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw familyError(request.family, 'noToken');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw familyError(request.family, 'malformedToken');
    // Read before anything waits, while the connection is surely open (once per call, as metering used to).
    const clientAddress = request.ip ?? '';
    const grant = await apiKeys.verify(match[1]!);
    if (!grant) throw familyError(request.family, 'rejectedToken');
    if (grant.ipAllowlist && !grant.ipAllowlist.allows(clientAddress)) {
      throw new ApiError('ModelArts.81015', clientAddress);
    }
    return { kind: 'apiKey', grant, accountId: grant.accountId, rateKey: `apikey:${grant.keyId}`, clientAddress };
  };
}

export function requireApiKeyCaller(request: FastifyRequest): ApiKeyCaller {
  if (request.caller?.kind !== 'apiKey')
    throw new Error('inference route used without the gateway authenticating an API key');
  return request.caller;
}
