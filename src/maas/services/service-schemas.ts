import { Type } from '@sinclair/typebox';

export const ServiceParams = Type.Object({
  project_id: Type.String(),
  service_id: Type.String({ description: 'Model service ID' }),
});

const AuthMode = Type.Union([Type.Literal('token'), Type.Literal('aksk'), Type.Literal('app'), Type.Literal('none')]);

export const CreateServiceBody = Type.Object({
  service_name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$' }),
  upstream_url: Type.String({
    format: 'uri',
    description: 'Base URL of an OpenAI-compatible server, e.g. http://10.0.0.5:8000/v1',
  }),
  replica_urls: Type.Optional(
    Type.Array(Type.String({ format: 'uri' }), {
      maxItems: 16,
      description:
        'Extension: more servers of the same model; calls are spread over them and upstream_url, with failover',
    }),
  ),
  upstream_model: Type.Optional(Type.String({ description: 'Model name sent upstream; defaults to service_name' })),
  mount_to_maas_gateway: Type.Optional(
    Type.Boolean({ default: false, description: '"Mount to MaaS gateway": the service may back custom endpoints' }),
  ),
  auth_mode: Type.Optional(
    Type.Union([AuthMode], {
      description: 'How direct calls authenticate (none: no credential; such a service may back endpoints too)',
    }),
  ),
  workspace_id: Type.Optional(Type.String({ description: 'Only "0", the default workspace' })),
  description: Type.Optional(Type.String()),
});

export const UpdateServiceBody = Type.Partial(Type.Omit(CreateServiceBody, ['service_name', 'workspace_id']));

export const Service = Type.Object({
  service_id: Type.String(),
  service_name: Type.String(),
  upstream_url: Type.String(),
  replica_urls: Type.Array(Type.String()),
  upstream_model: Type.String(),
  mount_to_maas_gateway: Type.Boolean(),
  auth_mode: AuthMode,
  description: Type.String(),
  workspace_id: Type.String(),
  access_address: Type.String({ description: 'Path of direct calls: /v1/infers/{service_id}/...' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const ServiceList = Type.Object({ total: Type.Integer(), services: Type.Array(Service) });
