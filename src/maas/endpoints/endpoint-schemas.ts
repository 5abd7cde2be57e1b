import { FormatRegistry, type TSchema, Type } from '@sinclair/typebox';
import { modelArtsAnswer } from '../../errors/schema-answers.js';
import { compileBodyCheck } from '../../errors/schema-check.js';
import { endpointNamePattern, fieldLimits } from '../contract.js';

/**
 * The custom-endpoint API's shapes: the OpenAPI document and, compiled below, the checks of its bodies. What needs
 * more than the body (a model's own rpm cap, the latest agreement, the service) is checked in the store.
 */

// A format rather than a pattern: the name admits CJK characters, which needs a Unicode regular expression.
FormatRegistry.Set('endpoint-name', (value) => endpointNamePattern.test(value));

/** As the cloud reads optional fields, null stands for absent. */
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const ProjectParams = Type.Object({ project_id: Type.String({ description: 'Project ID' }) });
export const EndpointParams = Type.Object({
  project_id: Type.String(),
  custom_endpoint_id: Type.String({ description: 'Custom endpoint ID' }),
});

const Source = Type.Union([Type.Literal('custom_from_maas'), Type.Literal('custom_from_modelarts_v2')], {
  description: "custom_from_maas: an operator model (built-in service); custom_from_modelarts_v2: the tenant's service",
});
const CacheTtl = Type.Integer({
  minimum: 0,
  maximum: fieldLimits.maxCacheTtlSeconds,
  description:
    'Seconds an identical call (same project, endpoint, body) is answered from the response cache; 0 (the default): no cache',
});

const Limit = (what: string) =>
  Type.Union([
    Type.Integer({ minimum: 1, description: `${what} per minute; at most the model's own limit` }),
    Type.Null(),
  ]);

export const CreateEndpointBody = Type.Object({
  endpoint_name: Type.String({
    format: 'endpoint-name',
    description:
      '1-64 characters, a letter (or CJK character) first, then letters, digits, ".", "_", "-"; unique in the ' +
      'account for good, deleted endpoints included',
  }),
  source: Type.Optional(nullable(Source)),
  model_name: Type.Optional(
    nullable(Type.String({ description: 'For custom_from_maas: a model id of GET /v1/models' })),
  ),
  infer_service_id: Type.Optional(
    nullable(Type.String({ description: 'For custom_from_modelarts_v2: a service id (§2.3)' })),
  ),
  region: Type.Optional(nullable(Type.String({ description: 'For custom_from_modelarts_v2: a region_id (§2.1)' }))),
  workspace_id: Type.Optional(nullable(Type.String({ description: 'For custom_from_modelarts_v2: default "0"' }))),
  rpm: Type.Optional(Limit('Calls')),
  tpm: Type.Optional(Limit('Tokens')),
  remark: Type.Optional(nullable(Type.String({ maxLength: fieldLimits.remark }))),
  moderation: Type.Optional(nullable(Type.Boolean({ default: true, description: 'The content guard' }))),
  cache_ttl_seconds: Type.Optional(nullable(CacheTtl)),
  agreement_id: Type.Optional(
    nullable(Type.String({ description: 'Needed to turn the guard off: the latest from /maas/compliance/agreements' })),
  ),
});

export const UpdateEndpointBody = Type.Object({
  endpoint_name: Type.Optional(
    nullable(Type.String({ format: 'endpoint-name', description: 'A new name; the old one stays taken' })),
  ),
  remark: Type.Optional(nullable(Type.String({ maxLength: fieldLimits.remark }))),
  rpm: Type.Optional(Limit('Calls')),
  tpm: Type.Optional(Limit('Tokens')),
  moderation: Type.Optional(nullable(Type.Boolean())),
  agreement_id: Type.Optional(nullable(Type.String())),
  cache_ttl_seconds: Type.Optional(nullable(CacheTtl)),
});

export const ControlBody = Type.Object({
  action: Type.Union([Type.Literal('activate'), Type.Literal('deactivate')]),
});

export const CustomEndpointInfo = Type.Object({
  id: Type.String(),
  source: Source,
  status: Type.Union([Type.Literal('running'), Type.Literal('stopped')], {
    description: 'running: enabled; stopped: disabled by the control API (calls answer ModelArts.81009)',
  }),
  cbc_status: Type.Literal('normal'),
  endpoint_name: Type.String(),
  remark: Type.String(),
  rpm: Type.Union([Type.Integer(), Type.Null()]),
  tpm: Type.Union([Type.Integer(), Type.Null()]),
  served_model_name: Type.String({ description: 'The model (or service) the endpoint routes to' }),
  model_version_id: Type.String(),
  resident_model_id: Type.String({ description: 'The operator model id, for custom_from_maas' }),
  moderation: Type.Boolean(),
  agreement_id: Type.Union([Type.String(), Type.Null()]),
  cache_ttl_seconds: Type.Integer({ description: 'The response cache: seconds an answer is kept, 0 for none' }),
  region: Type.String(),
  workspace_id: Type.String(),
  infer_service_id: Type.Union([Type.String(), Type.Null()]),
  create_time: Type.Integer({ description: 'Epoch ms' }),
  update_time: Type.Integer({ description: 'Epoch ms' }),
});

export const EndpointList = Type.Object({
  total: Type.Integer({ description: 'Endpoints of the account (not deleted)' }),
  count: Type.String({ description: 'Endpoints in items (a string, as the cloud answers)' }),
  items: Type.Array(CustomEndpointInfo),
  quantity_limit: Type.Integer(),
});

const remark = {
  '/remark': `must be at most ${fieldLimits.remark} characters`,
  '/cache_ttl_seconds': `must be an integer from 0 to ${fieldLimits.maxCacheTtlSeconds}`,
};
const name = { '/endpoint_name': 'ModelArts.6274' } as const;

/**
 * The compiled checks, run by the store after the permission and the dangerous characters (`admitModelArts`): a
 * required name (0104), every field's type (2115), the remark's length (0101), the name's form (6274).
 */
export const checkCreateEndpoint = compileBodyCheck(
  CreateEndpointBody,
  modelArtsAnswer({ required: { '/endpoint_name': 'ModelArts.0104' }, invalid: remark, format: name }),
);
/** A new name may be left out, so an empty one is a malformed name (6274) rather than a missing one. */
export const checkUpdateEndpoint = compileBodyCheck(
  UpdateEndpointBody,
  modelArtsAnswer({ invalid: remark, format: name }),
);
/** An action of another type is 2115, an absent or unknown one 0101. */
export const checkControl = compileBodyCheck(
  ControlBody,
  modelArtsAnswer({ invalid: { '/action': 'must be activate or deactivate' } }),
);
