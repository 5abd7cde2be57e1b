import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloneType, type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { configErrorLines, isSection, settingFormat, shown, shownText, type ValueOrigins } from './config-errors.js';
import { nsfwModels } from './moderation/image/nsfw-models.js';
import { ocrEngineNames } from './moderation/image/ocr-engine.js';
import { parseAddressRange } from './net/address-guard.js';
import { closestName } from './ops/closest-name.js';
import { acceptedDatabaseUrls, databaseLocation } from './storage/database-url.js';

/** An object of the config: closed, so that a misspelt key is an error at start rather than a silent default. */
const Section = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });
const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });

/** Where a setting comes from besides the config file: its environment variable and its built-in default. */
interface SettingSource {
  /** AISP_* variable that sets it (the README's configuration table lists them). */
  env?: string;
  default?: unknown;
  /** A secret (or a URL that may carry a password): messages name it but never show its value. */
  secret?: boolean;
}

/**
 * A setting, kept once: its schema (type, validation, description) with its default and its environment variable,
 * from which `defaultConfig` and the environment table are both read.
 */
function setting<T extends TSchema>(schema: T, source: SettingSource): T {
  return CloneType(schema, {
    ...(source.env !== undefined ? { env: source.env } : {}),
    ...(source.default !== undefined ? { default: source.default } : {}),
    ...(source.secret ? { secret: true } : {}),
  });
}

settingFormat('address-range', 'an address or CIDR range, e.g. 10.1.2.0/24', (value) => {
  try {
    parseAddressRange(value);
    return true;
  } catch {
    return false;
  }
});
/** A URL whose scheme is one of `schemes`, with a host. */
const urlWithScheme = (value: string, schemes: string[]) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return schemes.includes(url.protocol) && url.hostname !== '';
};
settingFormat('http-url', 'an http:// or https:// URL', (value) => urlWithScheme(value, ['http:', 'https:']));
settingFormat('redis-url', 'a redis:// or rediss:// URL', (value) => urlWithScheme(value, ['redis:', 'rediss:']));
settingFormat(
  'origin',
  'an http:// or https:// origin with no path, e.g. https://ai.example.com',
  (value) => urlWithScheme(value, ['http:', 'https:']) && /^https?:\/\/[^/?#]+\/?$/.test(value),
);
/** Address ranges let through the SSRF guard even when private addresses are refused; checked at start. */
const AddressRanges = (description: string) =>
  Type.Array(Type.String({ format: 'address-range' }), {
    description: `${description}: CIDR ranges (or single addresses) allowed although private, e.g. 10.1.2.0/24`,
  });

/**
 * The one configuration, as a schema: its TypeScript type, its validation, its documentation, each setting's default
 * and its environment variable come from here (`setting`).
 * Sources, later wins: built-in defaults (the embedded mode: SQLite under ./data, in-process rate limits and queue),
 * an optional JSON file named by AISP_CONFIG (the same structure), then AISP_* environment variables.
 */
export const ConfigSchema = Section({
  host: setting(Type.String(), { env: 'AISP_HOST', default: '127.0.0.1' }),
  port: setting(Type.Integer({ minimum: 0, maximum: 65535 }), { env: 'AISP_PORT', default: 8080 }),
  logLevel: setting(
    Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    { env: 'AISP_LOG_LEVEL', default: 'info' },
  ),
  dataDir: setting(Type.String(), { env: 'AISP_DATA_DIR', default: './data' }),
  databaseUrl: setting(Type.String({ description: `${acceptedDatabaseUrls}; default: sqlite: under dataDir` }), {
    env: 'AISP_DATABASE_URL',
    default: '',
  }),
  masterKey: Type.Optional(
    setting(
      Type.String({
        description: 'Key material for token signing and secret encryption; generated into dataDir when absent',
      }),
      { env: 'AISP_MASTER_KEY', secret: true },
    ),
  ),
  operatorKey: Type.Optional(
    setting(
      Type.String({
        minLength: 16,
        description: 'Operator API key (X-Operator-Key), at least 16 characters; the operator API is off when unset',
      }),
      { env: 'AISP_OPERATOR_KEY', secret: true },
    ),
  ),
  redisUrl: Type.Optional(
    setting(
      Type.String({
        format: 'redis-url',
        description: 'Redis shared by several instances (rate limits); unset: in memory',
      }),
      { env: 'AISP_REDIS_URL', secret: true },
    ),
  ),
  publicUrl: Type.Optional(
    setting(
      Type.String({
        format: 'origin',
        description:
          'Origin clients reach this deployment at (e.g. https://ai.example.com), listed in the service catalog of ' +
          'tokens; unset: the origin each request came in on',
      }),
      { env: 'AISP_PUBLIC_URL' },
    ),
  ),
  metricsPublic: setting(Type.Boolean({ description: 'Serve /metrics without the operator key' }), {
    env: 'AISP_METRICS_PUBLIC',
    default: false,
  }),
  metricsToken: Type.Optional(
    setting(
      Type.String({
        minLength: 16,
        description:
          'Bearer token a Prometheus scraper may send to /metrics (Authorization: Bearer ...) instead of the operator ' +
          'key, at least 16 characters; unset: only the operator key',
      }),
      { env: 'AISP_METRICS_TOKEN', secret: true },
    ),
  ),
  metricsProcess: setting(
    Type.Boolean({ description: "Add the process's own metrics (CPU, memory, event loop, GC)" }),
    { env: 'AISP_METRICS_PROCESS', default: true },
  ),
  shutdownDeadlineMs: setting(
    Count('On SIGTERM or SIGINT, how long calls in flight (streams included) may take to finish before they are cut'),
    { env: 'AISP_SHUTDOWN_DEADLINE_MS', default: 25_000 },
  ),
  gateway: Section({
    bodyLimitBytes: setting(Count('Largest request body the gateway accepts (APIG.0201 above it)'), {
      env: 'AISP_BODY_LIMIT_BYTES',
      default: 12 * 1024 * 1024,
    }),
    rateLimitPerSecond: setting(Count('Sustained requests per second per user and API (APIG.0308 beyond)'), {
      env: 'AISP_RATE_LIMIT_PER_SECOND',
      default: 100,
    }),
    rateLimitBurst: setting(Count('Requests above the sustained rate allowed in a burst'), {
      env: 'AISP_RATE_LIMIT_BURST',
      default: 200,
    }),
    signatureMaxSkewSeconds: setting(Count('Largest clock difference accepted for SDK-HMAC-SHA256 signed requests'), {
      env: 'AISP_SIGNATURE_MAX_SKEW_SECONDS',
      default: 15 * 60,
    }),
    requestTimeoutMs: setting(
      Count('Time for a whole request (headers and body) to arrive; slower clients get APIG.0408'),
      { env: 'AISP_REQUEST_TIMEOUT_MS', default: 120_000 },
    ),
    unverifiedBodyBudgetBytes: setting(
      Count('Body bytes in flight at once for requests whose caller is not yet proven'),
      { env: 'AISP_UNVERIFIED_BODY_BUDGET_BYTES', default: 64 * 1024 * 1024 },
    ),
    trustProxy: setting(
      Type.Array(Type.String({ format: 'address-range' }), {
        description:
          'Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed: the client address that ' +
          'API-key IP allowlists and statistics see; empty: the connecting address',
      }),
      { env: 'AISP_TRUST_PROXY', default: [] },
    ),
  }),
  identity: Section({
    tokenTtlSeconds: setting(Count(), { env: 'AISP_TOKEN_TTL_SECONDS', default: 24 * 60 * 60 }),
    loginsPerMinutePerAddress: setting(Count('Password logins one address may attempt per minute'), {
      env: 'AISP_LOGINS_PER_MINUTE_PER_ADDRESS',
      default: 30,
    }),
    failedLoginsBeforeLockout: setting(Count('Wrong passwords for one user before it is locked'), {
      env: 'AISP_FAILED_LOGINS_BEFORE_LOCKOUT',
      default: 5,
    }),
    lockoutSeconds: setting(Count('How long the failures are counted, and so how long a lockout lasts at most'), {
      env: 'AISP_LOCKOUT_SECONDS',
      default: 15 * 60,
    }),
    defaultRegion: setting(
      Type.String({
        minLength: 1,
        description: "Region named in the catalog of domain-scoped tokens (a project-scoped token names its project's)",
      }),
      { env: 'AISP_DEFAULT_REGION', default: 'cn-north-4' },
    ),
  }),
  maas: Section({
    endpointQuotaPerAccount: setting(
      Count("Custom endpoints per account, the list's quantity_limit (ModelArts.6297 above it)"),
      { env: 'AISP_ENDPOINT_QUOTA', default: 30 },
    ),
    apiKeysPerAccount: setting(Count('API keys per account (ModelArts.3506 above it)'), {
      env: 'AISP_API_KEY_QUOTA',
      default: 30,
    }),
    modelsFile: Type.Optional(
      setting(
        Type.String({
          description: 'JSON file of operator model deployments, applied at start (see the README); the file wins',
        }),
        { env: 'AISP_MAAS_MODELS_FILE' },
      ),
    ),
    defaultMonthlyFreeTokens: setting(
      Type.Union([Count(), Type.Null()], {
        description:
          'Tokens per project and month on operator models for projects without their own setting; null for no limit',
      }),
      { env: 'AISP_MAAS_MONTHLY_FREE_TOKENS', default: null },
    ),
    statisticsFlushMs: setting(Count('How often call statistics are written from memory to the database'), {
      env: 'AISP_STATISTICS_FLUSH_MS',
      default: 2000,
    }),
    statisticsRetentionDays: setting(Count('How long call statistics are kept'), { default: 30 }),
    otlpEndpoint: Type.Optional(
      setting(
        Type.String({
          format: 'http-url',
          description:
            'OpenTelemetry collector base URL (OTLP/HTTP, e.g. http://collector:4318): a span per inference call',
        }),
        { env: 'AISP_OTEL_ENDPOINT' },
      ),
    ),
    inference: Section({
      connectTimeoutMs: setting(Count(), { env: 'AISP_UPSTREAM_CONNECT_TIMEOUT_MS', default: 5000 }),
      headersTimeoutMs: setting(Count('Time to the upstream response headers (for a stream: its first byte)'), {
        env: 'AISP_UPSTREAM_HEADERS_TIMEOUT_MS',
        default: 60_000,
      }),
      bodyTimeoutMs: setting(Count('Longest silence inside an upstream response body'), {
        env: 'AISP_UPSTREAM_BODY_TIMEOUT_MS',
        default: 60_000,
      }),
      maxResponseBytes: setting(Count('Largest non-streamed upstream answer read'), { default: 20 * 1024 * 1024 }),
      maxEventBytes: setting(Count('Largest single server-sent event an upstream may send'), {
        env: 'AISP_UPSTREAM_MAX_EVENT_BYTES',
        default: 1024 * 1024,
      }),
      maxStreamSeconds: setting(Count('Longest a streamed answer may last'), {
        env: 'AISP_UPSTREAM_MAX_STREAM_SECONDS',
        default: 30 * 60,
      }),
      clientStallTimeoutMs: setting(Count('How long a client that reads nothing may hold a stream'), {
        env: 'AISP_CLIENT_STALL_TIMEOUT_MS',
        default: 30_000,
      }),
      maxAudioBytes: setting(
        Count(
          'Largest audio file /v1/audio/transcriptions takes (APIG.0201 above it); the multipart body may be 64 KiB more',
        ),
        { env: 'AISP_MAAS_AUDIO_MAX_BYTES', default: 25 * 1024 * 1024 },
      ),
      responseCacheMaxBytes: setting(
        Count(
          "Memory the response cache may hold (endpoints' and models' cache_ttl_seconds); unused when redisUrl is set",
        ),
        { env: 'AISP_RESPONSE_CACHE_MAX_BYTES', default: 64 * 1024 * 1024 },
      ),
      allowPrivateUpstreams: setting(
        Type.Boolean({
          description: 'Let model services point at loopback and private addresses',
        }),
        { env: 'AISP_UPSTREAM_ALLOW_PRIVATE', default: false },
      ),
      allowedAddresses: setting(AddressRanges('Model services'), {
        env: 'AISP_UPSTREAM_ALLOWED_ADDRESSES',
        default: [],
      }),
    }),
    batch: Section({
      fileMaxBytes: setting(
        Count('Largest file POST /v1/files takes, and largest obs:// batch input (ModelArts.4705)'),
        {
          env: 'AISP_BATCH_FILE_MAX_BYTES',
          default: 100 * 1024 * 1024,
        },
      ),
      maxLines: setting(Type.Integer({ minimum: 1, description: 'Requests (lines) one batch may hold' }), {
        env: 'AISP_BATCH_MAX_LINES',
        default: 50_000,
      }),
      linesAtOnce: setting(
        Type.Integer({ minimum: 1, description: "A batch's lines running at once on one instance" }),
        {
          env: 'AISP_BATCH_CONCURRENCY',
          default: 4,
        },
      ),
      batchesAtOnce: setting(Type.Integer({ minimum: 1, description: 'Batches one instance runs at once' }), {
        env: 'AISP_BATCH_WORKERS',
        default: 2,
      }),
      yieldAtCalls: setting(
        Type.Integer({
          minimum: 1,
          description: "Real-time calls in flight on an instance at which its batches' lines wait (batches yield)",
        }),
        { env: 'AISP_BATCH_YIELD_AT_CALLS', default: 64 },
      ),
      leaseSeconds: setting(
        Type.Integer({ minimum: 1, description: 'How long a batch whose instance died waits before another takes it' }),
        { env: 'AISP_BATCH_LEASE_SECONDS', default: 30 },
      ),
      pollIntervalMs: setting(Type.Integer({ minimum: 1 }), { default: 1000 }),
    }),
    pool: Section({
      maxAttempts: setting(
        Type.Integer({ minimum: 1, maximum: 10, description: 'Attempts per call on one deployment' }),
        { env: 'AISP_UPSTREAM_MAX_ATTEMPTS', default: 3 },
      ),
      retryBudgetPercent: setting(Count('Retries a deployment may spend, in percent of its calls (plus 3 always)'), {
        env: 'AISP_UPSTREAM_RETRY_BUDGET_PERCENT',
        default: 20,
      }),
      retryBackoffMs: setting(Count('First backoff before a retry; doubles per retry, with jitter'), { default: 25 }),
      failuresToEject: setting(Type.Integer({ minimum: 1, description: 'Consecutive failures that eject a replica' }), {
        env: 'AISP_UPSTREAM_EJECT_AFTER_FAILURES',
        default: 3,
      }),
      ejectMs: setting(Type.Integer({ minimum: 1, description: 'First ejection; doubles per failed probe' }), {
        env: 'AISP_UPSTREAM_EJECT_MS',
        default: 5_000,
      }),
      maxEjectMs: setting(Type.Integer({ minimum: 1, description: 'Longest ejection' }), { default: 60_000 }),
      healthCheckIntervalMs: setting(
        Count('Active health checks of replicas in use (GET {url}/models); 0 turns them off'),
        { env: 'AISP_UPSTREAM_HEALTH_CHECK_MS', default: 10_000 },
      ),
      healthCheckTimeoutMs: setting(Type.Integer({ minimum: 1 }), { default: 2_000 }),
    }),
  }),
  moderation: Section({
    bodyLimitBytes: setting(Count('Largest moderation request body (AIS.0020 above it)'), {
      env: 'AISP_MODERATION_BODY_LIMIT_BYTES',
      default: 10 * 1024 * 1024,
    }),
    maxTextLength: setting(Count(), { default: 10_000 }),
    // The spec's limits (section 5): each side 20-6000 px, at most 10 MB; maxSide² is also sharp's pixel cap.
    image: Section({
      maxBytes: setting(Count(), { default: 10 * 1024 * 1024 }),
      minSide: setting(Count(), { default: 20 }),
      maxSide: setting(Count(), { default: 6000 }),
    }),
    imageLibraryIndexMb: setting(
      Type.Integer({
        minimum: 1,
        description:
          "Memory the image libraries' hash indexes of all projects may hold together per instance (MiB), the least " +
          'recently used going first; an index is 1 MiB plus about 120 bytes per hash',
      }),
      { env: 'AISP_IMAGE_LIBRARY_INDEX_MB', default: 256 },
    ),
    fetch: Section({
      timeoutMs: setting(Count(), { env: 'AISP_FETCH_TIMEOUT_MS', default: 5000 }),
      maxRedirects: setting(Count(), { default: 3 }),
      allowPrivateAddresses: setting(Type.Boolean(), { env: 'AISP_FETCH_ALLOW_PRIVATE', default: false }),
      allowedAddresses: setting(AddressRanges('Downloads, live streams and callbacks'), {
        env: 'AISP_FETCH_ALLOWED_ADDRESSES',
        default: [],
      }),
    }),
    objectStorage: Section({
      endpoint: Type.Optional(setting(Type.String({ format: 'http-url' }), { env: 'AISP_OBS_ENDPOINT' })),
      region: setting(Type.String(), { env: 'AISP_OBS_REGION', default: 'us-east-1' }),
      accessKey: Type.Optional(setting(Type.String(), { env: 'AISP_OBS_ACCESS_KEY' })),
      secretKey: Type.Optional(setting(Type.String(), { env: 'AISP_OBS_SECRET_KEY', secret: true })),
      forcePathStyle: setting(Type.Boolean(), { env: 'AISP_OBS_PATH_STYLE', default: true }),
    }),
    defaultMonthlyFreeCalls: setting(
      Type.Union([Count(), Type.Null()], {
        description: 'Calls per project and month for projects without their own setting; null for no limit',
      }),
      { env: 'AISP_MODERATION_MONTHLY_FREE_CALLS', default: null },
    ),
    warmUpClassifier: setting(
      Type.Boolean({
        description: 'Load the image classifier (and start OCR) at start rather than on the first image',
      }),
      { env: 'AISP_WARM_UP_CLASSIFIER', default: true },
    ),
    imageModel: setting(
      Type.Union(
        nsfwModels.map((name) => Type.Literal(name)),
        { description: 'The nsfwjs model that judges porn in images and video frames' },
      ),
      { env: 'AISP_IMAGE_MODEL', default: 'MobileNetV2Mid' },
    ),
    ocr: Section({
      engine: setting(
        Type.Union(
          ocrEngineNames.map((name) => Type.Literal(name)),
          {
            description:
              'What reads the text in images: paddle (PaddleOCR PP-OCRv4, ONNX; tesseract when it cannot start) or ' +
              'tesseract (tesseract.js, eng + chi_sim)',
          },
        ),
        { env: 'AISP_OCR_ENGINE', default: 'paddle' },
      ),
      workers: setting(
        Type.Integer({
          minimum: 0,
          maximum: 16,
          description:
            'OCR workers (tesseract: threads, ~100 MB each; paddle: child processes, ~200 MB each); 0 turns OCR off',
        }),
        { env: 'AISP_OCR_WORKERS', default: 1 },
      ),
      workerMemoryMb: setting(
        Type.Integer({
          minimum: 64,
          maximum: 16384,
          description:
            "Each PaddleOCR process's JavaScript heap limit (MiB; its resident set is capped at 4 times it); an image past it is not read, the process is replaced",
        }),
        { env: 'AISP_OCR_WORKER_MEMORY_MB', default: 512 },
      ),
      maxSide: Type.Optional(
        setting(
          Type.Integer({
            minimum: 64,
            maximum: 8192,
            description:
              'Longest side an image is scaled down to before OCR; when not set, 1280 for paddle (its detection ' +
              'model takes time with the pixels: 2000 x 2000 costs about 2.5 times 1280 x 1280) and 2000 for tesseract',
          }),
          { env: 'AISP_OCR_MAX_SIDE' },
        ),
      ),
      timeoutMs: setting(Count("Time one image's OCR may take; past it the image's text is not checked"), {
        env: 'AISP_OCR_TIMEOUT_MS',
        default: 15_000,
      }),
    }),
    lexiconsFile: Type.Optional(
      setting(
        Type.String({
          description: 'JSON file of extra terms per text category, e.g. {"politics": [...], "ban": [...]}',
        }),
        { env: 'AISP_MODERATION_LEXICONS_FILE' },
      ),
    ),
    jobs: Section({
      maxUnfinishedPerProject: setting(Count(), { env: 'AISP_JOBS_MAX_UNFINISHED', default: 10 }),
      retentionSeconds: setting(Count('How long a finished job stays readable (AIS.0030 after)'), {
        env: 'AISP_JOBS_RETENTION_SECONDS',
        default: 30 * 24 * 3600,
      }),
      concurrency: setting(Count(), { env: 'AISP_JOBS_CONCURRENCY', default: 2 }),
      pollIntervalMs: setting(Count(), { default: 1000 }),
      leaseSeconds: setting(Count(), { default: 30 }),
      maxAttempts: setting(
        Type.Integer({
          minimum: 1,
          description:
            'Attempts a job gets when its worker dies under it (the server process, or a parse worker that failed ' +
            'for a reason other than a cap), before it fails with AIS.0404',
        }),
        { env: 'AISP_JOBS_MAX_ATTEMPTS', default: 2 },
      ),
      maxFileBytes: setting(Count(), { env: 'AISP_JOBS_MAX_FILE_BYTES', default: 100 * 1024 * 1024 }),
      streamMaxSeconds: setting(Count(), { env: 'AISP_STREAM_MAX_SECONDS', default: 4 * 3600 }),
      streamReadTimeoutSeconds: setting(Count(), { default: 15 }),
      asrUrl: Type.Optional(
        setting(
          Type.String({
            format: 'http-url',
            description:
              'OpenAI-compatible speech-to-text server (.../v1); unset: AISP_ASR_MODEL names an operator model instead',
          }),
          { env: 'AISP_ASR_URL' },
        ),
      ),
      asrModel: setting(
        Type.String({
          description:
            'The model the speech-to-text server is asked for; without AISP_ASR_URL, the operator model (MaaS) that ' +
            'audio moderation calls in-process, through its pools and fallback',
        }),
        { env: 'AISP_ASR_MODEL', default: 'whisper-1' },
      ),
      asrApiKey: Type.Optional(setting(Type.String(), { env: 'AISP_ASR_API_KEY', secret: true })),
      ffmpegPath: Type.Optional(setting(Type.String(), { env: 'AISP_FFMPEG_PATH' })),
      videoMaxSeconds: setting(
        Type.Integer({
          minimum: 1,
          description: 'Seconds of a video file (or a webpage video) that are decoded and checked; the rest is not',
        }),
        { env: 'AISP_VIDEO_MAX_SECONDS', default: 2 * 3600 },
      ),
      ffmpegTimeoutSeconds: setting(
        Type.Integer({
          minimum: 1,
          description: "Wall-clock time of one ffmpeg run on a file (a video's frames, its sound); AIS.0023 past it",
        }),
        { env: 'AISP_FFMPEG_TIMEOUT_SECONDS', default: 2 * 3600 },
      ),
    }),
    documents: Section({
      timeoutMs: setting(
        Type.Integer({
          minimum: 1,
          description: "Wall-clock time of one document's parse worker (text and images); AIS.0023 past it",
        }),
        { env: 'AISP_DOCUMENT_TIMEOUT_MS', default: 120_000 },
      ),
      workerMemoryMb: setting(
        Type.Integer({
          minimum: 16,
          description: "Heap (V8 old generation) of one document's parse worker, in MiB; AIS.0023 when reached",
        }),
        { env: 'AISP_DOCUMENT_WORKER_MEMORY_MB', default: 512 },
      ),
      maxPages: setting(Type.Integer({ minimum: 1, description: 'PDF pages; a PDF with more fails with AIS.0023' }), {
        env: 'AISP_DOCUMENT_MAX_PAGES',
        default: 2000,
      }),
      maxInflatedBytes: setting(
        Type.Integer({
          minimum: 1,
          description:
            'Bytes a document may inflate to (a .docx: its zip entries; a PDF: its Flate streams), and the largest ' +
            'buffer its parser may allocate, and the images taken out in all; AIS.0023 past it',
        }),
        { env: 'AISP_DOCUMENT_MAX_INFLATED_BYTES', default: 256 * 1024 * 1024 },
      ),
      maxCompressionRatio: setting(
        Type.Integer({
          minimum: 1,
          description: 'Largest inflated/compressed ratio of a .docx zip entry over 1 MiB; AIS.0023 past it',
        }),
        { env: 'AISP_DOCUMENT_MAX_COMPRESSION_RATIO', default: 100 },
      ),
      maxTextChars: setting(
        Type.Integer({
          minimum: 1,
          description: "Characters of a document's text that are read and checked (spec: 500,000); the rest is not",
        }),
        { env: 'AISP_DOCUMENT_MAX_TEXT_CHARS', default: 500_000 },
      ),
      maxImages: setting(
        Count('Embedded images of a document that are checked (spec: 500), the first in reading order'),
        { env: 'AISP_DOCUMENT_MAX_IMAGES', default: 500 },
      ),
      maxImagePixels: setting(
        Type.Integer({
          minimum: 1,
          description: 'Pixels of one embedded PDF image; larger images are not decoded (skipped)',
        }),
        { env: 'AISP_DOCUMENT_MAX_IMAGE_PIXELS', default: 36_000_000 },
      ),
      maxDetails: setting(
        Type.Integer({ minimum: 1, description: "Entries a document job's result keeps in `details`" }),
        { env: 'AISP_DOCUMENT_MAX_DETAILS', default: 1000 },
      ),
    }),
  }),
  bootstrap: Type.Optional(
    Section({
      account: Type.String(),
      user: Type.String(),
      password: setting(Type.String(), { secret: true }),
      project: Type.String(),
    }),
  ),
});

export type Config = Static<typeof ConfigSchema>;

/** A config with any part left out, as overrides and config files give it. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

type Env = Record<string, string | undefined>;
/** `list`: comma-separated values. */
type EnvKind = 'string' | 'integer' | 'boolean' | 'list';

/** How a variable's text is read, from its setting's type (a count that may be null is read as a count). */
function envKind(schema: TSchema): EnvKind {
  const types = (schema.anyOf as TSchema[] | undefined)?.map((s) => s.type) ?? [schema.type];
  if (types.includes('integer')) return 'integer';
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('array')) return 'list';
  return 'string';
}

/** Walks the schema's sections, calling `visit` with each setting and its dotted path. */
function eachSetting(schema: TSchema, visit: (path: string[], node: TSchema) => void, path: string[] = []): void {
  if (isSection(schema)) {
    for (const [key, node] of Object.entries(schema.properties as Record<string, TSchema>))
      eachSetting(node, visit, [...path, key]);
    return;
  }
  visit(path, schema);
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  target[path.at(-1)!] = value;
}

function collectDefaults(): Config {
  const config: Record<string, unknown> = {};
  eachSetting(ConfigSchema, (path, node) => {
    if ('default' in node) setAt(config, path, structuredClone(node.default));
  });
  return config as Config;
}

/** The built-in defaults (the embedded mode), as the schema gives them. */
export const defaultConfig: Config = collectDefaults();

/** Environment variables, the config path each sets, and how its text is read; from the schema. */
const environment: [name: string, path: string[], kind: EnvKind][] = [];
eachSetting(ConfigSchema, (path, node) => {
  if (typeof node.env === 'string') environment.push([node.env, path, envKind(node)]);
});

/**
 * AISP_ variables read besides the schema's: the config file, the env file, the first account, and the admin
 * commands' password (src/cli/password-input.ts; it may sit in .env beside the settings).
 */
const loaderVariables = [
  'AISP_ADMIN_PASSWORD',
  'AISP_CONFIG',
  'AISP_ENV_FILE',
  'AISP_BOOTSTRAP_ACCOUNT',
  'AISP_BOOTSTRAP_USER',
  'AISP_BOOTSTRAP_PASSWORD',
  'AISP_BOOTSTRAP_PROJECT',
];

/** Every AISP_ variable the server reads; any other (but the reserved ones below) stops the start. */
export const settingVariables: readonly string[] = [...environment.map(([name]) => name), ...loaderVariables];

/**
 * AISP_ variables that are no server setting and that the server ignores: the test harness's (AISP_TEST_*: Redis,
 * PostgreSQL and the browser the suite uses, inherited by the servers tests spawn), and those of the repository's
 * tools (scripts/, bench/, the test helpers), so that one shell may run the tools and the server.
 */
export const testVariablePrefix = 'AISP_TEST_';
export const toolVariables: readonly string[] = ['AISP_DATASETS_DIR', 'AISP_TEXT_MODEL_OUT', 'AISP_NODE_ARGS'];

/** Whether an AISP_ variable is one the server reads, or one reserved for the tests and tools. */
export function isKnownVariable(name: string): boolean {
  return settingVariables.includes(name) || toolVariables.includes(name) || name.startsWith(testVariablePrefix);
}

/** `unknown setting NAME; did you mean AISP_...?` for each AISP_ variable no one reads (the hint when one is close). */
function unknownVariables(env: Env): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('AISP_') && !isKnownVariable(name))
    .sort()
    .map((name) => {
      const match = closestName(name, settingVariables);
      return `unknown setting ${name}${match === undefined ? '' : `; did you mean ${match}?`}`;
    });
}

/**
 * The text of a variable as its setting's type reads it. Text that does not read (a word for an integer) is kept as
 * it is, so that the schema refuses it and the one message formatter explains it like any other bad value.
 */
function parseEnvValue(raw: string, kind: EnvKind): unknown {
  if (kind === 'string') return raw;
  if (kind === 'list')
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (kind === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  const value = Number(raw);
  return raw.trim() !== '' && Number.isInteger(value) ? value : raw;
}

/** The settings the environment gives, as a partial config, and the variable (with its text) behind each path. */
function fromEnvironment(env: Env): { partial: DeepPartial<Config>; sources: Map<string, [string, string]> } {
  const partial: Record<string, unknown> = {};
  const sources = new Map<string, [string, string]>();
  for (const [name, path, kind] of environment) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setAt(partial, path, parseEnvValue(raw, kind));
    sources.set(path.join('/'), [name, raw]);
  }
  if (env.AISP_BOOTSTRAP_PASSWORD) {
    partial.bootstrap = {
      account: env.AISP_BOOTSTRAP_ACCOUNT ?? 'default',
      user: env.AISP_BOOTSTRAP_USER ?? 'admin',
      password: env.AISP_BOOTSTRAP_PASSWORD,
      project: env.AISP_BOOTSTRAP_PROJECT ?? 'default',
    };
  }
  return { partial: partial as DeepPartial<Config>, sources };
}

function mergeDeep<T>(base: T, override: unknown): T {
  if (override === null || typeof override !== 'object' || Array.isArray(override)) return base;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    // A section given something other than an object is kept as given, for the schema to refuse.
    const sections = [current, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    result[key] = sections ? mergeDeep(current, value) : value;
  }
  return result as T;
}

const valueAt = (object: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
    object,
  );

/** Where values came from: set variables, then the config file, then what the caller passed (`overrides`). */
function valueOrigins(
  config: unknown,
  env: Map<string, [string, string]>,
  file?: { name: string; content: unknown },
): ValueOrigins {
  return {
    describe(settingPath, setting) {
      const hidden = setting.secret === true;
      const fromEnv = env.get(settingPath.join('/'));
      if (fromEnv) return hidden ? `${fromEnv[0]} (value not shown)` : `${fromEnv[0]}=${shownText(fromEnv[1])}`;
      const where = `/${settingPath.join('/')}`;
      const inFile = file !== undefined && valueAt(file.content, settingPath) !== undefined;
      const given = valueAt(inFile ? file.content : config, settingPath);
      const value = given === undefined ? '' : hidden ? ' (value not shown)' : ` = ${shown(given)}`;
      return `${where}${value}${inFile ? ` in ${file.name}` : ''}`;
    },
    keysFrom: file ? ` in ${file.name}` : '',
  };
}

/** Refuses a config that does not match the schema, naming every offending setting, where it came from and why. */
export function validateConfig(
  config: unknown,
  schema: TSchema = ConfigSchema,
  origins: ValueOrigins = valueOrigins(config, new Map()),
): Config {
  if (!Value.Check(schema, config)) {
    const lines = configErrorLines(schema, Value.Errors(schema, config), origins).map((line) => `  ${line}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return config as Config;
}

export function loadConfig(env: Env = process.env, overrides: DeepPartial<Config> = {}): Config {
  const unknown = unknownVariables(env);
  if (unknown.length > 0) throw new Error(`invalid configuration:\n${unknown.map((line) => `  ${line}`).join('\n')}`);
  let config: Config = defaultConfig;
  let file: { name: string; content: unknown } | undefined;
  if (env.AISP_CONFIG) {
    try {
      file = { name: env.AISP_CONFIG, content: JSON.parse(readFileSync(env.AISP_CONFIG, 'utf8')) };
    } catch (error) {
      throw new Error(`cannot read the config file ${env.AISP_CONFIG}: ${(error as Error).message}`);
    }
    config = mergeDeep(config, file.content);
  }
  const fromEnv = fromEnvironment(env);
  config = mergeDeep(config, fromEnv.partial);
  config = mergeDeep(config, overrides);
  if (!config.databaseUrl) config = { ...config, databaseUrl: `sqlite:${path.join(config.dataDir, 'aisp.db')}` };
  const valid = validateConfig(config, ConfigSchema, valueOrigins(config, fromEnv.sources, file));
  try {
    databaseLocation(valid.databaseUrl);
  } catch (error) {
    throw new Error(`invalid configuration:\n  ${(error as Error).message}`);
  }
  return valid;
}
