import type { ErrorCode } from '../errors/catalogue.js';

/**
 * The API families behind the gateway. A family decides which catalogue codes a gateway-level failure answers with,
 * because the public cloud answers the same failure (bad JSON, unknown route, bad token) differently per service.
 */
export type Family = 'ModelArts' | 'MaaSInference' | 'AIS' | 'IAM' | 'APIG';

export interface FamilyCodes {
  internal: ErrorCode;
  /** Body that is not JSON at all. */
  badJson: ErrorCode;
  /** Body that is JSON but not an object. */
  notJsonObject: ErrorCode;
  /** A known path called with a method it does not have. */
  methodNotAllowed: ErrorCode;
  /** A path that no route has. */
  unknownRoute: ErrorCode;
  /** A body over the service's own limit (below the gateway's). */
  serviceBodyTooLarge: ErrorCode;
  /** A JSON API called without a Content-Type header. */
  missingContentType: ErrorCode;
  /** The database failed (unavailable, read-only, full): a service error rather than a bug. */
  storage: ErrorCode;
}

const codesByFamily: Record<Family, FamilyCodes> = {
  ModelArts: {
    internal: 'ModelArts.0500',
    badJson: 'ModelArts.2115',
    notJsonObject: 'ModelArts.2115',
    methodNotAllowed: 'APIG.0101',
    unknownRoute: 'APIG.0101',
    serviceBodyTooLarge: 'APIG.0201',
    missingContentType: 'APIG.0500',
    storage: 'ModelArts.0500',
  },
  MaaSInference: {
    internal: 'ModelArts.0500',
    badJson: 'ModelArts.4105',
    notJsonObject: 'ModelArts.4105',
    methodNotAllowed: 'APIG.0101',
    unknownRoute: 'APIG.0101',
    serviceBodyTooLarge: 'APIG.0201',
    missingContentType: 'APIG.0500',
    storage: 'ModelArts.0500',
  },
  AIS: {
    internal: 'AIS.0405',
    badJson: 'AIS.0014',
    notJsonObject: 'AIS.0501',
    methodNotAllowed: 'AIS.0013',
    unknownRoute: 'AIS.0005',
    serviceBodyTooLarge: 'AIS.0020',
    missingContentType: 'AIS.0010',
    storage: 'AIS.0003',
  },
  IAM: {
    internal: 'IAM.0500',
    badJson: 'IAM.0005',
    notJsonObject: 'IAM.0005',
    methodNotAllowed: 'APIG.0101',
    unknownRoute: 'APIG.0101',
    serviceBodyTooLarge: 'APIG.0201',
    missingContentType: 'APIG.0500',
    storage: 'IAM.0500',
  },
  APIG: {
    internal: 'APIG.0500',
    badJson: 'APIG.0500',
    notJsonObject: 'APIG.0500',
    methodNotAllowed: 'APIG.0101',
    unknownRoute: 'APIG.0101',
    serviceBodyTooLarge: 'APIG.0201',
    missingContentType: 'APIG.0500',
    storage: 'APIG.0500',
  },
};

const moderationPath = /^\/v3\/[^/]*\/moderation(\/|$)/;
const modelArtsPath = /^\/v1\/[^/]+\/(maas|services)(\/|$)/;
const inferencePath = /^\/v1\/(chat\/completions|completions|models)(\/|$)/;
const identityPath = /^\/(v3\/(auth|users|projects)|v3\.0\/OS-CREDENTIAL)(\/|$)/;

export function familyOfPath(path: string): Family {
  if (moderationPath.test(path)) return 'AIS';
  if (inferencePath.test(path)) return 'MaaSInference';
  if (modelArtsPath.test(path)) return 'ModelArts';
  if (identityPath.test(path)) return 'IAM';
  return 'APIG';
}

export function familyCodes(family: Family): FamilyCodes {
  return codesByFamily[family];
}
