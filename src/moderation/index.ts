import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { AddressPolicy } from '../net/address-guard.js';
import { ApiError } from '../errors/api-error.js';
import { JobQueue } from '../queue/job-queue.js';
import { installQueueMetrics } from '../queue/queue-metrics.js';
import { createGuardedAgent } from '../net/outbound.js';
import { StreamRelay } from '../net/stream-relay.js';
import type { Db } from '../storage/database.js';
import { ModerationAccess, moderationServices } from './access.js';
import { offerContentGuard } from './content-guard.js';
import { GlossaryStore } from './glossaries.js';
import { registerLibraryRoutes } from './image-libraries/library-routes.js';
import { ImageLibraryStore } from './image-libraries/library-store.js';
import { ModerationMetrics } from './moderation-metrics.js';
import { loadOperatorLexicons } from './operator-lexicons.js';
import { classifierReadiness, NsfwClassifier } from './image/classifier.js';
import type { ImageReaders } from './image/image-moderator.js';
import { OcrReader } from './image/ocr.js';
import { CallbackSender } from './jobs/callbacks.js';
import { type JobFiles, minimumJobDownloadMs } from './jobs/job-request.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobStore, type JobType } from './jobs/job-store.js';
import { ffmpegPath } from './jobs/ffmpeg-media.js';
import { documentProcessor } from './jobs/processors/document.js';
import {
  audioProcessor,
  audioStreamProcessor,
  streamProcessor,
  videoProcessor,
} from './jobs/processors/audio-video.js';
import { createRequestParsers } from './jobs/create-requests.js';
import { registerJobRoutes } from './jobs/job-routes.js';
import { Transcriber } from './jobs/transcriber.js';
import { expectOperatorModelSpeech } from './jobs/operator-model-speech.js';
import { type ProjectDirectory, registerObjectStorageRoutes } from './object-storage-routes.js';
import { PolicyStore, registerPolicyRoutes } from './policies.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerSyncRoutes } from './sync-routes.js';
import { MediaSource } from './sources/media-source.js';
import { ObjectStorage } from './sources/object-storage.js';
import { ObjectStorageAccess, type SecretSealer } from './sources/object-storage-access.js';
import { StoreClients } from './sources/store-clients.js';

export interface ModerationPluginOptions {
  config: Config['moderation'];
  db: Db;
  /** Identity's answers that moderation needs: whether a project exists, and sealing stored secrets. */
  /** Identity's directory (whether a project exists) and its sealing of stored secrets. */
  projects: ProjectDirectory;
  secrets: SecretSealer;
  /** Run background job workers in this process (off for admin commands). */
  workers: boolean;
}

/**
 * The Content Moderation domain: text and image moderation, glossaries, subscriptions and free calls, and the
 * asynchronous jobs (documents, video, audio, live streams) with their workers and callbacks. Builds its own parts
 * from its slice of the config.
 */
export const moderationPlugin = fp(
  async (app: FastifyInstance, { config, db, projects, secrets, workers }: ModerationPluginOptions) => {
    const access = new ModerationAccess(db, {
      subscribed: true,
      services: [...moderationServices],
      monthlyFreeCalls: config.defaultMonthlyFreeCalls,
    });
    const glossaries = new GlossaryStore(db, loadOperatorLexicons(config.lexiconsFile));
    const metrics = new ModerationMetrics(app.metrics);
    const readers: ImageReaders = {
      classifier: new NsfwClassifier(config.imageModel, metrics.imageModel),
      // OCR reads images whose sides moderateImage has checked already; its own cap is the same, for any other caller.
      ocr: new OcrReader({
        ...config.ocr,
        maxInputPixels: config.image.maxSide * config.image.maxSide,
        onTimed: metrics.ocr,
        onFallback: (error) =>
          app.log.error({ err: error }, 'PaddleOCR could not start; tesseract.js reads the text in images instead'),
      }),
      onOcrError: (error) => app.log.warn({ err: error }, 'OCR failed on an image; its text was not checked'),
    };
    // One address policy for everything fetched for a tenant: downloads, object stores a project names, live streams
    // (ffmpeg's relay), callbacks.
    const addresses: AddressPolicy = {
      allowPrivate: config.fetch.allowPrivateAddresses,
      allowedRanges: config.fetch.allowedAddresses,
    };
    const storageAccess = new ObjectStorageAccess(db, secrets);
    const storeClients = new StoreClients(config.objectStorage, addresses);
    const objectStorage = new ObjectStorage(storageAccess, storeClients, config.fetch.timeoutMs);
    const downloads = createGuardedAgent({ addresses, connectTimeoutMs: 5000 });
    const source = new MediaSource(objectStorage, downloads, config.fetch.maxRedirects);

    offerContentGuard(app, glossaries);
    app.decorate('projectObjects', objectStorage);
    const policies = new PolicyStore(db);
    const imageLibraries = new ImageLibraryStore(db, config.imageLibraryIndexMb * 2 ** 20);
    registerPolicyRoutes(app, policies, config.bodyLimitBytes);
    registerLibraryRoutes(app, {
      libraries: imageLibraries,
      source,
      imageLimits: config.image,
      fetchTimeoutMs: config.fetch.timeoutMs,
      bodyLimitBytes: config.bodyLimitBytes,
    });
    registerSyncRoutes(app, {
      access,
      glossaries,
      imageLibraries,
      policies,
      readers,
      source,
      fetchTimeoutMs: config.fetch.timeoutMs,
      imageLimits: config.image,
      bodyLimitBytes: config.bodyLimitBytes,
      maxTextLength: config.maxTextLength,
      metrics,
    });
    registerSettingsRoutes(app, {
      access,
      glossaries,
      bodyLimitBytes: config.bodyLimitBytes,
      projectExists: (projectId) => projects.projectExists(projectId),
    });
    registerObjectStorageRoutes(app, {
      access: storageAccess,
      projects,
      addresses,
      bodyLimitBytes: config.bodyLimitBytes,
    });

    const jobs = config.jobs;
    const files: JobFiles = {
      source,
      maxBytes: jobs.maxFileBytes,
      timeoutMs: Math.max(config.fetch.timeoutMs, minimumJobDownloadMs),
    };
    // AISP_ASR_URL names an outside recogniser; without it, AISP_ASR_MODEL names an operator model of the MaaS
    // gateway (offered once MaaS is built), which is what audio work waits for.
    const outsideAsr = jobs.asrUrl ? new Transcriber(jobs.asrUrl, jobs.asrModel, jobs.asrApiKey) : undefined;
    const operatorAsr = expectOperatorModelSpeech(app, jobs.asrModel);
    const transcriber = outsideAsr ?? operatorAsr;
    const streamRelay = new StreamRelay({
      addresses,
      connectTimeoutMs: 5000,
      idleTimeoutMs: jobs.streamReadTimeoutSeconds * 1000,
      maxRedirects: config.fetch.maxRedirects,
      maxPlaylistBytes: 1024 * 1024,
    });
    const media = {
      files,
      streamRelay,
      glossaries,
      imageLibraries,
      readers,
      transcriber,
      ffmpeg: ffmpegPath(jobs.ffmpegPath),
      streamMaxSeconds: jobs.streamMaxSeconds,
      streamReadTimeoutSeconds: jobs.streamReadTimeoutSeconds,
      videoMaxSeconds: jobs.videoMaxSeconds,
      ffmpegTimeoutSeconds: jobs.ffmpegTimeoutSeconds,
    };
    const store = new JobStore(db, {
      maxUnfinishedPerProject: jobs.maxUnfinishedPerProject,
      retentionMs: jobs.retentionSeconds * 1000,
    });
    const queue = new JobQueue(db, {
      retentionMs: jobs.retentionSeconds * 1000,
      internalError: () => new ApiError('AIS.0404'),
      types: Object.keys(createRequestParsers) as JobType[],
    });
    const callbacks = new CallbackSender(addresses);
    const runner = new JobRunner(
      store,
      queue,
      {
        document: documentProcessor({
          files,
          glossaries,
          imageLibraries,
          readers,
          imageLimits: config.image,
          media,
          parsing: {
            limits: {
              maxPages: config.documents.maxPages,
              maxInflatedBytes: config.documents.maxInflatedBytes,
              maxCompressionRatio: config.documents.maxCompressionRatio,
              maxTextChars: config.documents.maxTextChars,
              maxImages: config.documents.maxImages,
              maxImagePixels: config.documents.maxImagePixels,
            },
            timeoutMs: config.documents.timeoutMs,
            workerMemoryMb: config.documents.workerMemoryMb,
          },
          maxDetails: config.documents.maxDetails,
          log: app.log,
        }),
        audio: audioProcessor(media),
        video: videoProcessor(media),
        video_stream: streamProcessor(media),
        audio_stream: audioStreamProcessor(media),
      },
      callbacks,
      {
        concurrency: jobs.concurrency,
        pollIntervalMs: jobs.pollIntervalMs,
        leaseMs: jobs.leaseSeconds * 1000,
        maxAttempts: jobs.maxAttempts,
        observeDuration: installQueueMetrics(app.metrics, queue, Object.keys(createRequestParsers) as JobType[]),
      },
      app.log,
      metrics,
    );
    registerJobRoutes(app, {
      store,
      runner,
      access,
      glossaries,
      imageLibraries,
      policies,
      audioEnabled: outsideAsr ? async () => true : () => operatorAsr.available(),
      addresses,
      bodyLimitBytes: config.bodyLimitBytes,
    });

    app.health.add('image_model', () => classifierReadiness(readers.classifier, config.warmUpClassifier));
    app.addHook('onReady', async () => {
      if (workers) runner.start();
      if (config.warmUpClassifier) {
        readers.classifier.warmUp().catch((error) => app.log.error({ err: error }, 'image classifier failed to load'));
        readers.ocr.warmUp().catch((error) => app.log.error({ err: error }, 'OCR failed to start'));
      }
    });
    app.addHook('onClose', async () => {
      await runner.stop();
      await Promise.all([
        readers.ocr.close(),
        callbacks.close(),
        outsideAsr?.close(),
        downloads.close(),
        streamRelay.close(),
      ]);
      await access.close();
      storeClients.close();
    });
  },
  { name: 'moderation', dependencies: ['identity'] },
);
