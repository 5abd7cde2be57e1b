import { Type } from '@sinclair/typebox';

/** OpenAPI shapes of the MaaS API. Checks themselves run in code, in the order the catalogue prescribes. */
export const ProjectParams = Type.Object({ project_id: Type.String({ description: 'Project ID' }) });
export const EndpointParams = Type.Object({
  project_id: Type.String(),
  endpoint_id: Type.String({ description: 'Custom endpoint ID' }),
});
export const ServiceParams = Type.Object({
  project_id: Type.String(),
  service_id: Type.String({ description: 'Model service ID' }),
});

export const CreateEndpointBody = Type.Object({
  endpoint_name: Type.String({
    pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$',
    description: 'Unique for good in the project, deleted endpoints included',
  }),
  service_id: Type.String({
    description: 'The model service the endpoint routes to; mounted to the MaaS gateway or with no authentication',
  }),
  description: Type.Optional(Type.String({ maxLength: 512 })),
  rate_limit_per_minute: Type.Optional(
    Type.Union([
      Type.Integer({ minimum: 1, description: 'Inference calls per minute, all keys together' }),
      Type.Null(),
    ]),
  ),
  monthly_token_quota: Type.Optional(
    Type.Union([
      Type.Integer({ minimum: 1, description: 'Tokens in and out per UTC month; beyond it ModelArts.3507 (429)' }),
      Type.Null(),
    ]),
  ),
});

export const UpdateEndpointBody = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 512 })),
  service_id: Type.Optional(Type.String()),
  rate_limit_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  monthly_token_quota: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
});

export const ListEndpointsQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  endpoint_name: Type.Optional(Type.String({ description: 'Case-insensitive substring of the name' })),
});

export const Endpoint = Type.Object({
  endpoint_id: Type.String(),
  endpoint_name: Type.String(),
  service_id: Type.String(),
  description: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('deleted')]),
  rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
  monthly_token_quota: Type.Union([Type.Integer(), Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const EndpointList = Type.Object({
  total: Type.Integer(),
  count: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
  endpoints: Type.Array(Endpoint),
});

const AuthMode = Type.Union([Type.Literal('token'), Type.Literal('aksk'), Type.Literal('app'), Type.Literal('none')]);

export const CreateServiceBody = Type.Object({
  service_name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$' }),
  upstream_url: Type.String({
    format: 'uri',
    description: 'Base URL of an OpenAI-compatible server, e.g. http://10.0.0.5:8000/v1',
  }),
  upstream_model: Type.Optional(Type.String({ description: 'Model name sent upstream; defaults to service_name' })),
  mount_to_maas_gateway: Type.Optional(Type.Boolean({ default: false })),
  auth_mode: Type.Optional(AuthMode),
  description: Type.Optional(Type.String()),
});

export const UpdateServiceBody = Type.Partial(Type.Omit(CreateServiceBody, ['service_name']));

export const Service = Type.Object({
  service_id: Type.String(),
  service_name: Type.String(),
  upstream_url: Type.String(),
  upstream_model: Type.String(),
  mount_to_maas_gateway: Type.Boolean(),
  auth_mode: AuthMode,
  description: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const ServiceList = Type.Object({ total: Type.Integer(), services: Type.Array(Service) });

export const CreateApiKeyBody = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$' }),
  endpoints: Type.Optional(
    Type.Array(Type.String(), { description: 'Endpoint names this key may call; empty or absent for all' }),
  ),
});

export const UsageQuery = Type.Object({
  start_date: Type.Optional(Type.String({ format: 'date', description: 'Default: first day of this month (UTC)' })),
  end_date: Type.Optional(Type.String({ format: 'date', description: 'Default: today (UTC)' })),
});
