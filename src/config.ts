import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FormatRegistry, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { nsfwModels } from './moderation/image/nsfw-models.js';
import { parseAddressRange } from './net/address-guard.js';
import { acceptedDatabaseUrls, databaseLocation } from './storage/database-url.js';

/** An object of the config: closed, so that a misspelt key is an error at start rather than a silent default. */
const Section = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

FormatRegistry.Set('address-range', (value) => {
  try {
    parseAddressRange(value);
    return true;
  } catch {
    return false;
  }
});
/** Address ranges let through the SSRF guard even when private addresses are refused; checked at start. */
const AddressRanges = (description: string) =>
  Type.Array(Type.String({ format: 'address-range' }), {
    description: `${description}: CIDR ranges (or single addresses) allowed although private, e.g. 10.1.2.0/24`,
  });

/**
 * The one configuration, as a schema: its TypeScript type, its validation and its documentation come from here.
 * Sources, later wins: built-in defaults (the embedded mode: SQLite under ./data, in-process rate limits and queue),
 * an optional JSON file named by AISP_CONFIG (the same structure), then AISP_* environment variables.
 */
export const ConfigSchema = Section({
  host: Type.String(),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  dataDir: Type.String(),
  databaseUrl: Type.String({ description: `${acceptedDatabaseUrls}; default: sqlite: under dataDir` }),
  masterKey: Type.Optional(
    Type.String({
      description: 'Key material for token signing and secret encryption; generated into dataDir when absent',
    }),
  ),
  operatorKey: Type.Optional(
    Type.String({
      minLength: 16,
      description: 'Operator API key (X-Operator-Key), at least 16 characters; the operator API is off when unset',
    }),
  ),
  redisUrl: Type.Optional(
    Type.String({ description: 'Redis shared by several instances (rate limits); unset: in memory' }),
  ),
  publicUrl: Type.Optional(
    Type.String({
      pattern: '^https?://[^/?#]+/?$',
      description:
        'Origin clients reach this deployment at (e.g. https://ai.example.com), listed in the service catalog of ' +
        'tokens; unset: the origin each request came in on',
    }),
  ),
  metricsPublic: Type.Boolean({ description: 'Serve /metrics without the operator key' }),
  metricsProcess: Type.Boolean({ description: "Add the process's own metrics (CPU, memory, event loop, GC)" }),
  shutdownDeadlineMs: Count(
    'On SIGTERM or SIGINT, how long calls in flight (streams included) may take to finish before they are cut',
  ),
  gateway: Section({
    bodyLimitBytes: Count('Largest request body the gateway accepts (APIG.0201 above it)'),
    rateLimitPerSecond: Count('Sustained requests per second per user and API (APIG.0308 beyond)'),
    rateLimitBurst: Count('Requests above the sustained rate allowed in a burst'),
    signatureMaxSkewSeconds: Count('Largest clock difference accepted for SDK-HMAC-SHA256 signed requests'),
    requestTimeoutMs: Count('Time for a whole request (headers and body) to arrive; slower clients get APIG.0408'),
    unverifiedBodyBudgetBytes: Count('Body bytes in flight at once for requests whose caller is not yet proven'),
    trustProxy: Type.Array(Type.String({ format: 'address-range' }), {
      description:
        'Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed: the client address that ' +
        'API-key IP allowlists and statistics see; empty: the connecting address',
    }),
  }),
  identity: Section({
    tokenTtlSeconds: Count(),
    loginsPerMinutePerAddress: Count('Password logins one address may attempt per minute'),
    failedLoginsBeforeLockout: Count('Wrong passwords for one user before it is locked'),
    lockoutSeconds: Count('How long the failures are counted, and so how long a lockout lasts at most'),
    defaultRegion: Type.String({
      minLength: 1,
      description: "Region named in the catalog of domain-scoped tokens (a project-scoped token names its project's)",
    }),
  }),
  maas: Section({
    endpointQuotaPerAccount: Count("Custom endpoints per account, the list's quantity_limit (ModelArts.6297 above it)"),
    apiKeysPerAccount: Count('API keys per account (ModelArts.3506 above it)'),
    modelsFile: Type.Optional(
      Type.String({
        description: 'JSON file of operator model deployments, applied at start (see the README); the file wins',
      }),
    ),
    defaultMonthlyFreeTokens: Type.Union([Count(), Type.Null()], {
      description:
        'Tokens per project and month on operator models for projects without their own setting; null for no limit',
    }),
    statisticsFlushMs: Count('How often call statistics are written from memory to the database'),
    statisticsRetentionDays: Count('How long call statistics are kept'),
    otlpEndpoint: Type.Optional(
      Type.String({
        description:
          'OpenTelemetry collector base URL (OTLP/HTTP, e.g. http://collector:4318): a span per inference call',
      }),
    ),
    inference: Section({
      connectTimeoutMs: Count(),
      headersTimeoutMs: Count('Time to the upstream response headers (for a stream: its first byte)'),
      bodyTimeoutMs: Count('Longest silence inside an upstream response body'),
      maxResponseBytes: Count('Largest non-streamed upstream answer read'),
      maxEventBytes: Count('Largest single server-sent event an upstream may send'),
      maxStreamSeconds: Count('Longest a streamed answer may last'),
      clientStallTimeoutMs: Count('How long a client that reads nothing may hold a stream'),
      allowPrivateUpstreams: Type.Boolean({
        description: 'Let model services point at loopback and private addresses',
      }),
      allowedAddresses: AddressRanges('Model services'),
    }),
    pool: Section({
      maxAttempts: Type.Integer({ minimum: 1, maximum: 10, description: 'Attempts per call on one deployment' }),
      retryBudgetPercent: Count('Retries a deployment may spend, in percent of its calls (plus 3 always)'),
      retryBackoffMs: Count('First backoff before a retry; doubles per retry, with jitter'),
      failuresToEject: Type.Integer({ minimum: 1, description: 'Consecutive failures that eject a replica' }),
      ejectMs: Type.Integer({ minimum: 1, description: 'First ejection; doubles per failed probe' }),
      maxEjectMs: Type.Integer({ minimum: 1, description: 'Longest ejection' }),
      healthCheckIntervalMs: Count('Active health checks of replicas in use (GET {url}/models); 0 turns them off'),
      healthCheckTimeoutMs: Type.Integer({ minimum: 1 }),
    }),
  }),
  moderation: Section({
    bodyLimitBytes: Count('Largest moderation request body (AIS.0020 above it)'),
    maxTextLength: Count(),
    image: Section({ maxBytes: Count(), minSide: Count(), maxSide: Count() }),
    fetch: Section({
      timeoutMs: Count(),
      maxRedirects: Count(),
      allowPrivateAddresses: Type.Boolean(),
      allowedAddresses: AddressRanges('Downloads, live streams and callbacks'),
    }),
    objectStorage: Section({
      endpoint: Type.Optional(Type.String()),
      region: Type.String(),
      accessKey: Type.Optional(Type.String()),
      secretKey: Type.Optional(Type.String()),
      forcePathStyle: Type.Boolean(),
    }),
    defaultMonthlyFreeCalls: Type.Union([Count(), Type.Null()], {
      description: 'Calls per project and month for projects without their own setting; null for no limit',
    }),
    warmUpClassifier: Type.Boolean({
      description: 'Load the image classifier (and start OCR) at start rather than on the first image',
    }),
    imageModel: Type.Union(
      nsfwModels.map((name) => Type.Literal(name)),
      { description: 'The nsfwjs model that judges porn in images and video frames' },
    ),
    ocr: Section({
      workers: Type.Integer({
        minimum: 0,
        maximum: 16,
        description: 'OCR worker threads (~100 MB each); 0 turns OCR off',
      }),
      maxSide: Type.Integer({ minimum: 64, maximum: 8192 }),
      timeoutMs: Count("Time one image's OCR may take; past it the image's text is not checked"),
    }),
    lexiconsFile: Type.Optional(
      Type.String({
        description: 'JSON file of extra terms per text category, e.g. {"politics": [...], "ban": [...]}',
      }),
    ),
    jobs: Section({
      maxUnfinishedPerProject: Count(),
      retentionSeconds: Count('How long a finished job stays readable (AIS.0030 after)'),
      concurrency: Count(),
      pollIntervalMs: Count(),
      leaseSeconds: Count(),
      maxAttempts: Type.Integer({
        minimum: 1,
        description:
          'Attempts a job gets when its worker dies under it (the server process, or a parse worker that failed ' +
          'for a reason other than a cap), before it fails with AIS.0404',
      }),
      maxFileBytes: Count(),
      streamMaxSeconds: Count(),
      streamReadTimeoutSeconds: Count(),
      asrUrl: Type.Optional(Type.String({ description: 'OpenAI-compatible speech-to-text server (.../v1)' })),
      asrModel: Type.String(),
      asrApiKey: Type.Optional(Type.String()),
      ffmpegPath: Type.Optional(Type.String()),
      videoMaxSeconds: Type.Integer({
        minimum: 1,
        description: 'Seconds of a video file (or a webpage video) that are decoded and checked; the rest is not',
      }),
      ffmpegTimeoutSeconds: Type.Integer({
        minimum: 1,
        description: "Wall-clock time of one ffmpeg run on a file (a video's frames, its sound); AIS.0023 past it",
      }),
    }),
    documents: Section({
      timeoutMs: Type.Integer({
        minimum: 1,
        description: "Wall-clock time of one document's parse worker (text and images); AIS.0023 past it",
      }),
      workerMemoryMb: Type.Integer({
        minimum: 16,
        description: "Heap (V8 old generation) of one document's parse worker, in MiB; AIS.0023 when reached",
      }),
      maxPages: Type.Integer({ minimum: 1, description: 'PDF pages; a PDF with more fails with AIS.0023' }),
      maxInflatedBytes: Type.Integer({
        minimum: 1,
        description:
          'Bytes a document may inflate to (a .docx: its zip entries; a PDF: its Flate streams), and the largest ' +
          'buffer its parser may allocate, and the images taken out in all; AIS.0023 past it',
      }),
      maxCompressionRatio: Type.Integer({
        minimum: 1,
        description: 'Largest inflated/compressed ratio of a .docx zip entry over 1 MiB; AIS.0023 past it',
      }),
      maxTextChars: Type.Integer({
        minimum: 1,
        description: "Characters of a document's text that are read and checked (spec: 500,000); the rest is not",
      }),
      maxImages: Count('Embedded images of a document that are checked (spec: 500), the first in reading order'),
      maxImagePixels: Type.Integer({
        minimum: 1,
        description: 'Pixels of one embedded PDF image; larger images are not decoded (skipped)',
      }),
      maxDetails: Type.Integer({ minimum: 1, description: "Entries a document job's result keeps in `details`" }),
    }),
  }),
  bootstrap: Type.Optional(
    Section({ account: Type.String(), user: Type.String(), password: Type.String(), project: Type.String() }),
  ),
});

export type Config = Static<typeof ConfigSchema>;

/** A config with any part left out, as overrides and config files give it. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const defaultConfig: Config = {
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info',
  dataDir: './data',
  databaseUrl: '',
  metricsPublic: false,
  metricsProcess: true,
  shutdownDeadlineMs: 25_000,
  gateway: {
    bodyLimitBytes: 12 * 1024 * 1024,
    rateLimitPerSecond: 100,
    rateLimitBurst: 200,
    signatureMaxSkewSeconds: 15 * 60,
    requestTimeoutMs: 120_000,
    unverifiedBodyBudgetBytes: 64 * 1024 * 1024,
    trustProxy: [],
  },
  identity: {
    tokenTtlSeconds: 24 * 60 * 60,
    loginsPerMinutePerAddress: 30,
    failedLoginsBeforeLockout: 5,
    lockoutSeconds: 15 * 60,
    defaultRegion: 'cn-north-4',
  },
  maas: {
    endpointQuotaPerAccount: 30,
    apiKeysPerAccount: 30,
    defaultMonthlyFreeTokens: null,
    statisticsFlushMs: 2000,
    statisticsRetentionDays: 30,
    inference: {
      connectTimeoutMs: 5000,
      headersTimeoutMs: 60_000,
      bodyTimeoutMs: 60_000,
      maxResponseBytes: 20 * 1024 * 1024,
      maxEventBytes: 1024 * 1024,
      maxStreamSeconds: 30 * 60,
      clientStallTimeoutMs: 30_000,
      allowPrivateUpstreams: false,
      allowedAddresses: [],
    },
    pool: {
      maxAttempts: 3,
      retryBudgetPercent: 20,
      retryBackoffMs: 25,
      failuresToEject: 3,
      ejectMs: 5_000,
      maxEjectMs: 60_000,
      healthCheckIntervalMs: 10_000,
      healthCheckTimeoutMs: 2_000,
    },
  },
  moderation: {
    bodyLimitBytes: 10 * 1024 * 1024,
    maxTextLength: 10_000,
    // The spec's limits (section 5): each side 20-6000 px, at most 10 MB; maxSide² is also sharp's pixel cap.
    image: { maxBytes: 10 * 1024 * 1024, minSide: 20, maxSide: 6000 },
    fetch: { timeoutMs: 5000, maxRedirects: 3, allowPrivateAddresses: false, allowedAddresses: [] },
    objectStorage: { region: 'us-east-1', forcePathStyle: true },
    defaultMonthlyFreeCalls: null,
    warmUpClassifier: true,
    imageModel: 'MobileNetV2Mid',
    ocr: { workers: 1, maxSide: 2000, timeoutMs: 15_000 },
    jobs: {
      maxUnfinishedPerProject: 10,
      retentionSeconds: 30 * 24 * 3600,
      concurrency: 2,
      pollIntervalMs: 1000,
      leaseSeconds: 30,
      maxAttempts: 2,
      maxFileBytes: 100 * 1024 * 1024,
      streamMaxSeconds: 4 * 3600,
      streamReadTimeoutSeconds: 15,
      asrModel: 'whisper-1',
      videoMaxSeconds: 2 * 3600,
      ffmpegTimeoutSeconds: 2 * 3600,
    },
    documents: {
      timeoutMs: 120_000,
      workerMemoryMb: 512,
      maxPages: 2000,
      maxInflatedBytes: 256 * 1024 * 1024,
      maxCompressionRatio: 100,
      maxTextChars: 500_000,
      maxImages: 500,
      maxImagePixels: 36_000_000,
      maxDetails: 1000,
    },
  },
};

type Env = Record<string, string | undefined>;
/** `list`: comma-separated values. */
type EnvKind = 'string' | 'integer' | 'boolean' | 'list';

/** Environment variables and the config path each sets (README's configuration table lists them). */
const environment: [name: string, path: string, kind: EnvKind][] = [
  ['AISP_HOST', 'host', 'string'],
  ['AISP_PORT', 'port', 'integer'],
  ['AISP_LOG_LEVEL', 'logLevel', 'string'],
  ['AISP_DATA_DIR', 'dataDir', 'string'],
  ['AISP_DATABASE_URL', 'databaseUrl', 'string'],
  ['AISP_MASTER_KEY', 'masterKey', 'string'],
  ['AISP_OPERATOR_KEY', 'operatorKey', 'string'],
  ['AISP_REDIS_URL', 'redisUrl', 'string'],
  ['AISP_PUBLIC_URL', 'publicUrl', 'string'],
  ['AISP_METRICS_PUBLIC', 'metricsPublic', 'boolean'],
  ['AISP_METRICS_PROCESS', 'metricsProcess', 'boolean'],
  ['AISP_SHUTDOWN_DEADLINE_MS', 'shutdownDeadlineMs', 'integer'],
  ['AISP_BODY_LIMIT_BYTES', 'gateway.bodyLimitBytes', 'integer'],
  ['AISP_RATE_LIMIT_PER_SECOND', 'gateway.rateLimitPerSecond', 'integer'],
  ['AISP_RATE_LIMIT_BURST', 'gateway.rateLimitBurst', 'integer'],
  ['AISP_SIGNATURE_MAX_SKEW_SECONDS', 'gateway.signatureMaxSkewSeconds', 'integer'],
  ['AISP_REQUEST_TIMEOUT_MS', 'gateway.requestTimeoutMs', 'integer'],
  ['AISP_UNVERIFIED_BODY_BUDGET_BYTES', 'gateway.unverifiedBodyBudgetBytes', 'integer'],
  ['AISP_TRUST_PROXY', 'gateway.trustProxy', 'list'],
  ['AISP_TOKEN_TTL_SECONDS', 'identity.tokenTtlSeconds', 'integer'],
  ['AISP_LOGINS_PER_MINUTE_PER_ADDRESS', 'identity.loginsPerMinutePerAddress', 'integer'],
  ['AISP_FAILED_LOGINS_BEFORE_LOCKOUT', 'identity.failedLoginsBeforeLockout', 'integer'],
  ['AISP_LOCKOUT_SECONDS', 'identity.lockoutSeconds', 'integer'],
  ['AISP_DEFAULT_REGION', 'identity.defaultRegion', 'string'],
  ['AISP_ENDPOINT_QUOTA', 'maas.endpointQuotaPerAccount', 'integer'],
  ['AISP_API_KEY_QUOTA', 'maas.apiKeysPerAccount', 'integer'],
  ['AISP_MAAS_MODELS_FILE', 'maas.modelsFile', 'string'],
  ['AISP_MAAS_MONTHLY_FREE_TOKENS', 'maas.defaultMonthlyFreeTokens', 'integer'],
  ['AISP_STATISTICS_FLUSH_MS', 'maas.statisticsFlushMs', 'integer'],
  ['AISP_OTEL_ENDPOINT', 'maas.otlpEndpoint', 'string'],
  ['AISP_UPSTREAM_CONNECT_TIMEOUT_MS', 'maas.inference.connectTimeoutMs', 'integer'],
  ['AISP_UPSTREAM_MAX_ATTEMPTS', 'maas.pool.maxAttempts', 'integer'],
  ['AISP_UPSTREAM_RETRY_BUDGET_PERCENT', 'maas.pool.retryBudgetPercent', 'integer'],
  ['AISP_UPSTREAM_EJECT_AFTER_FAILURES', 'maas.pool.failuresToEject', 'integer'],
  ['AISP_UPSTREAM_EJECT_MS', 'maas.pool.ejectMs', 'integer'],
  ['AISP_UPSTREAM_HEALTH_CHECK_MS', 'maas.pool.healthCheckIntervalMs', 'integer'],
  ['AISP_UPSTREAM_HEADERS_TIMEOUT_MS', 'maas.inference.headersTimeoutMs', 'integer'],
  ['AISP_UPSTREAM_BODY_TIMEOUT_MS', 'maas.inference.bodyTimeoutMs', 'integer'],
  ['AISP_UPSTREAM_MAX_EVENT_BYTES', 'maas.inference.maxEventBytes', 'integer'],
  ['AISP_UPSTREAM_MAX_STREAM_SECONDS', 'maas.inference.maxStreamSeconds', 'integer'],
  ['AISP_CLIENT_STALL_TIMEOUT_MS', 'maas.inference.clientStallTimeoutMs', 'integer'],
  ['AISP_UPSTREAM_ALLOW_PRIVATE', 'maas.inference.allowPrivateUpstreams', 'boolean'],
  ['AISP_UPSTREAM_ALLOWED_ADDRESSES', 'maas.inference.allowedAddresses', 'list'],
  ['AISP_MODERATION_BODY_LIMIT_BYTES', 'moderation.bodyLimitBytes', 'integer'],
  ['AISP_FETCH_TIMEOUT_MS', 'moderation.fetch.timeoutMs', 'integer'],
  ['AISP_FETCH_ALLOW_PRIVATE', 'moderation.fetch.allowPrivateAddresses', 'boolean'],
  ['AISP_FETCH_ALLOWED_ADDRESSES', 'moderation.fetch.allowedAddresses', 'list'],
  ['AISP_OBS_ENDPOINT', 'moderation.objectStorage.endpoint', 'string'],
  ['AISP_OBS_REGION', 'moderation.objectStorage.region', 'string'],
  ['AISP_OBS_ACCESS_KEY', 'moderation.objectStorage.accessKey', 'string'],
  ['AISP_OBS_SECRET_KEY', 'moderation.objectStorage.secretKey', 'string'],
  ['AISP_OBS_PATH_STYLE', 'moderation.objectStorage.forcePathStyle', 'boolean'],
  ['AISP_MODERATION_MONTHLY_FREE_CALLS', 'moderation.defaultMonthlyFreeCalls', 'integer'],
  ['AISP_MODERATION_LEXICONS_FILE', 'moderation.lexiconsFile', 'string'],
  ['AISP_WARM_UP_CLASSIFIER', 'moderation.warmUpClassifier', 'boolean'],
  ['AISP_IMAGE_MODEL', 'moderation.imageModel', 'string'],
  ['AISP_OCR_WORKERS', 'moderation.ocr.workers', 'integer'],
  ['AISP_OCR_MAX_SIDE', 'moderation.ocr.maxSide', 'integer'],
  ['AISP_OCR_TIMEOUT_MS', 'moderation.ocr.timeoutMs', 'integer'],
  ['AISP_JOBS_MAX_UNFINISHED', 'moderation.jobs.maxUnfinishedPerProject', 'integer'],
  ['AISP_JOBS_RETENTION_SECONDS', 'moderation.jobs.retentionSeconds', 'integer'],
  ['AISP_JOBS_CONCURRENCY', 'moderation.jobs.concurrency', 'integer'],
  ['AISP_JOBS_MAX_ATTEMPTS', 'moderation.jobs.maxAttempts', 'integer'],
  ['AISP_JOBS_MAX_FILE_BYTES', 'moderation.jobs.maxFileBytes', 'integer'],
  ['AISP_STREAM_MAX_SECONDS', 'moderation.jobs.streamMaxSeconds', 'integer'],
  ['AISP_ASR_URL', 'moderation.jobs.asrUrl', 'string'],
  ['AISP_ASR_MODEL', 'moderation.jobs.asrModel', 'string'],
  ['AISP_ASR_API_KEY', 'moderation.jobs.asrApiKey', 'string'],
  ['AISP_FFMPEG_PATH', 'moderation.jobs.ffmpegPath', 'string'],
  ['AISP_VIDEO_MAX_SECONDS', 'moderation.jobs.videoMaxSeconds', 'integer'],
  ['AISP_FFMPEG_TIMEOUT_SECONDS', 'moderation.jobs.ffmpegTimeoutSeconds', 'integer'],
  ['AISP_DOCUMENT_TIMEOUT_MS', 'moderation.documents.timeoutMs', 'integer'],
  ['AISP_DOCUMENT_WORKER_MEMORY_MB', 'moderation.documents.workerMemoryMb', 'integer'],
  ['AISP_DOCUMENT_MAX_PAGES', 'moderation.documents.maxPages', 'integer'],
  ['AISP_DOCUMENT_MAX_INFLATED_BYTES', 'moderation.documents.maxInflatedBytes', 'integer'],
  ['AISP_DOCUMENT_MAX_COMPRESSION_RATIO', 'moderation.documents.maxCompressionRatio', 'integer'],
  ['AISP_DOCUMENT_MAX_TEXT_CHARS', 'moderation.documents.maxTextChars', 'integer'],
  ['AISP_DOCUMENT_MAX_IMAGES', 'moderation.documents.maxImages', 'integer'],
  ['AISP_DOCUMENT_MAX_IMAGE_PIXELS', 'moderation.documents.maxImagePixels', 'integer'],
  ['AISP_DOCUMENT_MAX_DETAILS', 'moderation.documents.maxDetails', 'integer'],
];

function parseEnvValue(name: string, raw: string, kind: EnvKind): unknown {
  if (kind === 'string') return raw;
  if (kind === 'list')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (kind === 'boolean') {
    if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`${name} must be true or false, got "${raw}"`);
    return raw === 'true' || raw === '1';
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** The settings the environment gives, as a partial config. */
function fromEnvironment(env: Env): DeepPartial<Config> {
  const partial: Record<string, unknown> = {};
  for (const [name, dotted, kind] of environment) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const keys = dotted.split('.');
    let target = partial;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys.at(-1)!] = parseEnvValue(name, raw, kind);
  }
  if (env.AISP_BOOTSTRAP_PASSWORD) {
    partial.bootstrap = {
      account: env.AISP_BOOTSTRAP_ACCOUNT ?? 'default',
      user: env.AISP_BOOTSTRAP_USER ?? 'admin',
      password: env.AISP_BOOTSTRAP_PASSWORD,
      project: env.AISP_BOOTSTRAP_PROJECT ?? 'default',
    };
  }
  return partial as DeepPartial<Config>;
}

function mergeDeep<T>(base: T, override: unknown): T {
  if (override === null || typeof override !== 'object' || Array.isArray(override)) return base;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = current && typeof current === 'object' && !Array.isArray(current) ? mergeDeep(current, value) : value;
  }
  return result as T;
}

/** Refuses a config that does not match the schema, naming every offending setting. */
export function validateConfig(config: unknown, schema: TSchema = ConfigSchema): Config {
  const errors = [...Value.Errors(schema, config)];
  if (errors.length > 0) {
    const lines = errors.slice(0, 10).map((e) => `  ${e.path || '/'}: ${e.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return config as Config;
}

export function loadConfig(env: Env = process.env, overrides: DeepPartial<Config> = {}): Config {
  let config: Config = defaultConfig;
  if (env.AISP_CONFIG) {
    let file: unknown;
    try {
      file = JSON.parse(readFileSync(env.AISP_CONFIG, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read the config file ${env.AISP_CONFIG}: ${(error as Error).message}`);
    }
    config = mergeDeep(config, file);
  }
  config = mergeDeep(config, fromEnvironment(env));
  config = mergeDeep(config, overrides);
  if (!config.databaseUrl) config = { ...config, databaseUrl: `sqlite:${path.join(config.dataDir, 'aisp.db')}` };
  const valid = validateConfig(config);
  try {
    databaseLocation(valid.databaseUrl);
  } catch (error) {
    throw new Error(`invalid configuration:\n  ${(error as Error).message}`);
  }
  return valid;
}
