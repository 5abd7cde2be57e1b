import { type Static, Type } from '@sinclair/typebox';
import { priceChecks, priceFields, type Prices, pricesOf } from '../pricing/prices.js';
import { answerInOrder, breaks, decodes, type OrderedCheck } from '../../errors/schema-answers.js';
import { compileFailureList, type SchemaFailure } from '../../errors/schema-check.js';
import { parseUpstreamUrl } from '../upstream-url.js';
import { nullable, resourceNamePattern } from '../validation.js';

export const ServiceParams = Type.Object({
  project_id: Type.String(),
  service_id: Type.String({ description: 'Model service ID' }),
});

const AuthMode = Type.Union([Type.Literal('token'), Type.Literal('aksk'), Type.Literal('app'), Type.Literal('none')]);
type AuthMode = Static<typeof AuthMode>;
const authModes = AuthMode.anyOf.map((mode) => mode.const);

// The URL's rules and their wordings are parseUpstreamUrl's, which the route runs in its place in the order.
const UpstreamUrl = Type.String({
  format: 'upstream-url',
  description: 'Base URL of an OpenAI-compatible server, e.g. http://10.0.0.5:8000/v1',
});
const maxReplicaUrls = 16;

const Settings = {
  replica_urls: Type.Optional(
    nullable(Type.Array(UpstreamUrl, { maxItems: maxReplicaUrls }), {
      description:
        'Extension: more servers of the same model; calls are spread over them and upstream_url, with failover',
    }),
  ),
  upstream_model: Type.Optional(
    nullable(Type.String({ description: 'Model name sent upstream; defaults to service_name' })),
  ),
  mount_to_maas_gateway: Type.Optional(
    nullable(
      Type.Boolean({ default: false, description: '"Mount to MaaS gateway": the service may back custom endpoints' }),
    ),
  ),
  auth_mode: Type.Optional(
    nullable(AuthMode, {
      description: 'How direct calls authenticate (none: no credential; such a service may back endpoints too)',
    }),
  ),
  description: Type.Optional(nullable(Type.String())),
  ...priceFields,
};

export const CreateServiceBody = Type.Object({
  service_name: Type.String({ pattern: resourceNamePattern.source }),
  upstream_url: UpstreamUrl,
  ...Settings,
  workspace_id: Type.Optional(nullable(Type.Literal('0', { description: 'Only "0", the default workspace' }))),
});

export const UpdateServiceBody = Type.Object({ upstream_url: Type.Optional(nullable(UpstreamUrl)), ...Settings });

/** A new service as the store takes it: checked, its URLs in their stored form. */
export interface NewService {
  name: string;
  upstreamUrl: string;
  replicaUrls: string[];
  upstreamModel: string;
  mounted: boolean;
  authMode: AuthMode;
  description: string;
  workspaceId: string;
  /** Prices for showback (what its calls would cost); null for none. */
  prices: Prices | null;
}

/** The settings an update changes: absent (or null) leaves a setting as it is. */
export type ServiceChanges = Partial<Omit<NewService, 'name' | 'workspaceId'>>;

/** Types first, the auth mode's value among them, as both create and update read them. */
const settingTypes: OrderedCheck[] = [
  decodes('/upstream_url'),
  decodes('/upstream_model'),
  decodes('/mount_to_maas_gateway'),
  decodes('/auth_mode'),
  breaks('/auth_mode', ['enum'], `auth_mode must be one of ${authModes.join(', ')}`),
  decodes('/description'),
  ...priceChecks,
];
const createChecks: OrderedCheck[] = [
  decodes('/service_name'),
  ...settingTypes,
  breaks(
    '/service_name',
    ['missing', 'null', 'empty', 'format'],
    'service_name must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter',
  ),
  breaks('/upstream_url', ['missing', 'null', 'empty'], 'upstream_url is required'),
  decodes('/workspace_id'),
  breaks('/workspace_id', ['enum'], 'workspace_id must be 0 (the default workspace; there is no other here)'),
];
/** After upstream_url's own rules: any failure of the list or of an item's type has one wording. */
const replicaChecks: OrderedCheck[] = [
  breaks('/replica_urls', ['type', 'range'], `replica_urls must list at most ${maxReplicaUrls} base URLs`),
  breaks('/replica_urls/*', ['type', 'null'], `replica_urls must list at most ${maxReplicaUrls} base URLs`),
];

const createFailures = compileFailureList(CreateServiceBody);
const updateFailures = compileFailureList(UpdateServiceBody);

function replicaUrlsOf(urls: string[] | null | undefined, failures: SchemaFailure[]): string[] | undefined {
  answerInOrder(failures, replicaChecks);
  return urls?.map((url, index) => parseUpstreamUrl(url, `replica_urls[${index}]`)) ?? undefined;
}

/** A create body, in the order the service API checks it. */
export function parseNewService(raw: unknown): NewService {
  const failures = createFailures(raw);
  answerInOrder(failures, createChecks);
  const body = raw as Static<typeof CreateServiceBody>;
  const upstreamUrl = parseUpstreamUrl(body.upstream_url);
  return {
    name: body.service_name,
    upstreamUrl,
    replicaUrls: replicaUrlsOf(body.replica_urls, failures) ?? [],
    upstreamModel: body.upstream_model ?? body.service_name,
    mounted: body.mount_to_maas_gateway ?? false,
    authMode: body.auth_mode ?? 'token',
    description: body.description ?? '',
    workspaceId: body.workspace_id ?? '0',
    prices: pricesOf(body),
  };
}

/** An update body: service_name and workspace_id in it are ignored (fixed at creation). */
export function parseServiceChanges(raw: unknown): ServiceChanges {
  const failures = updateFailures(raw);
  answerInOrder(failures, settingTypes);
  const body = raw as Static<typeof UpdateServiceBody>;
  const changes: ServiceChanges = {};
  if (body.upstream_url != null) changes.upstreamUrl = parseUpstreamUrl(body.upstream_url);
  const replicaUrls = replicaUrlsOf(body.replica_urls, failures);
  if (replicaUrls !== undefined) changes.replicaUrls = replicaUrls;
  if (body.upstream_model != null) changes.upstreamModel = body.upstream_model;
  if (body.mount_to_maas_gateway != null) changes.mounted = body.mount_to_maas_gateway;
  if (body.auth_mode != null) changes.authMode = body.auth_mode;
  if (body.description != null) changes.description = body.description;
  // Any price field sent replaces the service's prices as a whole (the ones not sent are 0).
  const prices = pricesOf(body);
  if (prices !== null) changes.prices = prices;
  return changes;
}

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
  input_price_per_million_tokens: Type.Union([Type.Number(), Type.Null()]),
  output_price_per_million_tokens: Type.Union([Type.Number(), Type.Null()]),
  currency: Type.String(),
  price_windows: Type.Array(
    Type.Object({
      start: Type.String(),
      end: Type.String(),
      input_price_per_million_tokens: Type.Number(),
      output_price_per_million_tokens: Type.Number(),
    }),
  ),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const ServiceList = Type.Object({ total: Type.Integer(), services: Type.Array(Service) });
