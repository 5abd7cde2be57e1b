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
  /** JSON array of more base URLs serving the same model: the service's pool beside upstream_url (extension). */
  replica_urls: string;
  mounted_to_maas: number;
  auth_mode: 'token' | 'aksk' | 'app' | 'none';
  description: string;
  /** The ModelArts workspace the service lives in ('0' is every project's default workspace). */
  workspace_id: string;
  /** The service's prices for showback (JSON of pricing/prices.ts's Prices); null for none. */
  prices: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * A model deployment the operator runs (the cloud's built-in services, `custom_from_maas`): a public model name,
 * served by the replicas in maas_replicas, open to every account or to some.
 */
export interface MaasModelsTable {
  id: string;
  /** The `model` clients send and /v1/models lists; case-sensitive and unique. */
  name: string;
  /** The model name the replicas expect. */
  upstream_model: string;
  description: string;
  /** 1: every account may call it; 0: only the accounts in `accounts`. */
  open_to_all: number;
  /** JSON array of account ids the model is open to (when not open to all). */
  accounts: string;
  /** The model's own limits (the console's "model rate limit"): per account for direct calls, the cap of endpoints. */
  rpm_limit: number | null;
  tpm_limit: number | null;
  /** Whether direct calls (without an endpoint) go through the content guard. */
  moderation: number;
  status: 'running' | 'stopped';
  /** 'api' when made through the operator API, 'file' when declared in the models file (which wins at start). */
  origin: 'api' | 'file';
  /** Another model's name: calls that fail on every replica of this one (before any byte) go there. */
  fallback_model: string | null;
  /** Seconds an identical call's answer is kept and answered from the cache (0: no cache). */
  cache_ttl_seconds: number;
  /** The model's prices (JSON of pricing/prices.ts's Prices); null for none (its calls cost 0). */
  prices: string | null;
  created_at: number;
  updated_at: number;
}

/** One upstream server of a deployment. */
export interface MaasReplicasTable {
  id: string;
  /** The operator model it serves. */
  model_id: string;
  /** Base URL of an OpenAI-compatible API (requests go to `${url}/chat/completions` and so on). */
  url: string;
  weight: number;
  /** The upstream's own API key, sealed with a key derived from the master key; sent as a Bearer token. */
  api_key_enc: string | null;
  /** Order in the operator's list, which answers keep (rows made in one transaction share created_at). */
  position: number;
  /** Time to this server's response headers, when it differs from the platform's default. */
  headers_timeout_ms: number | null;
  created_at: number;
}

export interface MaasEndpointsTable {
  id: string;
  account_id: string;
  project_id: string;
  name: string;
  source: 'custom_from_maas' | 'custom_from_modelarts_v2';
  /** The operator model behind a `custom_from_maas` endpoint. */
  model_id: string | null;
  /** The tenant's real-time service behind a `custom_from_modelarts_v2` endpoint. */
  service_id: string | null;
  region: string;
  workspace_id: string;
  remark: string;
  rpm: number | null;
  tpm: number | null;
  /** The content guard (1 on, the default). */
  moderation: number;
  /** The disclaimer signed to turn the guard off. */
  agreement_id: string | null;
  /** Seconds an identical call's answer is kept and answered from the cache (0: no cache). */
  cache_ttl_seconds: number;
  status: 'running' | 'stopped' | 'deleted';
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** Every endpoint name an account ever used: deleted and renamed endpoints keep theirs taken, for billing. */
export interface MaasEndpointNamesTable {
  account_id: string;
  name: string;
  created_at: number;
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

/** An image library: a named list of perceptual hashes of one category; project_id '' is the operator's, for all. */
export interface ModerationImageLibrariesTable {
  id: string;
  project_id: string;
  name: string;
  category: 'terrorism' | 'politics' | 'porn' | 'customized';
  type: 'black' | 'white';
  suggestion: 'block' | 'review';
  /** Bumped on every change of the library or its images, so that each instance knows when its index is stale. */
  version: number;
  created_at: number;
  updated_at: number;
}

/** An image of a library, as its hashes (16 hex digits): of the whole picture, and inside its border. */
export interface ModerationLibraryImagesTable {
  id: string;
  library_id: string;
  hash: string;
  /** The same as `hash` for an image without a border, and for an imported hash. */
  borderless_hash: string;
  /** Hashes of crops of the picture (`libraryCrops`), space-separated: what a cropped copy is near; '' for imported. */
  crop_hashes: Generated<string>;
  created_at: number;
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
  /** The key's name, unique among the account's keys; immutable. */
  label: string;
  description: string;
  /** SHA-256 of the key: keys are 256-bit random, so a plain hash is enough and lookups need no scan. */
  key_hash: string;
  /** The key as lists show it (its first and last characters). */
  key_masked: string;
  /** 1: any client address; 0: only those in ip_whitelist. */
  allow_all: number;
  /** JSON array of IPv4 addresses, ranges (a.b.c.d-a.b.c.e) and CIDR blocks. */
  ip_whitelist: string;
  /** JSON array of model names the key may call directly; empty for all (future models included). */
  model_whitelist: string;
  /** JSON array of custom endpoint ids the key may call; empty for all. */
  endpoint_whitelist: string;
  /** This platform's extension: calls and tokens a minute through this key, whatever it calls; null for none. */
  rpm: number | null;
  tpm: number | null;
  /** Extension: what the key may spend in a calendar month (UTC), in nano-units of the prices' currency. */
  monthly_budget_nanos: number | null;
  status: 'active' | 'deleted';
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/**
 * Call statistics per minute, flushed in batches from memory: one row per project, minute and what was called
 * (service type and id), by which key label and from which address.
 */
export interface MaasCallStatsTable {
  project_id: string;
  /** Start of the minute, epoch ms. */
  minute: number;
  /** 1: the tenant's own real-time service; 2: an operator model called directly; 3: a custom endpoint. */
  service_type: number;
  service_id: string;
  service_name: string;
  /** The API key's label; '' for calls made with a token (the cloud's "online experience"). */
  api_key_label: string;
  source_ip: string;
  calls: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Sum of the calls' end-to-end latencies (ms), for averages. */
  latency_ms: number;
  /** Prompt and completion tokens billed against the project's free quota (operator models only). */
  quota_tokens: number;
  /** The calls' cost at their model's prices, in nano-units (10^-9) of the prices' currency. */
  cost_nanos: number;
  /** 'real_time', or 'batch' for the lines of batches (the statistics' infer_type). */
  infer_type: 'real_time' | 'batch';
}

/** Files of the OpenAI Files API (batch input, and batches' output and error files), per project. */
export interface MaasFilesTable {
  id: string;
  project_id: string;
  filename: string;
  /** 'batch' (uploaded input), 'batch_output' (a batch's output or error file). */
  purpose: string;
  bytes: number;
  /** The file's text (JSONL, UTF-8): in the database, so that every instance sharing it reads every file. */
  content: string;
  created_at: number;
}

/** Batches (OpenAI's Batch API), per project; their lines are in maas_batch_lines. */
export interface MaasBatchesTable {
  id: string;
  project_id: string;
  account_id: string;
  /** The API key that created the batch: its lines run with its allowlists, limits and budget, as it is now. */
  key_id: string;
  /** The address the batch was created from (its lines' statistics rows carry it). */
  source_ip: string;
  endpoint: string;
  input_file_id: string | null;
  /** Extension: an object-storage URL the input was read from. */
  input_url: string | null;
  completion_window: string;
  metadata: string | null;
  status: 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'cancelling' | 'cancelled' | 'expired';
  total: number;
  completed: number;
  failed: number;
  output_file_id: string | null;
  error_file_id: string | null;
  /** JSON of OpenAI's `errors` list object, when the batch failed validation. */
  errors: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
}

/** One line of a batch: its request, and once it ran, its result (written as it finishes: a restart skips it). */
export interface MaasBatchLinesTable {
  batch_id: string;
  line_no: number;
  custom_id: string;
  /** JSON of the request body. */
  body: string;
  /** 0 until the line has run; then its HTTP status (0 again is impossible: a line that did not run is not saved). */
  status_code: number;
  request_id: string | null;
  /** JSON of the answer's body, once run. */
  response: string | null;
}

/** The operator's MaaS settings for a project. */
export interface MaasProjectsTable {
  project_id: string;
  /** Tokens per calendar month (UTC) on operator models; null for no limit (ModelArts.81005 when used up). */
  monthly_free_tokens: number | null;
  /** What the project may spend in a calendar month (UTC), in nano-units; null for no budget (ModelArts.81005). */
  monthly_budget_nanos: number | null;
  updated_at: number;
}

export interface ModerationJobsTable {
  id: string;
  /** maas_batch: a MaaS batch (the maas domain's; the moderation workers never claim it). */
  type: 'audio' | 'video' | 'document' | 'video_stream' | 'audio_stream' | 'maas_batch';
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
  maas_call_stats: MaasCallStatsTable;
  maas_files: MaasFilesTable;
  maas_batches: MaasBatchesTable;
  maas_batch_lines: MaasBatchLinesTable;
  maas_projects: MaasProjectsTable;
  maas_models: MaasModelsTable;
  maas_replicas: MaasReplicasTable;
  maas_endpoints: MaasEndpointsTable;
  maas_endpoint_names: MaasEndpointNamesTable;
  moderation_glossaries: ModerationGlossariesTable;
  moderation_image_libraries: ModerationImageLibrariesTable;
  moderation_library_images: ModerationLibraryImagesTable;
  moderation_projects: ModerationProjectsTable;
  moderation_usage: ModerationUsageTable;
  accounts: AccountsTable;
  projects: ProjectsTable;
  users: UsersTable;
  revoked_tokens: RevokedTokensTable;
  access_keys: AccessKeysTable;
  model_services: ModelServicesTable;
}
