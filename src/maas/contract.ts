/**
 * The MaaS API's fixed values in one place: sources, service types of the statistics, and the documented
 * limits of fields (specs/maas-api.md).
 */
export const endpointSources = ['custom_from_maas', 'custom_from_modelarts_v2'] as const;
export type EndpointSource = (typeof endpointSources)[number];

/** The statistics' `service_type`: the tenant's own services, the operator's models, custom endpoints (3, or 4). */
export const serviceTypes = { myService: 1, builtIn: 2, customEndpoint: 3 } as const;
export type ServiceType = (typeof serviceTypes)[keyof typeof serviceTypes];

export const fieldLimits = {
  remark: 256,
  keyLabel: 100,
  keyDescription: 100,
  ipWhitelist: 100,
  /** Allowlists of models and endpoints (not documented; the ip list's bound). */
  allowlist: 100,
  /** Upper bound of `rpm` and `tpm` where the model sets none. */
  maxRpm: 1_000_000,
  maxTpm: 1_000_000_000,
  /** Longest a cached answer is kept (`cache_ttl_seconds`): a day. */
  maxCacheTtlSeconds: 86_400,
} as const;

/**
 * Endpoint names: 1 to 64 characters, starting with a letter (the Chinese site: or a CJK character), then letters,
 * digits, `.`, `_`, `-` (and CJK characters).
 */
export const endpointNamePattern = /^[A-Za-z\p{Script=Han}][A-Za-z0-9._\-\p{Script=Han}]{0,63}$/u;

/** Key labels: up to 100 of `[A-Za-z0-9_-]`. */
export const keyLabelPattern = /^[A-Za-z0-9_-]{1,100}$/;

/** Sealing of secrets kept in MaaS tables (upstream API keys), by identity's key for stored secrets. */
export interface SecretSealer {
  sealSecret(plain: string): string;
  openSecret(sealed: string): string;
}

/** What MaaS needs to know of accounts and projects (identity answers). */
export interface AccountDirectory extends SecretSealer {
  findAccountByName(name: string): Promise<{ id: string; name: string } | undefined>;
  accountNames(ids: readonly string[]): Promise<Map<string, string>>;
  projectExists(projectId: string): Promise<boolean>;
  accountOfProject(projectId: string): Promise<string | undefined>;
}
