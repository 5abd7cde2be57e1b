import type { Generated } from 'kysely';

/** Table types for Kysely. Times are epoch milliseconds and booleans 0/1, so that SQLite and PostgreSQL agree. */
export interface AccountsTable {
  id: string;
  name: string;
  state: 'normal' | 'frozen' | 'restricted';
  created_at: number;
}

export interface ProjectsTable {
  id: string;
  account_id: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  password_hash: string;
  /** JSON array of permission patterns such as `modelarts:customEndpoint:create` or `*`. */
  permissions: string;
  created_at: number;
  /** 0 when disabled: no login, no token, no AK/SK. */
  enabled: Generated<number>;
  /** Tokens issued before this time (epoch ms) no longer work (set on a password change or when disabled). */
  tokens_valid_after: Generated<number>;
}

/** Tokens revoked one by one (DELETE /v3/auth/tokens), kept until they would have expired. */
export interface RevokedTokensTable {
  token_id: string;
  user_id: string;
  expires_at: number;
}

export interface AccessKeysTable {
  access_key: string;
  user_id: string;
  account_id: string;
  /** The secret key, encrypted with a key derived from the master key (AES-256-GCM). */
  secret_enc: string;
  status: 'active' | 'inactive';
  description: string;
  created_at: number;
  /** Last AK/SK authentication with the key (epoch ms), as last flushed by any instance; null when never used. */
  last_used_at: Generated<number | null>;
}

export interface ModelServicesTable {
  id: string;
  project_id: string;
  name: string;
  upstream_url: string;
  upstream_model: string;
  mounted_to_maas: number;
  auth_mode: 'token' | 'aksk' | 'app' | 'none';
  description: string;
  created_at: number;
  updated_at: number;
}

export interface CustomEndpointsTable {
  id: string;
  project_id: string;
  name: string;
  service_id: string;
  description: string;
  status: 'running' | 'deleted';
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  /** Inference calls per minute through this endpoint, all keys together; null for no limit. */
  rate_limit_per_minute: number | null;
  /** Tokens in and out per calendar month (UTC); null for no quota. */
  monthly_token_quota: number | null;
}

export interface ModerationGlossariesTable {
  id: string;
  project_id: string;
  name: string;
  type: 'black' | 'white';
  /** JSON array of terms. */
  words: string;
  /** Set for a category lexicon (`politics`, `ban`...): applied whenever that category is checked. */
  category: string | null;
  description: string;
  /** Bumped on every change, so that each instance knows when its compiled matcher is stale. */
  version: number;
  created_at: number;
  updated_at: number;
}

export interface ModerationProjectsTable {
  project_id: string;
  subscribed: number;
  /** JSON array of enabled services (text, image, audio, video, document, video_stream). */
  enabled_services: string;
  /** Calls per calendar month (UTC), all services together; null for no limit. */
  monthly_free_calls: number | null;
  updated_at: number;
}

export interface ModerationUsageTable {
  project_id: string;
  /** 'YYYY-MM' (UTC) */
  month: string;
  service: string;
  calls: number;
}

export interface MaasApiKeysTable {
  id: string;
  project_id: string;
  account_id: string;
  name: string;
  /** SHA-256 of the key: keys are 256-bit random, so a plain hash is enough and lookups need no scan. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in lists. */
  key_prefix: string;
  /** JSON array of endpoint names the key may call; empty for all of the project's endpoints. */
  endpoints: string;
  status: 'active' | 'revoked';
  created_at: number;
  revoked_at: number | null;
}

export interface MaasUsageTable {
  project_id: string;
  endpoint_id: string;
  /** 'YYYY-MM-DD' (UTC) */
  day: string;
  calls: number;
  failed_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ModerationJobsTable {
  id: string;
  type: 'audio' | 'video' | 'document' | 'video_stream' | 'audio_stream';
  project_id: string;
  account_id: string;
  /** The user who created the job: only they may read or cancel it (AIS.0028). */
  user_id: string;
  status: 'queuing' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** JSON of the validated request. */
  request: string;
  /** JSON of the result, when there is one. */
  result: string | null;
  error_code: string | null;
  error_msg: string | null;
  callback_url: string | null;
  callback_status: string | null;
  /** For live streams: the normalised stream URL, so that one stream is moderated by one job at a time (AIS.0039). */
  stream_key: string | null;
  /** The request that created the job: its answers and callbacks carry it (and the callback signature covers it). */
  request_id: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** After this the job is gone (AIS.0030); null while unfinished. */
  expires_at: number | null;
  /** A running job belongs to its worker until then; a worker that died leaves it to be taken again. */
  lease_until: number | null;
  attempts: number;
}

/**
 * Object storage a project may read. One row per project and source: 'operator' is the operator's store (the
 * AISP_OBS_* settings), usable only for the buckets and prefixes granted here; 'project' is the project's own store,
 * with its credentials. Reads outside every listed bucket and prefix answer as if the object did not exist.
 */
export interface ModerationObjectStorageTable {
  project_id: string;
  source: 'operator' | 'project';
  /** JSON array of `{bucket, prefix}`; a prefix matches the start of the decoded key ('' is the whole bucket). */
  buckets: string;
  /** The own store's endpoint, region, access key id and path-style addressing; null for the operator's store. */
  endpoint: string | null;
  region: string | null;
  access_key: string | null;
  /** The own store's secret key, encrypted with a key derived from the master key (AES-256-GCM). */
  secret_enc: string | null;
  path_style: number | null;
  updated_at: number;
}

/** A `biz_type` policy: settings that win over a request's own categories (see moderation/policies.ts). */
export interface ModerationPoliciesTable {
  project_id: string;
  name: string;
  /** JSON of the Policy. */
  settings: string;
  updated_at: number;
}

export interface Database {
  moderation_policies: ModerationPoliciesTable;
  moderation_object_storage: ModerationObjectStorageTable;
  moderation_jobs: ModerationJobsTable;
  maas_api_keys: MaasApiKeysTable;
  maas_usage: MaasUsageTable;
  moderation_glossaries: ModerationGlossariesTable;
  moderation_projects: ModerationProjectsTable;
  moderation_usage: ModerationUsageTable;
  accounts: AccountsTable;
  projects: ProjectsTable;
  users: UsersTable;
  revoked_tokens: RevokedTokensTable;
  access_keys: AccessKeysTable;
  model_services: ModelServicesTable;
  custom_endpoints: CustomEndpointsTable;
}
