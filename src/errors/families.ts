import { ApiError } from './api-error.js';
import type { ErrorCode } from './catalogue.js';

/**
 * What each API family answers for a failure the gateway sees before any handler runs, as one table (MinIO keeps its
 * S3 error table the same way, `cmd/api-errors.go`). The public cloud answers the same failure (no token, bad JSON,
 * unknown route...) differently per service, and no such rule lives in an `if` anywhere else: code that meets a
 * gateway failure asks `familyError(family, failure)`.
 */
/**
 * `MaaSInference` is the API-key data plane (/v1/chat/completions...), `ModelArtsInfer` a tenant's real-time service
 * called directly with a token or AK/SK (/v1/infers/{service_id}/...), `ModelArts` the management APIs.
 */
export type Family = 'ModelArts' | 'MaaSInference' | 'ModelArtsInfer' | 'AIS' | 'IAM' | 'APIG';

export type GatewayFailure =
  /** No credential at all. */
  | 'noToken'
  /** A credential that does not parse. */
  | 'malformedToken'
  /** A token that parses but is not ours (bad signature, unknown user). */
  | 'rejectedToken'
  | 'expiredToken'
  /** A domain-scoped token on a project API. */
  | 'domainScopedToken'
  /** A token or key of another project than the path's. */
  | 'wrongProject'
  | 'accountFrozen'
  | 'accountRestricted'
  /** AK/SK: unknown key, wrong signature, stale date, or an account in arrears (one message for all). */
  | 'akskRejected'
  /** AK/SK with X-Security-Token: temporary credentials come from a token service this platform does not run. */
  | 'temporaryAksk'
  /** Authenticated, but without the permission the API needs (routes may name a more specific code). */
  | 'forbidden'
  | 'operatorKeyRejected'
  | 'rateLimited'
  | 'unknownRoute'
  | 'wrongMethod'
  /** A URL the router cannot read (bad percent-encoding, a path parameter over 256 characters). */
  | 'malformedUrl'
  /** A path that should carry a resource id (a service id) and carries none. */
  | 'missingId'
  /** A request the gateway cannot take as it is: no Host header, a query parameter given twice... (`%s` says what). */
  | 'badRequest'
  /** A Content-Type header that does not parse. */
  | 'badContentType'
  /** A request whose headers or body did not arrive within the time limit. */
  | 'requestTimeout'
  /** Over the gateway's body limit. */
  | 'bodyTooLarge'
  /** Over the service's own, lower body limit. */
  | 'serviceBodyTooLarge'
  | 'badContentLength'
  | 'missingContentType'
  /** A body that is not JSON at all. */
  | 'badJson'
  /** JSON, but not an object. */
  | 'notJsonObject'
  /** A JSON object whose fields are wrong for the API (`%s` names the field). */
  | 'invalidBody'
  /** The database failed (unavailable, read-only, full): a service failure rather than a bug. */
  | 'storage'
  | 'internal';

type Answer = readonly [ErrorCode, ...string[]];

const decryptTokenFail: Answer = ['APIG.0301', 'decrypt token fail'];
const tokenExpires: Answer = ['APIG.0301', 'token expires'];
const verifyAkskFail: Answer = ['APIG.0301', 'verify aksk signature fail'];

/** Answers every family shares; each family below lists only where it differs. */
const shared: Record<GatewayFailure, Answer> = {
  noToken: decryptTokenFail,
  malformedToken: decryptTokenFail,
  rejectedToken: decryptTokenFail,
  expiredToken: tokenExpires,
  domainScopedToken: ['APIG.0302'],
  wrongProject: ['APIG.0302'],
  accountFrozen: ['APIG.0302'],
  accountRestricted: ['APIG.0302'],
  akskRejected: verifyAkskFail,
  temporaryAksk: verifyAkskFail,
  forbidden: ['APIG.0302'],
  operatorKeyRejected: ['APIG.0305'],
  rateLimited: ['APIG.0308'],
  unknownRoute: ['APIG.0101'],
  wrongMethod: ['APIG.0101'],
  malformedUrl: ['APIG.0101'],
  missingId: ['APIG.0101'],
  badRequest: ['APIG.0400'],
  badContentType: ['APIG.0400', 'unreadable Content-Type'],
  requestTimeout: ['APIG.0408'],
  bodyTooLarge: ['APIG.0201'],
  serviceBodyTooLarge: ['APIG.0201'],
  badContentLength: ['APIG.0201'],
  missingContentType: ['APIG.0400', 'no Content-Type'],
  badJson: ['APIG.0400', 'the body is not JSON'],
  notJsonObject: ['APIG.0400', 'the body is not a JSON object'],
  invalidBody: ['APIG.0400'],
  storage: ['APIG.0500'],
  internal: ['APIG.0500'],
};

/** The ModelArts front door's own token and account codes. */
const modelArtsAccess: Partial<Record<GatewayFailure, Answer>> = {
  noToken: ['ModelArts.4101'],
  malformedToken: ['ModelArts.4102'],
  rejectedToken: ['ModelArts.4103'],
  expiredToken: ['ModelArts.4103'],
  domainScopedToken: ['ModelArts.0203'],
  wrongProject: ['ModelArts.0203'],
  accountFrozen: ['ModelArts.4106'],
  accountRestricted: ['ModelArts.4106'],
  temporaryAksk: ['ModelArts.4107'],
  forbidden: ['ModelArts.4203'],
  malformedUrl: ['ModelArts.4202'],
  missingId: ['ModelArts.4201'],
  badRequest: ['ModelArts.0101'],
  badContentLength: ['ModelArts.4104'],
  storage: ['ModelArts.0500'],
  internal: ['ModelArts.0500'],
};

export const familyTable: Record<Family, Record<GatewayFailure, Answer>> = {
  ModelArts: {
    ...shared,
    ...modelArtsAccess,
    badJson: ['ModelArts.2115'],
    notJsonObject: ['ModelArts.2115'],
    invalidBody: ['ModelArts.2115'],
    badContentType: ['ModelArts.2115'],
  },
  // The MaaS data plane answers in its own 81xxx codes (error-codes-inference.md).
  MaaSInference: {
    ...shared,
    noToken: ['ModelArts.81002'],
    malformedToken: ['ModelArts.81002'],
    rejectedToken: ['ModelArts.81003'],
    expiredToken: ['ModelArts.81003'],
    accountFrozen: ['ModelArts.81006'],
    accountRestricted: ['ModelArts.81006'],
    forbidden: ['ModelArts.81004'],
    badRequest: ['ModelArts.81001'],
    badContentType: ['ModelArts.81001'],
    missingContentType: ['ModelArts.81001'],
    badJson: ['ModelArts.81001'],
    notJsonObject: ['ModelArts.81001'],
    invalidBody: ['ModelArts.81001'],
    storage: ['ModelArts.0500'],
    internal: ['ModelArts.0500'],
  },
  ModelArtsInfer: {
    ...shared,
    ...modelArtsAccess,
    badJson: ['ModelArts.4105'],
    notJsonObject: ['ModelArts.4105'],
    invalidBody: ['ModelArts.4105'],
    badContentType: ['ModelArts.4105'],
    bodyTooLarge: ['ModelArts.4104'],
  },
  AIS: {
    ...shared,
    domainScopedToken: ['AIS.0026'],
    wrongProject: ['AIS.0002'],
    accountFrozen: ['AIS.0027'],
    accountRestricted: ['AIS.0004'],
    unknownRoute: ['AIS.0005'],
    wrongMethod: ['AIS.0013'],
    malformedUrl: ['AIS.0005'],
    badRequest: ['AIS.0401'],
    badContentType: ['AIS.0010'],
    serviceBodyTooLarge: ['AIS.0020'],
    missingContentType: ['AIS.0010'],
    badJson: ['AIS.0014'],
    notJsonObject: ['AIS.0501'],
    invalidBody: ['AIS.0401'],
    storage: ['AIS.0003'],
    internal: ['AIS.0405'],
  },
  IAM: {
    ...shared,
    accountFrozen: ['IAM.0006'],
    accountRestricted: ['IAM.0006'],
    badRequest: ['IAM.0002'],
    badContentType: ['IAM.0005'],
    invalidBody: ['IAM.0002'],
    badJson: ['IAM.0005'],
    notJsonObject: ['IAM.0005'],
    storage: ['IAM.0500'],
    internal: ['IAM.0500'],
  },
  // Operator API, health, metrics, and requests that never parsed far enough to have a path.
  APIG: { ...shared, badContentLength: ['ModelArts.4104'] },
};

/** The family's answer to a failure; `detail` fills the message's `%s` where the answer has no fixed one. */
export function familyError(family: Family, failure: GatewayFailure, detail?: string): ApiError {
  const [code, ...fixed] = familyTable[family][failure];
  return new ApiError(code, ...(fixed.length > 0 ? fixed : detail !== undefined ? [detail] : []));
}

/** True when the code is the family's answer for a failure of its own (logged with the request id, never shown). */
export function isFaultCode(family: Family, code: string): boolean {
  return code === familyTable[family].internal[0] || code === familyTable[family].storage[0];
}

const familyPaths: [Family, RegExp][] = [
  ['AIS', /^\/v3\/[^/]*\/moderation(\/|\?|$)/],
  [
    'MaaSInference',
    /^\/(v1\/(chat\/completions|completions|models|embeddings|rerank|audio\/transcriptions|files|batches)|v2\/chat\/completions|openai\/v1\/(chat\/completions|completions|models|embeddings|audio\/transcriptions|files|batches))(\/|\?|$)/,
  ],
  ['ModelArtsInfer', /^\/v1\/infers(\/|\?|$)/],
  ['ModelArts', /^\/v[12]\/[^/]+\/(maas|services)(\/|\?|$)/],
  ['IAM', /^\/(v3\/(auth|users|projects)|v3\.0\/OS-CREDENTIAL)(\/|\?|$)/],
];

/**
 * Families whose clients are OpenAI SDKs: their error bodies carry an OpenAI-style `error` object beside the cloud's
 * `error_code` and `error_msg`, so that the SDKs show the message (and retry a 429).
 */
const openAiShaped: ReadonlySet<Family> = new Set(['MaaSInference']);

/** Codes with an OpenAI error type of their own: a spent key budget is OpenAI's "out of credit". */
const openAiTypes: Readonly<Record<string, string>> = { 'ModelArts.81110': 'insufficient_quota' };

function openAiErrorType(status: number, code: string): string {
  const own = openAiTypes[code];
  if (own !== undefined) return own;
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** The body an error is answered with in a family. */
export function errorBody(family: Family, error: ApiError): Record<string, unknown> {
  const body: Record<string, unknown> = error.toBody();
  if (openAiShaped.has(family)) {
    body.error = { message: error.message, type: openAiErrorType(error.status, error.code), code: error.code };
  }
  return body;
}

/** The family a path belongs to; the gateway reads it once per request (unknown routes included). */
export function familyOfPath(path: string): Family {
  for (const [family, pattern] of familyPaths) if (pattern.test(path)) return family;
  return 'APIG';
}
