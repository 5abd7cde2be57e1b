import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One typed configuration. Sources, later wins: built-in defaults (the embedded mode: SQLite under ./data, in-process
 * rate limits), an optional JSON file named by AISP_CONFIG, then AISP_* environment variables.
 */
export interface Config {
  host: string;
  port: number;
  logLevel: string;
  dataDir: string;
  /** `sqlite:<file>` (default) or `postgres://...`. */
  databaseUrl: string;
  /** Hex or base64 key material for token signing and secret-key encryption; generated into dataDir when absent. */
  masterKey?: string;
  /** Operator API key (`X-Operator-Key`); the operator API is off when unset. */
  operatorKey?: string;
  /** Redis for state shared by several instances (rate limits); unset: in memory. */
  redisUrl?: string;
  /** Serve /metrics without the operator key. */
  metricsPublic: boolean;
  /** Add the process's own metrics (CPU, memory, event loop, GC) to /metrics. */
  metricsProcess: boolean;
  gateway: {
    /** Largest request body the gateway accepts (APIG.0201 above it). */
    bodyLimitBytes: number;
    /** Sustained requests per second per user and API, and the burst above it (APIG.0308 beyond). */
    rateLimitPerSecond: number;
    rateLimitBurst: number;
    /** Largest clock difference accepted for SDK-HMAC-SHA256 signed requests. */
    signatureMaxSkewSeconds: number;
  };
  identity: {
    tokenTtlSeconds: number;
  };
  maas: {
    /** Custom endpoints per project (ModelArts.6297 above it). */
    endpointQuotaPerProject: number;
    inference: {
      connectTimeoutMs: number;
      headersTimeoutMs: number;
      bodyTimeoutMs: number;
      maxResponseBytes: number;
      allowPrivateUpstreams: boolean;
    };
  };
  moderation: {
    /** Largest moderation request body (AIS.0020 above it). */
    bodyLimitBytes: number;
    maxTextLength: number;
    image: { maxBytes: number; minSide: number; maxSide: number };
    fetch: { timeoutMs: number; maxRedirects: number; allowPrivateAddresses: boolean };
    objectStorage: {
      endpoint?: string;
      region: string;
      accessKey?: string;
      secretKey?: string;
      forcePathStyle: boolean;
    };
    /** Default calls per project and month for projects without their own setting; null for no limit. */
    defaultMonthlyFreeCalls: number | null;
    /** Load the image classifier at start rather than on the first image. */
    warmUpClassifier: boolean;
    jobs: {
      maxUnfinishedPerProject: number;
      /** How long a finished job stays readable (AIS.0030 after). */
      retentionSeconds: number;
      concurrency: number;
      pollIntervalMs: number;
      leaseSeconds: number;
      maxFileBytes: number;
      streamMaxSeconds: number;
      streamReadTimeoutSeconds: number;
      /** OpenAI-compatible speech-to-text server (…/v1); audio moderation is off without one. */
      asrUrl?: string;
      asrModel: string;
      asrApiKey?: string;
      ffmpegPath?: string;
    };
  };
  bootstrap?: {
    account: string;
    user: string;
    password: string;
    project: string;
  };
}

export const defaultConfig: Config = {
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info',
  dataDir: './data',
  databaseUrl: '',
  metricsPublic: false,
  metricsProcess: true,
  gateway: {
    bodyLimitBytes: 12 * 1024 * 1024,
    rateLimitPerSecond: 100,
    rateLimitBurst: 200,
    signatureMaxSkewSeconds: 15 * 60,
  },
  identity: { tokenTtlSeconds: 24 * 60 * 60 },
  maas: {
    endpointQuotaPerProject: 20,
    inference: {
      connectTimeoutMs: 5000,
      headersTimeoutMs: 60_000,
      bodyTimeoutMs: 60_000,
      maxResponseBytes: 20 * 1024 * 1024,
      allowPrivateUpstreams: false,
    },
  },
  moderation: {
    bodyLimitBytes: 10 * 1024 * 1024,
    maxTextLength: 10_000,
    image: { maxBytes: 10 * 1024 * 1024, minSide: 16, maxSide: 8192 },
    fetch: { timeoutMs: 5000, maxRedirects: 3, allowPrivateAddresses: false },
    objectStorage: { region: 'us-east-1', forcePathStyle: true },
    defaultMonthlyFreeCalls: null,
    warmUpClassifier: true,
    jobs: {
      maxUnfinishedPerProject: 10,
      retentionSeconds: 30 * 24 * 3600,
      concurrency: 2,
      pollIntervalMs: 1000,
      leaseSeconds: 30,
      maxFileBytes: 100 * 1024 * 1024,
      streamMaxSeconds: 4 * 3600,
      streamReadTimeoutSeconds: 15,
      asrModel: 'whisper-1',
    },
  },
};

function boolFromEnv(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`${name} must be true or false, got "${raw}"`);
  return raw === 'true' || raw === '1';
}

type Env = Record<string, string | undefined>;

function intFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function mergeDeep<T>(base: T, override: unknown): T {
  if (override === null || typeof override !== 'object' || Array.isArray(override)) return base;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = current && typeof current === 'object' && !Array.isArray(current) ? mergeDeep(current, value) : value;
  }
  return result as T;
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  let config = defaultConfig;
  if (env.AISP_CONFIG) config = mergeDeep(config, JSON.parse(readFileSync(env.AISP_CONFIG, 'utf8')));
  config = mergeDeep(config, {
    host: env.AISP_HOST ?? config.host,
    port: intFromEnv(env, 'AISP_PORT', config.port),
    logLevel: env.AISP_LOG_LEVEL ?? config.logLevel,
    dataDir: env.AISP_DATA_DIR ?? config.dataDir,
    databaseUrl: env.AISP_DATABASE_URL ?? config.databaseUrl,
    masterKey: env.AISP_MASTER_KEY ?? config.masterKey,
    operatorKey: env.AISP_OPERATOR_KEY ?? config.operatorKey,
    redisUrl: env.AISP_REDIS_URL ?? config.redisUrl,
    metricsPublic: boolFromEnv(env, 'AISP_METRICS_PUBLIC', config.metricsPublic),
    metricsProcess: boolFromEnv(env, 'AISP_METRICS_PROCESS', config.metricsProcess),
    gateway: {
      bodyLimitBytes: intFromEnv(env, 'AISP_BODY_LIMIT_BYTES', config.gateway.bodyLimitBytes),
      rateLimitPerSecond: intFromEnv(env, 'AISP_RATE_LIMIT_PER_SECOND', config.gateway.rateLimitPerSecond),
      rateLimitBurst: intFromEnv(env, 'AISP_RATE_LIMIT_BURST', config.gateway.rateLimitBurst),
      signatureMaxSkewSeconds: intFromEnv(
        env,
        'AISP_SIGNATURE_MAX_SKEW_SECONDS',
        config.gateway.signatureMaxSkewSeconds,
      ),
    },
    identity: { tokenTtlSeconds: intFromEnv(env, 'AISP_TOKEN_TTL_SECONDS', config.identity.tokenTtlSeconds) },
    maas: {
      endpointQuotaPerProject: intFromEnv(env, 'AISP_ENDPOINT_QUOTA', config.maas.endpointQuotaPerProject),
      inference: {
        connectTimeoutMs: intFromEnv(env, 'AISP_UPSTREAM_CONNECT_TIMEOUT_MS', config.maas.inference.connectTimeoutMs),
        headersTimeoutMs: intFromEnv(env, 'AISP_UPSTREAM_HEADERS_TIMEOUT_MS', config.maas.inference.headersTimeoutMs),
        bodyTimeoutMs: intFromEnv(env, 'AISP_UPSTREAM_BODY_TIMEOUT_MS', config.maas.inference.bodyTimeoutMs),
        allowPrivateUpstreams: boolFromEnv(
          env,
          'AISP_UPSTREAM_ALLOW_PRIVATE',
          config.maas.inference.allowPrivateUpstreams,
        ),
      },
    },
    moderation: {
      bodyLimitBytes: intFromEnv(env, 'AISP_MODERATION_BODY_LIMIT_BYTES', config.moderation.bodyLimitBytes),
      fetch: {
        timeoutMs: intFromEnv(env, 'AISP_FETCH_TIMEOUT_MS', config.moderation.fetch.timeoutMs),
        allowPrivateAddresses: boolFromEnv(
          env,
          'AISP_FETCH_ALLOW_PRIVATE',
          config.moderation.fetch.allowPrivateAddresses,
        ),
      },
      objectStorage: {
        endpoint: env.AISP_OBS_ENDPOINT ?? config.moderation.objectStorage.endpoint,
        region: env.AISP_OBS_REGION ?? config.moderation.objectStorage.region,
        accessKey: env.AISP_OBS_ACCESS_KEY ?? config.moderation.objectStorage.accessKey,
        secretKey: env.AISP_OBS_SECRET_KEY ?? config.moderation.objectStorage.secretKey,
        forcePathStyle: boolFromEnv(env, 'AISP_OBS_PATH_STYLE', config.moderation.objectStorage.forcePathStyle),
      },
      defaultMonthlyFreeCalls: env.AISP_MODERATION_MONTHLY_FREE_CALLS
        ? intFromEnv(env, 'AISP_MODERATION_MONTHLY_FREE_CALLS', 0)
        : config.moderation.defaultMonthlyFreeCalls,
      warmUpClassifier: boolFromEnv(env, 'AISP_WARM_UP_CLASSIFIER', config.moderation.warmUpClassifier),
      jobs: {
        maxUnfinishedPerProject: intFromEnv(
          env,
          'AISP_JOBS_MAX_UNFINISHED',
          config.moderation.jobs.maxUnfinishedPerProject,
        ),
        retentionSeconds: intFromEnv(env, 'AISP_JOBS_RETENTION_SECONDS', config.moderation.jobs.retentionSeconds),
        concurrency: intFromEnv(env, 'AISP_JOBS_CONCURRENCY', config.moderation.jobs.concurrency),
        maxFileBytes: intFromEnv(env, 'AISP_JOBS_MAX_FILE_BYTES', config.moderation.jobs.maxFileBytes),
        streamMaxSeconds: intFromEnv(env, 'AISP_STREAM_MAX_SECONDS', config.moderation.jobs.streamMaxSeconds),
        asrUrl: env.AISP_ASR_URL ?? config.moderation.jobs.asrUrl,
        asrModel: env.AISP_ASR_MODEL ?? config.moderation.jobs.asrModel,
        asrApiKey: env.AISP_ASR_API_KEY ?? config.moderation.jobs.asrApiKey,
        ffmpegPath: env.AISP_FFMPEG_PATH ?? config.moderation.jobs.ffmpegPath,
      },
    },
  });
  if (env.AISP_BOOTSTRAP_PASSWORD) {
    config.bootstrap = {
      account: env.AISP_BOOTSTRAP_ACCOUNT ?? 'default',
      user: env.AISP_BOOTSTRAP_USER ?? 'admin',
      password: env.AISP_BOOTSTRAP_PASSWORD,
      project: env.AISP_BOOTSTRAP_PROJECT ?? 'default',
    };
  }
  config = mergeDeep(config, overrides);
  if (!config.databaseUrl) config.databaseUrl = `sqlite:${path.join(config.dataDir, 'aisp.db')}`;
  return config;
}
