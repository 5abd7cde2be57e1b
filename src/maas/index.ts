import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Db } from '../storage/database.js';
import { registerKeyRoutes } from './api-keys/key-routes.js';
import { OperatorSpeech } from './audio/operator-speech.js';
import { ApiKeyStore } from './api-keys/key-store.js';
import type { AccountDirectory } from './contract.js';
import { registerAgreementRoutes } from './endpoints/agreements.js';
import { registerEndpointRoutes } from './endpoints/endpoint-routes.js';
import { EndpointStore } from './endpoints/endpoint-store.js';
import { FreeTokenQuota } from './free-quota.js';
import { CallBudgets } from './budgets/call-budgets.js';
import { spendLedger } from './budgets/spend-ledger.js';
import { apiKeyAuthenticator } from './inference/api-key-auth.js';
import { registerDirectInfer } from './inference/direct-infer.js';
import { InferenceMetrics } from './inference/inference-metrics.js';
import { InferenceProxy } from './inference/inference-proxy.js';
import { InferenceTracing } from './inference/tracing.js';
import { registerInferenceRoutes } from './inference/inference-routes.js';
import { ModelStore } from './models/model-store.js';
import { applyModelsFile } from './models/models-file.js';
import { registerOperatorRoutes } from './models/operator-routes.js';
import { registerHelperRoutes } from './services/helper-routes.js';
import { ModelServiceStore } from './services/model-services.js';
import { registerServiceRoutes } from './services/service-routes.js';
import { CallStatistics } from './statistics/call-stats.js';
import { registerStatisticsRoutes } from './statistics/statistics-routes.js';
import { keyCallsCostSince } from './statistics/stats-queries.js';
import { ApiError } from '../errors/api-error.js';
import { JobQueue } from '../queue/job-queue.js';
import { WorkerPool } from '../queue/worker-pool.js';
import { registerBatchRoutes } from './batches/batch-routes.js';
import { BatchRunner } from './batches/batch-runner.js';
import { BatchStore } from './batches/batch-store.js';
import { FileStore } from './batches/file-store.js';
import { registerFileRoutes } from './batches/file-routes.js';
import { registerProjectBatchRoutes } from './batches/project-batch-routes.js';
import { LineCallers } from './batches/line-callers.js';

export interface MaasPluginOptions {
  config: Config['maas'];
  db: Db;
  redis?: Redis | undefined;
  /** Identity's answers MaaS needs: accounts by name, projects, sealing of upstream keys. */
  accounts: AccountDirectory & { projectOfAccount(accountId: string, projectId: string): Promise<unknown> };
  /** The region this platform is (for the helper APIs and endpoints of tenants' services). */
  region: string;
  /** Run the batch workers in this process (off for admin commands). */
  workers: boolean;
}

/**
 * The MaaS domain: the operator's model deployments, tenants' real-time services, custom endpoints, API keys (an
 * authentication mode it supplies to the gateway), the OpenAI-compatible data plane with the content guard (which the
 * moderation domain offers), direct calls of services, and call statistics. Builds its own parts from its slice of the
 * config.
 */
export const maasPlugin = fp(
  async (app: FastifyInstance, { config, db, redis, accounts, region, workers }: MaasPluginOptions) => {
    const models = new ModelStore(db, accounts);
    const services = new ModelServiceStore(db);
    const endpoints = new EndpointStore(db, { models, services, region, quota: config.endpointQuotaPerAccount });
    const apiKeys = new ApiKeyStore(db, config.apiKeysPerAccount);
    const stats = new CallStatistics(
      db,
      { flushMs: config.statisticsFlushMs, retentionDays: config.statisticsRetentionDays },
      app.log,
      app.metrics,
    );
    const freeQuota = new FreeTokenQuota(db, stats, config.defaultMonthlyFreeTokens);
    // Spend against budgets is counted where tpm is: in the shared Redis when there is one. A counter the ledger lacks
    // (a restart of an instance counting in memory, a new month) starts from the cost the statistics stored per call,
    // this instance's unwritten counts written first.
    const budgets = new CallBudgets(spendLedger(redis), {
      project: async (projectId, sinceMs) => {
        await stats.flush();
        return keyCallsCostSince(db, projectId, sinceMs);
      },
      key: async (projectId, label, sinceMs) => {
        await stats.flush();
        return keyCallsCostSince(db, projectId, sinceMs, label);
      },
    });
    const tracing = new InferenceTracing({ otlpEndpoint: config.otlpEndpoint, serviceName: 'aisp', log: app.log });
    const proxy = new InferenceProxy(
      {
        endpoints,
        models,
        services,
        stats,
        freeQuota,
        budgets,
        guard: app.contentGuard,
        metrics: new InferenceMetrics(app.metrics),
        tracing,
      },
      config.inference,
      config.pool,
      app.log,
      redis,
    );

    if (config.modelsFile) await applyModelsFile(config.modelsFile, models, accounts, app.log);

    const lineCallers = new LineCallers();
    app.authenticators.set('apiKey', apiKeyAuthenticator(apiKeys, lineCallers));
    registerEndpointRoutes(app, endpoints);
    registerAgreementRoutes(app);
    registerServiceRoutes(app, { services });
    registerHelperRoutes(app, { services, models, region });
    registerKeyRoutes(app, apiKeys, {
      unknownModels: (accountId, names) => models.unknownFor(accountId, names),
      unknownEndpoints: (accountId, ids) => endpoints.unknownIds(accountId, ids),
    });
    registerStatisticsRoutes(app, { db, stats });
    registerOperatorRoutes(app, { models, accounts, freeQuota, budgets });
    registerInferenceRoutes(app, proxy);
    registerDirectInfer(app, {
      services,
      stats,
      upstream: proxy.upstreamClient,
      maxResponseBytes: config.inference.maxResponseBytes,
      calls: proxy.calls,
      projectOfAccount: (accountId, projectId) => accounts.projectOfAccount(accountId, projectId),
      accountOfProject: (projectId) => accounts.accountOfProject(projectId),
    });
    // Content Moderation's speech recogniser may be one of the operator models (AISP_ASR_MODEL without AISP_ASR_URL).
    app.operatorModelSpeech.offer(
      new OperatorSpeech({
        models,
        upstream: proxy.upstreamClient,
        sender: proxy.failover,
        calls: proxy.calls,
        log: app.log,
      }),
    );
    // Batches: their lines on the durable job queue (one job per batch), run by this instance's batch workers.
    const batch = config.batch;
    const batchQueue = new JobQueue(db, {
      retentionMs: 86_400_000,
      internalError: () => new ApiError('ModelArts.0500'),
      types: ['maas_batch'],
    });
    const files = new FileStore(db);
    const batches = new BatchStore(db, batchQueue);
    const batchWorkers = new WorkerPool(
      batchQueue,
      new BatchRunner(
        {
          store: batches,
          apiKeys,
          lines: lineCallers,
          inject: app.inject.bind(app),
          callsInFlight: () => proxy.calls.count,
          log: app.log,
        },
        { linesAtOnce: batch.linesAtOnce, yieldAtCalls: batch.yieldAtCalls },
      ),
      {
        concurrency: batch.batchesAtOnce,
        pollIntervalMs: batch.pollIntervalMs,
        leaseMs: batch.leaseSeconds * 1000,
        // A restart hands a batch back with one more attempt counted: a batch survives many restarts.
        maxAttempts: 1000,
      },
      app.log,
    );
    registerFileRoutes(app, { files, maxBytes: batch.fileMaxBytes, maxLines: batch.maxLines });
    registerBatchRoutes(app, {
      batches,
      files,
      maxInputBytes: batch.fileMaxBytes,
      maxLines: batch.maxLines,
      created: () => batchWorkers.wake(),
    });
    registerProjectBatchRoutes(app, { batches, files, created: () => batchWorkers.wake() });

    app.addHook('onReady', async () => {
      stats.start();
      proxy.start();
      if (workers) batchWorkers.start();
    });
    // Before the server closes (when it would refuse a line's request): no new line starts, the lines running end
    // and are saved, and the batches go back to the queue for the next start (or another instance).
    app.addHook('preClose', async () => {
      if (workers) await batchWorkers.stop();
    });
    // Runs once the server has no connection left (Fastify closes it first): the calls cut at the shutdown deadline
    // finish their metering inside proxy.close(), and only then are the statistics written for the last time.
    app.addHook('onClose', async () => {
      await proxy.close();
      await tracing.close();
      await stats.close();
    });
  },
  { name: 'maas', dependencies: ['identity', 'moderation'] },
);
