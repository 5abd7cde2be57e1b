import type { FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { familyError } from '../../errors/families.js';
import type { ApiKeyGrant, ApiKeyStore } from '../api-keys/key-store.js';

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
}

declare module '../../gateway/route-config.js' {
  interface CallerKinds {
    apiKey: ApiKeyCaller;
  }
}

/**
 * The gateway's `apiKey` authentication mode, which the maas domain supplies: no or non-Bearer header (81002), a key
 * that is not one (81003), a client address the key's IP allowlist refuses (81015).
 */
export function apiKeyAuthenticator(apiKeys: ApiKeyStore) {
  return async (request: FastifyRequest): Promise<ApiKeyCaller> => {
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
