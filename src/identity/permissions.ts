/**
 * Permissions are action strings `service:resource:action` (for example `modelarts:customEndpoint:create`).
 * A user holds patterns in which any segment may be `*`; the single pattern `*` grants everything.
 * This is the one list of every action any API checks.
 */
export const Permissions = {
  customEndpointCreate: 'modelarts:customEndpoint:create',
  customEndpointRead: 'modelarts:customEndpoint:get',
  customEndpointUpdate: 'modelarts:customEndpoint:update',
  customEndpointDelete: 'modelarts:customEndpoint:delete',
  serviceCreate: 'modelarts:service:create',
  serviceRead: 'modelarts:service:get',
  serviceUpdate: 'modelarts:service:update',
  serviceDelete: 'modelarts:service:delete',
  /** Calling a real-time service directly (/v1/infers/{service_id}/...) with a token or AK/SK. */
  serviceInfer: 'modelarts:service:infer',
  /** Creating and updating API keys (the cloud's one permission for both). */
  apiKeyCreate: 'modelarts:apiKey:create',
  apiKeyList: 'modelarts:apiKey:list',
  apiKeyDelete: 'modelarts:apiKey:delete',
  /** Call statistics (the monitoring APIs). */
  usageRead: 'modelarts:usage:get',
  /** The project's batches and their files, for a person signed in (the console); the Batch API takes API keys. */
  batchRead: 'modelarts:batch:get',
  batchCancel: 'modelarts:batch:cancel',
  moderationText: 'moderation:text:check',
  moderationImage: 'moderation:image:check',
  moderationGlossary: 'moderation:glossary:manage',
  moderationUsage: 'moderation:usage:get',
  moderationJobCreate: 'moderation:job:create',
  moderationJobRead: 'moderation:job:get',
  moderationPolicy: 'moderation:policy:manage',
  moderationObjectStorage: 'moderation:objectStorage:manage',
  iamUserManage: 'iam:users:manage',
  iamProjectManage: 'iam:projects:manage',
  iamCredentialManage: 'iam:credentials:manage',
} as const;

export function isPermissionPattern(value: unknown): value is string {
  return typeof value === 'string' && (value === '*' || /^[a-zA-Z*]+:[a-zA-Z*]+:[a-zA-Z*]+$/.test(value));
}

function patternMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  const want = action.split(':');
  const have = pattern.split(':');
  return have.length === want.length && have.every((segment, i) => segment === '*' || segment === want[i]);
}

export function hasPermission(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => patternMatches(pattern, action));
}

/** A pattern's segments; `*` alone is every action, that is `*:*:*`. */
function segmentsOf(pattern: string): string[] {
  return pattern === '*' ? ['*', '*', '*'] : pattern.split(':');
}

/** Whether every action `want` grants is granted by `have` too: each segment of `have` is `*` or the same. */
function patternCovers(have: string, want: string): boolean {
  const held = segmentsOf(have);
  const wanted = segmentsOf(want);
  return held.length === wanted.length && held.every((segment, i) => segment === '*' || segment === wanted[i]);
}

/**
 * Whether a user holding `held` holds at least everything `granted` grants: what it may give another user, and whose
 * credentials it may create, see, change or take over (else it could act with more than it holds). Decided pattern by
 * pattern, each granted one within a single held one, so that a wildcard is never judged by the actions known today:
 * `modelarts:*:*` covers `modelarts:service:get` and `modelarts:service:*`, but `modelarts:service:get` and
 * `modelarts:service:create` together do not cover `modelarts:service:*`.
 */
export function permissionsCover(held: readonly string[], granted: readonly string[]): boolean {
  return granted.every((want) => held.some((have) => patternCovers(have, want)));
}
