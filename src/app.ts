import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import swagger from '@fastify/swagger';
import type { Config } from './config.js';
import { answerMalformedHttp, installGateway, newRequestId } from './gateway/gateway.js';
import { installMetrics } from './gateway/metrics.js';
import { deriveKeys, loadMasterKey } from './identity/crypto.js';
import { IdentityService } from './identity/identity-service.js';
import { registerIdentityRoutes } from './identity/routes.js';
import { CustomEndpointStore } from './maas/custom-endpoints.js';
import { ModelServiceStore } from './maas/model-services.js';
import { registerMaasRoutes } from './maas/routes.js';
import { ApiKeyStore } from './maas/api-keys.js';
import { InferenceProxy } from './maas/inference.js';
import { registerInferenceRoutes } from './maas/inference-routes.js';
import { UsageMeter } from './maas/usage.js';
import { ModerationAccess, moderationServices } from './moderation/access.js';
import { GlossaryStore } from './moderation/glossaries.js';
import { NsfwClassifier } from './moderation/image/classifier.js';
import { registerModerationRoutes } from './moderation/routes.js';
import { ObjectStorage } from './moderation/sources/object-storage.js';
import { CallbackSender } from './moderation/jobs/callbacks.js';
import { JobRunner } from './moderation/jobs/job-runner.js';
import { JobStore } from './moderation/jobs/job-store.js';
import { ffmpegPath } from './moderation/jobs/media.js';
import { documentProcessor } from './moderation/jobs/processors/document.js';
import { audioProcessor, streamProcessor, videoProcessor } from './moderation/jobs/processors/media.js';
import { registerJobRoutes } from './moderation/jobs/routes.js';
import { Transcriber } from './moderation/jobs/transcriber.js';
import { openDatabase, type Db } from './storage/database.js';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  identity: IdentityService;
  close(): Promise<void>;
}

/** Builds the whole server from a Config: storage, domain services, the gateway and every route. No logic lives here. */
export interface PlatformOptions {
  /** Run background job workers in this process (off for admin commands). */
  workers?: boolean;
}

export async function buildPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const { db } = await openDatabase(config.databaseUrl);
  const keys = deriveKeys(loadMasterKey(config.masterKey, config.dataDir));
  const identity = new IdentityService(db, keys, config.identity.tokenTtlSeconds);
  const services = new ModelServiceStore(db);
  const endpoints = new CustomEndpointStore(db, services, config.maas.endpointQuotaPerProject);
  const apiKeys = new ApiKeyStore(db);
  const usage = new UsageMeter(db);
  const moderation = config.moderation;
  const access = new ModerationAccess(db, {
    subscribed: true,
    services: [...moderationServices],
    monthlyFreeCalls: moderation.defaultMonthlyFreeCalls,
  });
  const glossaries = new GlossaryStore(db);
  const classifier = new NsfwClassifier();
  const objectStorage = new ObjectStorage(moderation.objectStorage, moderation.fetch.timeoutMs);
  const jobsConfig = moderation.jobs;
  const jobStore = new JobStore(db, {
    maxUnfinishedPerProject: jobsConfig.maxUnfinishedPerProject,
    retentionMs: jobsConfig.retentionSeconds * 1000,
  });
  const callbacks = new CallbackSender(moderation.fetch.allowPrivateAddresses);
  const transcriber = jobsConfig.asrUrl
    ? new Transcriber(jobsConfig.asrUrl.replace(/\/$/, ''), jobsConfig.asrModel, 10 * 60_000, jobsConfig.asrApiKey)
    : undefined;
  const fileSource = {
    fetchLimits: {
      ...moderation.fetch,
      timeoutMs: Math.max(moderation.fetch.timeoutMs, 60_000),
      maxBytes: jobsConfig.maxFileBytes,
    },
    objectStorage,
    maxBytes: jobsConfig.maxFileBytes,
  };
  const mediaDeps = {
    source: fileSource,
    glossaries,
    classifier,
    ...(transcriber ? { transcriber } : {}),
    ffmpeg: ffmpegPath(jobsConfig.ffmpegPath),
    streamMaxSeconds: jobsConfig.streamMaxSeconds,
    streamReadTimeoutSeconds: jobsConfig.streamReadTimeoutSeconds,
  };

  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Credentials never reach the log, whatever a future serializer includes.
      redact: [
        'req.headers.authorization',
        'req.headers["x-auth-token"]',
        'req.headers["x-operator-key"]',
        'res.headers["x-subject-token"]',
      ],
    },
    bodyLimit: config.gateway.bodyLimitBytes,
    genReqId: newRequestId,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 256 },
    clientErrorHandler: answerMalformedHttp,
  });
  // Checks run in handlers, in the order the catalogue prescribes; schemas document the API and shape OpenAPI.
  app.setValidatorCompiler(() => () => true);
  // Responses are plain JSON.stringify: a schema that lags the code must never drop a field silently.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'AI Service Platform',
        version: '0.1.0',
        description: 'MaaS gateway, Content Moderation and identity APIs',
      },
      components: {
        securitySchemes: {
          token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
          aksk: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...',
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'MaaS API key (sk-...), for the OpenAI-compatible inference API',
          },
        },
      },
      security: [{ token: [] }, { aksk: [] }],
    },
  });

  // enableOfflineQueue off: a rate-limit check must fail over to memory at once, not wait for Redis to come back.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redis?.on('error', (error) =>
    app.log.warn({ err: error }, 'redis unavailable; rate limits counted in memory meanwhile'),
  );
  const proxy = new InferenceProxy({ apiKeys, endpoints, services, usage, identity }, config.maas.inference, redis);
  installGateway(app, {
    redis,
    identity,
    rateLimitPerSecond: config.gateway.rateLimitPerSecond,
    rateLimitBurst: config.gateway.rateLimitBurst,
    signatureMaxSkewSeconds: config.gateway.signatureMaxSkewSeconds,
    operatorKey: config.operatorKey,
  });

  installMetrics(app, { public: config.metricsPublic, process: config.metricsProcess });
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { config: { auth: 'none' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  registerIdentityRoutes(app, { identity, tokenTtlSeconds: config.identity.tokenTtlSeconds });
  registerMaasRoutes(app, { endpoints, services });
  registerInferenceRoutes(app, { proxy, apiKeys, endpoints, usage });
  registerModerationRoutes(app, {
    access,
    glossaries,
    classifier,
    objectStorage,
    fetchLimits: { ...moderation.fetch, maxBytes: moderation.image.maxBytes },
    imageLimits: moderation.image,
    bodyLimitBytes: moderation.bodyLimitBytes,
    maxTextLength: moderation.maxTextLength,
  });

  const runner = new JobRunner(
    jobStore,
    {
      document: documentProcessor(fileSource, glossaries),
      audio: audioProcessor(mediaDeps),
      video: videoProcessor(mediaDeps),
      video_stream: streamProcessor(mediaDeps),
    },
    callbacks,
    {
      concurrency: jobsConfig.concurrency,
      pollIntervalMs: jobsConfig.pollIntervalMs,
      leaseMs: jobsConfig.leaseSeconds * 1000,
    },
    app.log,
  );
  registerJobRoutes(app, {
    store: jobStore,
    runner,
    access,
    glossaries,
    audioEnabled: transcriber !== undefined,
    allowPrivateAddresses: moderation.fetch.allowPrivateAddresses,
    bodyLimitBytes: moderation.bodyLimitBytes,
  });

  await app.ready();
  if (options.workers ?? true) runner.start();
  if (moderation.warmUpClassifier) {
    classifier.warmUp().catch((error) => app.log.error({ err: error }, 'image classifier failed to load'));
  }
  return {
    app,
    db,
    identity,
    async close() {
      await app.close();
      await runner.stop();
      await callbacks.close();
      redis?.disconnect();
      await access.close();
      await proxy.close();
      objectStorage.close();
      await db.destroy();
    },
  };
}
