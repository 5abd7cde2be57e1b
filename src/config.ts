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
  gateway: {
    bodyLimitBytes: 12 * 1024 * 1024,
    rateLimitPerSecond: 100,
    rateLimitBurst: 200,
    signatureMaxSkewSeconds: 15 * 60,
  },
  identity: { tokenTtlSeconds: 24 * 60 * 60 },
  maas: { endpointQuotaPerProject: 20 },
};

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
    result[key] =
      current && typeof current === 'object' && !Array.isArray(current) ? mergeDeep(current, value) : value;
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
    gateway: {
      bodyLimitBytes: intFromEnv(env, 'AISP_BODY_LIMIT_BYTES', config.gateway.bodyLimitBytes),
      rateLimitPerSecond: intFromEnv(env, 'AISP_RATE_LIMIT_PER_SECOND', config.gateway.rateLimitPerSecond),
      rateLimitBurst: intFromEnv(env, 'AISP_RATE_LIMIT_BURST', config.gateway.rateLimitBurst),
      signatureMaxSkewSeconds: intFromEnv(env, 'AISP_SIGNATURE_MAX_SKEW_SECONDS', config.gateway.signatureMaxSkewSeconds),
    },
    identity: { tokenTtlSeconds: intFromEnv(env, 'AISP_TOKEN_TTL_SECONDS', config.identity.tokenTtlSeconds) },
    maas: { endpointQuotaPerProject: intFromEnv(env, 'AISP_ENDPOINT_QUOTA', config.maas.endpointQuotaPerProject) },
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
