/**
 * The error catalogue: the single source of truth in code for every error this platform answers.
 *
 * `documented` mirrors ../shared/error-codes.md and ../shared/error-codes-inference.md code by code (status and
 * message verbatim; a test compares them). Where the cloud words one code several ways (ModelArts.81015 for each
 * allowlist, ModelArts.81001 for each kind of bad request), the other wordings are the entry's `variants`.
 * `extensions` are codes this platform adds where the catalogue is silent (identity API, operator API, internal
 * errors of a family, inference upstream failures); each follows the catalogue's family naming and is listed in the
 * README so that clients can rely on it.
 */
export interface CatalogueEntry {
  status: number;
  /** Message template; `%s` is filled in order from the ApiError's params. */
  message: string;
  /** Other documented wordings of the same code, by name (ApiError.variant picks one). */
  variants?: Readonly<Record<string, string>>;
}

export const documented = {
  'ModelArts.0104': { status: 400, message: 'CreateCustomEndpointReq.endpoint_name is a required field' },
  'ModelArts.6271': {
    status: 400,
    message:
      'Custom endpoint name has already been used (including deleted access points). To ensure billing uniqueness, please use a different name.',
  },
  'ModelArts.6274': {
    status: 400,
    message:
      'Custom endpoint name is invalid. Enter 1 to 64 characters, staring with a letter. Only letters, digits, point(.), underscores (_), and hyphens (-) are allowed',
  },
  'ModelArts.6291': { status: 400, message: 'CustomEndpointNotFound' },
  'ModelArts.6297': { status: 400, message: 'Custom endpoint number exceed quota' },
  'ModelArts.6299': { status: 400, message: 'Custom endpoint id is required' },
  'ModelArts.6613': {
    status: 400,
    message:
      "Operation failed. The online service status needs to have the 'Mount to MAAS Gateway' switch turned on or the authentication method set to 'No Authentication' in order to create a custom custom endpoint.",
  },
  'ModelArts.8503': { status: 401, message: 'No permission to create modelarts custom endpoints' },
  'ModelArts.2115': { status: 400, message: 'Invalid JSON request body' },
  'ModelArts.6298': {
    status: 400,
    message: 'Parameter (%s) security check failed, please check for special characters.',
  },
  'AIS.0002': { status: 400, message: 'The authentication token is abnormal.' },
  'AIS.0003': { status: 400, message: 'Failed to complete the request because of an internal service error.' },
  'AIS.0004': { status: 400, message: 'The request is unauthorized.' },
  'AIS.0005': { status: 400, message: 'The service does not exist.' },
  'AIS.0007': { status: 400, message: 'The service has not been enabled yet.' },
  'AIS.0010': { status: 400, message: 'The header is missing or left empty.' },
  'AIS.0011': { status: 400, message: 'Lack the request parameter, or the request parameter is empty.' },
  'AIS.0012': { status: 400, message: 'The request parameter is not supported.' },
  'AIS.0013': { status: 400, message: 'The request method is not allowed.' },
  'AIS.0014': { status: 400, message: 'The JSON format of the input data is incorrect.' },
  'AIS.0015': { status: 400, message: 'Base64 decoding of the input data is incorrect.' },
  'AIS.0020': { status: 400, message: 'The size of the request body exceeds the upper limit.' },
  'AIS.0021': { status: 400, message: 'The requested file type is not supported.' },
  'AIS.0022': { status: 400, message: 'The URL is invalid.' },
  'AIS.0023': { status: 400, message: 'The file stored in OBS is oversized.' },
  'AIS.0024': { status: 400, message: 'Failed to obtain the file from OBS.' },
  'AIS.0025': { status: 400, message: 'The file stored in OBS is empty.' },
  'AIS.0026': { status: 400, message: 'Incorrect token type.' },
  'AIS.0027': { status: 400, message: 'The account has been frozen.' },
  'AIS.0028': { status: 400, message: 'The job is not owned by the current user.' },
  'AIS.0029': { status: 400, message: 'Failed to download the file from the Internet.' },
  'AIS.0030': { status: 400, message: 'Job not found' },
  'AIS.0031': { status: 400, message: 'The maximum number of uncompleted jobs has been reached.' },
  'AIS.0032': { status: 400, message: 'The monthly free calls have been used up.' },
  'AIS.0501': { status: 400, message: 'Check whether the request JSON is abnormal.' },
  'AIS.0502': { status: 400, message: 'Check whether the Base64 encoding and URL of the image are correct.' },
  'AIS.0504': { status: 400, message: 'The image size does not meet requirements.' },
  'AIS.0401': { status: 400, message: 'The input parameter is incorrect.' },
  'AIS.0402': { status: 400, message: 'The image format is not supported.' },
  'AIS.0403': { status: 400, message: 'The image file has been damaged.' },
  'AIS.0404': { status: 400, message: 'An exception occurs in Content Moderation.' },
  'AIS.0405': { status: 400, message: 'An internal error occurs.' },
  'AIS.0039': { status: 400, message: 'Repetitive push stream.' },
  'APIG.0101': { status: 400, message: 'The API does not exist or has not been published.' },
  'APIG.0301': { status: 400, message: 'Incorrect IAM authentication information: %s' },
  'APIG.0201': { status: 400, message: 'The request body is oversized.' },
  'APIG.0308': {
    status: 400,
    message: 'The request is sent too fast and exceeds the default rate limit of the service.',
  },
  'ModelArts.0203': { status: 400, message: 'Invalid token.' },
  'ModelArts.4101': { status: 400, message: 'The token is empty.' },
  'ModelArts.4102': { status: 400, message: 'Failed to parse the token.' },
  'ModelArts.4103': { status: 400, message: 'The token is invalid.' },
  'ModelArts.4104': { status: 400, message: 'The length of the request body is invalid.' },
  'ModelArts.4105': { status: 400, message: 'The JSON format of the request body is incorrect.' },
  'ModelArts.4106': { status: 400, message: 'The account is restricted.' },
  'ModelArts.4107': { status: 400, message: 'An exception occurred when obtaining the temporary AK/SK.' },
  'ModelArts.4201': { status: 400, message: 'The request URL does not contain the service ID.' },
  'ModelArts.4202': { status: 400, message: 'The request URL format is invalid.' },
  'ModelArts.4203': { status: 400, message: 'No access permission.' },
  'ModelArts.4204': { status: 400, message: 'The API is not subscribed to.' },
  'ModelArts.4601': { status: 400, message: 'The external URL is invalid.' },
  'ModelArts.4603': { status: 400, message: 'The file failed to be downloaded from the external URL.' },
  'ModelArts.4702': { status: 400, message: 'The OBS agency failed to be queried.' },
  'ModelArts.4703': { status: 400, message: 'The OBS URL is invalid.' },
  'ModelArts.4704': { status: 400, message: 'Failed to obtain the OBS file.' },
  'ModelArts.4705': { status: 400, message: 'The OBS file is oversized.' },
  'ModelArts.4706': { status: 400, message: 'The OBS file does not exist.' },
  // MaaS inference with an API key (error-codes-inference.md; wordings beyond the table's from specs/maas-api.md).
  'ModelArts.81001': {
    status: 400,
    message: 'Invalid request body.',
    variants: {
      empty: 'Failed to format request body, %s is empty.',
      notOneOf: 'Failed to format request body, %s is %s, not one of %s.',
      spanId: 'Invalid request header x-span-id, max length is 64.',
    },
  },
  'ModelArts.81002': { status: 400, message: 'Failed to get the authorization header.' },
  'ModelArts.81003': { status: 401, message: 'Invalid authorization header.' },
  'ModelArts.81004': { status: 403, message: 'Invalid request because you do not have access to it.' },
  'ModelArts.81005': { status: 403, message: 'The free quota has been used up.' },
  'ModelArts.81006': { status: 403, message: 'The resource is frozen.' },
  'ModelArts.81009': { status: 404, message: 'Invalid model.' },
  'ModelArts.81011': { status: 403, message: 'May contain sensitive information.' },
  'ModelArts.81015': {
    status: 401,
    message: 'Invalid client ip %s, rejected by api key ip allowlist setting.',
    variants: {
      model: 'Invalid model %s, rejected by api key model allowlist setting.',
      endpoint: 'Invalid custom endpoint %s, rejected by api key custom endpoint allowlist setting.',
    },
  },
  'ModelArts.81101': { status: 429, message: 'Too many requests, exceeded rate limit is %s times per minute.' },
  'ModelArts.81103': { status: 429, message: 'Too many requests. exceeded rate limit is %s tokens per minute.' },
} as const satisfies Record<string, CatalogueEntry>;

export const extensions = {
  // Identity (IAM-style API): the catalogue lists no IAM codes, these follow IAM's own style.
  'IAM.0001': { status: 401, message: 'The username or password is wrong.' },
  'IAM.0002': { status: 400, message: 'Invalid request parameter: %s' },
  'IAM.0003': { status: 404, message: 'Could not find %s.' },
  'IAM.0004': { status: 409, message: 'Conflict: %s already exists.' },
  'IAM.0005': { status: 400, message: 'The JSON format of the request body is incorrect.' },
  'IAM.0006': { status: 401, message: 'The account is frozen or restricted.' },
  'IAM.0500': { status: 500, message: 'An internal error occurs.' },
  'IAM.0007': { status: 429, message: 'Too many wrong passwords: the user is locked for %s seconds.' },
  // The gateway: an authenticated caller without the permission an API needs, and the operator API key.
  'APIG.0302': { status: 403, message: 'The IAM user is not authorized to access the API.' },
  'APIG.0305': { status: 401, message: 'Incorrect operator authentication information.' },
  'APIG.0500': { status: 500, message: 'An internal error occurs in the API gateway.' },
  // A request the gateway cannot take as it is (platform routes; each API family has its own parameter code).
  'APIG.0400': { status: 400, message: 'The request is malformed: %s' },
  // Headers or body not received within the request time limit (slow or stalled clients).
  'APIG.0408': { status: 408, message: 'The request was not received in time.' },
  // ModelArts families: parameter errors beyond the endpoint-name rules, service lookups, internal errors.
  'ModelArts.0101': { status: 400, message: 'Invalid parameter: %s' },
  'ModelArts.3502': { status: 400, message: 'Service not found: %s' },
  'ModelArts.3503': { status: 400, message: 'Service name has already been used: %s' },
  'ModelArts.3504': { status: 400, message: 'Service is in use by custom endpoint %s and cannot be deleted.' },
  'ModelArts.0500': { status: 500, message: 'An internal error occurs.' },
  // MaaS inference: the model service behind an endpoint failed, was too slow, or answered with an error.
  'ModelArts.5002': { status: 502, message: 'The model service is unavailable: %s' },
  'ModelArts.5003': { status: 502, message: 'The model service answered with an error: %s' },
  'ModelArts.5004': { status: 504, message: 'The model service did not answer in time.' },
  'ModelArts.3505': { status: 400, message: 'API key not found: %s' },
  'ModelArts.3506': { status: 400, message: 'The number of API keys exceeds the quota of %s per account.' },
  'ModelArts.3508': { status: 400, message: 'API key label has already been used: %s' },
  // MaaS budgets: an API key's monthly budget is spent (a project's is the documented ModelArts.81005).
  'ModelArts.81110': { status: 429, message: 'The API key has used up its monthly budget.' },
  // MaaS files and batches (OpenAI's Files and Batch APIs): what the cloud's table has no code for.
  'ModelArts.81120': { status: 404, message: 'No such File object: %s' },
  'ModelArts.81121': { status: 404, message: 'No such Batch object: %s' },
  'ModelArts.81122': { status: 400, message: 'The batch input file is invalid: %s' },
  'ModelArts.81123': { status: 400, message: 'The file is larger than the limit of %s bytes.' },
  'ModelArts.81124': { status: 409, message: 'Cannot cancel a batch with status %s.' },
  // The operator's model deployments.
  'ModelArts.3509': { status: 404, message: 'Model not found: %s' },
  'ModelArts.3510': { status: 409, message: 'Model name has already been used: %s' },
  'ModelArts.3511': { status: 409, message: 'Model is in use by custom endpoint %s and cannot be deleted.' },
  // Content Moderation glossaries (the catalogue has no codes for them).
  'AIS.0601': { status: 400, message: 'Glossary not found: %s' },
  'AIS.0602': { status: 400, message: 'Glossary already exists: %s' },
  'AIS.0603': { status: 400, message: 'The number of glossaries exceeds the quota.' },
  'AIS.0604': { status: 400, message: 'Invalid glossary: %s' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof documented | keyof typeof extensions;

export const catalogue: Record<ErrorCode, CatalogueEntry> = { ...documented, ...extensions };

export function formatMessage(template: string, params: readonly string[]): string {
  let index = 0;
  return template.replace(/%s/g, () => params[index++] ?? '');
}
