import { Type } from '@sinclair/typebox';

/** OpenAPI shapes of the custom-endpoint API. Checks themselves run in code, in the order the catalogue prescribes. */
export const ProjectParams = Type.Object({ project_id: Type.String({ description: 'Project ID' }) });
export const EndpointParams = Type.Object({
  project_id: Type.String(),
  custom_endpoint_id: Type.String({ description: 'Custom endpoint ID' }),
});

const Source = Type.Union([Type.Literal('custom_from_maas'), Type.Literal('custom_from_modelarts_v2')], {
  description: "custom_from_maas: an operator model (built-in service); custom_from_modelarts_v2: the tenant's service",
});
const Limit = (what: string) =>
  Type.Union([
    Type.Integer({ minimum: 1, description: `${what} per minute; at most the model's own limit` }),
    Type.Null(),
  ]);

export const CreateEndpointBody = Type.Object({
  endpoint_name: Type.String({
    description:
      '1-64 characters, a letter (or CJK character) first, then letters, digits, ".", "_", "-"; unique in the ' +
      'account for good, deleted endpoints included',
  }),
  source: Type.Optional(Source),
  model_name: Type.Optional(Type.String({ description: 'For custom_from_maas: a model id of GET /v1/models' })),
  infer_service_id: Type.Optional(Type.String({ description: 'For custom_from_modelarts_v2: a service id (§2.3)' })),
  region: Type.Optional(Type.String({ description: 'For custom_from_modelarts_v2: a region_id (§2.1)' })),
  workspace_id: Type.Optional(Type.String({ description: 'For custom_from_modelarts_v2: default "0"' })),
  rpm: Type.Optional(Limit('Calls')),
  tpm: Type.Optional(Limit('Tokens')),
  remark: Type.Optional(Type.String({ maxLength: 256 })),
  moderation: Type.Optional(Type.Boolean({ default: true, description: 'The content guard' })),
  agreement_id: Type.Optional(
    Type.String({ description: 'Needed to turn the guard off: the latest from /maas/compliance/agreements' }),
  ),
});

export const UpdateEndpointBody = Type.Object({
  endpoint_name: Type.Optional(Type.String({ description: 'A new name; the old one stays taken' })),
  remark: Type.Optional(Type.String({ maxLength: 256 })),
  rpm: Type.Optional(Limit('Calls')),
  tpm: Type.Optional(Limit('Tokens')),
  moderation: Type.Optional(Type.Boolean()),
  agreement_id: Type.Optional(Type.String()),
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
