import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { Type } from '@sinclair/typebox';
import { type Family, familyOfPath } from '../errors/families.js';
import type { AuthMode } from '../gateway/route-config.js';
import { operationIds } from './operation-ids.js';

/**
 * How the OpenAPI document (GET /openapi.json, `aisp admin openapi`) is made from the route schemas by
 * @fastify/swagger, and the few things the schemas alone do not give: an operationId for every operation
 * (operation-ids.ts), a server, the error answers, wildcard routes under a named parameter, and OpenAPI 3.0 shapes
 * for TypeBox tuples. The document is built once, on its first request, so none of this costs a call anything.
 */

/** Wildcard routes, documented under a named path; one not listed here is left out of the document. */
const wildcardRoutes: Record<string, { url: string; params: ReturnType<typeof Type.Object> }> = {
  '/v1/infers/*': {
    url: '/v1/infers/{service_id}/{path}',
    params: Type.Object({
      service_id: Type.String({ description: 'The real-time service id' }),
      path: Type.String({
        description:
          "The request's path on the model server, relayed as it comes: it may be empty (`/v1/infers/{service_id}`) " +
          'or run over several segments, with the query string',
      }),
    }),
  },
};

/** The extension key a route's error family travels under from `transform` to `transformObject` (removed there). */
const familyKey = 'x-aisp-error-family';

const errorBody = Type.Object(
  {
    error_code: Type.String({ description: 'The catalogue code, e.g. `AIS.0401`', example: 'APIG.0301' }),
    error_msg: Type.String({ description: "The code's message", example: 'decrypt token fail' }),
  },
  { description: 'How every API of the platform answers a failure (the status is the code\u2019s)' },
);

/** The OpenAI SDKs read `error.message` (and retry a 429 by `error.type`): the data plane adds that object. */
const inferenceErrorBody = Type.Object(
  {
    error_code: Type.String({ example: 'ModelArts.81002' }),
    error_msg: Type.String(),
    error: Type.Object({
      message: Type.String(),
      type: Type.String({
        description:
          'authentication_error, permission_error, not_found_error, rate_limit_error, ' +
          'invalid_request_error or server_error',
      }),
      code: Type.String({ description: 'The same catalogue code' }),
    }),
  },
  { description: 'The catalogue body with an OpenAI-style error object beside it' },
);

const requestIdHeader = {
  'X-Request-Id': { description: 'The request id, also in the log line of the request', schema: { type: 'string' } },
};

const errorResponses = {
  Error: {
    description: 'A failure, answered with its catalogue code and message',
    headers: requestIdHeader,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  },
  InferenceError: {
    description: 'A failure of the OpenAI-compatible API, answered with its catalogue code and message',
    headers: requestIdHeader,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/InferenceErrorBody' } } },
  },
};

const errorResponseOf = (family: Family) => (family === 'MaaSInference' ? 'InferenceError' : 'Error');

type Operation = Record<string, unknown> & { responses?: Record<string, unknown>; operationId?: string };
type OpenApiDocument = {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

/** Who may call a route, by its gateway authentication mode (GatewayRouteConfig.auth); 'iam' is the document's. */
const securityOfAuth: Partial<Record<AuthMode, Record<string, string[]>[]>> = {
  none: [],
  operator: [{ operatorKey: [] }],
  apiKey: [{ apiKey: [] }],
  // A service whose authentication mode is none answers without any credential.
  infer: [{ token: [] }, { aksk: [] }, {}],
};

const transform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = ({ schema, url, route }) => {
  const family = route.config?.family ?? familyOfPath(url);
  const security = securityOfAuth[route.config?.auth ?? 'iam'];
  const documented = {
    ...(security && !schema?.security ? { security } : {}),
    ...schema,
    [familyKey]: family,
  } as FastifySchema;
  if (!url.endsWith('*')) return { schema: documented, url };
  const wildcard = wildcardRoutes[url];
  if (!wildcard) return { schema: { ...documented, hide: true } as FastifySchema, url };
  return { schema: { ...documented, params: wildcard.params }, url: wildcard.url };
};

/**
 * TypeBox writes a tuple as `items: [a, b]` with `additionalItems`, which OpenAPI 3.0 does not have: there `items`
 * is one schema, and the length stays in minItems/maxItems.
 */
function withoutTuples(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) withoutTuples(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'array' && Array.isArray(schema.items)) {
    const kinds = [...new Map(schema.items.map((item) => [JSON.stringify(item), item])).values()];
    schema.items = kinds.length === 1 ? kinds[0] : { anyOf: kinds };
    delete schema.additionalItems;
  }
  for (const value of Object.values(schema)) withoutTuples(value);
}

const transformObject: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (documentObject) => {
  const document = ('openapiObject' in documentObject ? documentObject.openapiObject : {}) as OpenApiDocument;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, shared] of Object.entries(item)) {
      // The methods of one route share one operation object: each gets its own copy before its id is set.
      const operation: Operation = { ...shared, responses: { ...shared.responses } };
      const family = operation[familyKey] as Family;
      delete operation[familyKey];
      const operationId = operationIds[`${method.toUpperCase()} ${path}`];
      if (operationId) operation.operationId = operationId;
      const codes = Object.keys(operation.responses!);
      const errorRef = { $ref: `#/components/responses/${errorResponseOf(family)}` };
      if (!codes.some((code) => code.startsWith('4'))) operation.responses!['4XX'] = errorRef;
      if (!codes.some((code) => code.startsWith('5'))) operation.responses!['5XX'] = errorRef;
      item[method] = operation;
    }
  }
  withoutTuples(document.paths);
  withoutTuples(document.components?.schemas);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ErrorBody: errorBody, InferenceErrorBody: inferenceErrorBody },
    responses: { ...document.components?.responses, ...errorResponses },
  };
  return document;
};

/** @fastify/swagger's options: the document's head, and the steps above. */
export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: {
      title: 'AI Service Platform',
      version: '0.1.0',
      description: 'MaaS gateway, Content Moderation and identity APIs',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    // Relative: the platform itself, at whatever address (or proxy) the document was fetched from.
    servers: [{ url: '/', description: 'This platform' }],
    components: {
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        aksk: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...',
        },
        operatorKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Operator-Key',
          description: "The operator key (AISP_OPERATOR_KEY), for the operator's API under /operator",
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'MaaS API key (sk-...), for the OpenAI-compatible inference API',
        },
      },
    },
    security: [{ token: [] }, { aksk: [] }],
  },
  transform,
  transformObject,
};
