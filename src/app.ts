import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import swagger from '@fastify/swagger';
import { apiDocsPlugin } from './api-docs/docs-page.js';
import { openApiOptions } from './api-docs/openapi.js';
import type { Config } from './config.js';
import { consolePlugin } from './console/index.js';
import { answerFrameworkError, answerMalformedHttp, installErrorHook, newRequestId } from './errors/error-hook.js';
import { installGateway, parseQueryString } from './gateway/index.js';
import { installMetrics } from './gateway/metrics.js';
import { StateChangeLog } from './ops/state-change-log.js';
import { RequestLogController } from './gateway/request-log.js';
import { deriveKeys, IdentityService, identityPlugin, loadMasterKey } from './identity/index.js';
import { maasPlugin } from './maas/index.js';
import { moderationPlugin } from './moderation/index.js';
import { type HealthChecks, installHealth } from './ops/health.js';
import { openDatabase, type Db } from './storage/database.js';

export interface Platform {
  app: FastifyInstance;
  db: Db;
  identity: IdentityService;
  /** Readiness checks, and whether the process is shutting down (see ops/shutdown.ts). */
  health: HealthChecks;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Run background job workers in this process (off for admin commands). */
  workers?: boolean;
  /** Where the log goes (standard output unless given; tests read it). */
  logStream?: NodeJS.WritableStream;
  /** Told of every route as it is registered (tests check each route's settings, e.g. its error family). */
  onRoute?: (route: RouteOptions) => void;
}

/** Wiring only: opens storage and identity, installs the gateway, registers the domain plugins. */
export async function buildPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const db = await openDatabase(config.databaseUrl);
  // enableOfflineQueue off: a rate-limit check must fail over to memory at once, not wait for Redis to come back.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  const keys = deriveKeys(loadMasterKey(config.masterKey, config.dataDir));
  const identity = new IdentityService(db, keys, config.identity, redis);

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
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // One info line per request, with what handlers add (the MaaS call's model, tokens, key label...).
    logController: new RequestLogController(),
    // During shutdown a request on a connection still open reaches its handler (answered with Connection: close)
    // rather than Fastify's own 503, whose body is outside the catalogue; /health/ready answers 503 then.
    return503OnClosing: false,
    bodyLimit: config.gateway.bodyLimitBytes,
    requestTimeout: config.gateway.requestTimeoutMs,
    // A request without Host reaches the gateway, which answers it in the catalogue's shape instead of a bare 400.
    // Node applies the request time limit only when given at creation, and checks it every second (not every 30 s).
    http: {
      requireHostHeader: false,
      requestTimeout: config.gateway.requestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
    // The client's address (IP allowlists of API keys, statistics) through the proxies the operator trusts only.
    ...(config.gateway.trustProxy.length > 0 ? { trustProxy: config.gateway.trustProxy } : {}),
    genReqId: newRequestId,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 256, querystringParser: parseQueryString },
    clientErrorHandler: answerMalformedHttp,
    frameworkErrors: answerFrameworkError,
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // Fastify's own validation stays off: route schemas are compiled once by errors/schema-check.ts and run inside the
  // handlers, after the gateway's JSON parsing, the permission and what the cloud checks before a body's fields (a
  // subscription, a biz_type policy), each failure answered by its family's documented code and order of checks.
  app.setValidatorCompiler(() => () => true);
  // Responses are plain JSON.stringify: a schema that lags the code must never drop a field silently.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, openApiOptions);

  if (redis) {
    // ioredis reports every failed reconnection: one line when Redis goes away, one when it is back.
    const redisState = new StateChangeLog(app.log, 'redis', 'rate limits counted in memory meanwhile');
    redis.on('error', (error) => redisState.failed(error));
    redis.on('ready', () => redisState.succeeded());
  }
  app.addHook('onClose', async () => redis?.disconnect());

  installErrorHook(app);
  installGateway(app, {
    identity,
    redis,
    operatorKey: config.operatorKey,
    rateLimitPerSecond: config.gateway.rateLimitPerSecond,
    rateLimitBurst: config.gateway.rateLimitBurst,
    signatureMaxSkewSeconds: config.gateway.signatureMaxSkewSeconds,
    unverifiedBodyBudgetBytes: config.gateway.unverifiedBodyBudgetBytes,
  });
  installMetrics(app, { public: config.metricsPublic, process: config.metricsProcess, token: config.metricsToken });
  app.get('/openapi.json', { config: { auth: 'none' }, schema: { hide: true } }, async () => app.swagger());
  const health = installHealth(app);
  health.add('database', async () => {
    await sql`SELECT 1`.execute(db);
    return { ok: true };
  });
  if (redis) {
    health.add(
      'redis',
      async () => {
        // Without the offline queue a command fails at once while disconnected; say how it stands instead.
        if (redis.status !== 'ready') return { ok: false, detail: `connection ${redis.status}` };
        return { ok: (await redis.ping()) === 'PONG' };
      },
      1000,
    );
  }

  try {
    await app.register(identityPlugin, {
      identity,
      publicUrl: config.publicUrl,
      defaultRegion: config.identity.defaultRegion,
    });
    await app.register(moderationPlugin, {
      config: config.moderation,
      db,
      projects: identity.directory,
      secrets: identity,
      workers: options.workers ?? true,
    });
    await app.register(maasPlugin, {
      config: config.maas,
      db,
      redis,
      // What MaaS reads of identity: the directory's accounts and projects, and identity's sealing of upstream keys.
      accounts: {
        findAccountByName: (name) => identity.directory.findAccountByName(name),
        accountNames: (ids) => identity.directory.accountNames(ids),
        projectExists: (projectId) => identity.directory.projectExists(projectId),
        accountOfProject: (projectId) => identity.directory.accountOfProject(projectId),
        projectOfAccount: (accountId, projectId) => identity.directory.projectOfAccount(accountId, projectId),
        sealSecret: (plain) => identity.sealSecret(plain),
        openSecret: (sealed) => identity.openSecret(sealed),
      },
      region: config.identity.defaultRegion,
      workers: options.workers ?? true,
    });
    await app.register(consolePlugin);
    await app.register(apiDocsPlugin);
    await app.ready();
  } catch (error) {
    // A start that fails (a bad models file, say) leaves no open database or connection behind.
    await app.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    throw error;
  }

  return {
    app,
    db,
    identity,
    health,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
