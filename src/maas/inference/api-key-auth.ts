import type { FastifyRequest } from 'fastify';
import { familyError } from '../../errors/families.js';
import type { ApiKeyGrant, ApiKeyStore } from '../api-keys.js';

/** A caller with a MaaS API key (`Authorization: Bearer sk-...`): the key names the project. */
export interface ApiKeyCaller {
  kind: 'apiKey';
  grant: ApiKeyGrant;
  accountId: string;
  rateKey: string;
}

declare module '../../gateway/route-config.js' {
  interface CallerKinds {
    apiKey: ApiKeyCaller;
  }
}

/** The gateway's `apiKey` authentication mode, which the maas domain supplies. */
export function apiKeyAuthenticator(apiKeys: ApiKeyStore) {
  return async (request: FastifyRequest): Promise<ApiKeyCaller> => {
    const header = request.headers.authorization;
    if (header === undefined || header === '') throw familyError(request.family, 'noToken');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw familyError(request.family, 'malformedToken');
    const grant = await apiKeys.verify(match[1]!);
    if (!grant) throw familyError(request.family, 'rejectedToken');
    return { kind: 'apiKey', grant, accountId: grant.accountId, rateKey: `apikey:${grant.keyId}` };
  };
}

export function requireApiKeyCaller(request: FastifyRequest): ApiKeyCaller {
  if (request.caller?.kind !== 'apiKey')
    throw new Error('inference route used without the gateway authenticating an API key');
  return request.caller;
}
