import type { FastifyBaseLogger } from 'fastify';
import { File } from 'undici';
import type { OperatorModelSpeech, OperatorTranscription } from '../../moderation/jobs/operator-model-speech.js';
import type { ModelStore } from '../models/model-store.js';
import type { FailoverSender, UpstreamAttempt } from '../inference/failover.js';
import type { InFlightCalls } from '../inference/in-flight.js';
import { deploymentOf } from '../inference/resolve-route.js';
import { CallCancellation } from '../inference/upstream-call.js';
import { UpstreamStatusError, type UpstreamClient } from '../inference/upstream.js';
import { type AudioFile, transcriptionUpstreamForm } from './transcription-form.js';

/** A recording that long takes a while to recognise even on a GPU server (as for an outside recogniser). */
const transcriptionTimeoutMs = 10 * 60_000;

export interface OperatorSpeechDeps {
  models: ModelStore;
  upstream: UpstreamClient;
  sender: FailoverSender;
  calls: InFlightCalls;
  log: FastifyBaseLogger;
}

/**
 * Speech recognition by an operator model for the platform's own use (Content Moderation's audio, video and stream
 * jobs), in-process: the model's replicas with the data plane's pools, retries and ejection, then its fallback model,
 * the same upstream form as `/v1/audio/transcriptions` sends. No tenant's key is involved, so no allowlist, rpm,
 * budget or free quota applies, and the calls are not in any project's MaaS statistics (the moderation job is what the
 * tenant is counted for); they are in the gateway's metrics of the deployment (attempts, retries, fallbacks).
 */
export class OperatorSpeech implements OperatorModelSpeech {
  constructor(private readonly deps: OperatorSpeechDeps) {}

  async runs(model: string): Promise<boolean> {
    return (await this.deps.models.findByName(model))?.status === 'running';
  }

  transcribe(model: string, audio: Buffer, fileName: string, signal: AbortSignal): Promise<OperatorTranscription> {
    return this.deps.calls.track(() => this.call(model, audio, fileName, signal));
  }

  private async call(model: string, audio: Buffer, fileName: string, signal: AbortSignal) {
    const { models, upstream, sender, log } = this.deps;
    const deployment = await models.findByName(model);
    if (deployment?.status !== 'running') return { ok: false, refused: false } as const;
    const fallbackName = deployment.fallbackModel;
    const fallback = fallbackName
      ? async () => {
          const found = await models.findByName(fallbackName);
          return found?.status === 'running' ? deploymentOf(found) : undefined;
        }
      : undefined;
    const file: AudioFile = { blob: new File([audio], fileName), name: fileName };
    const body = { model, response_format: 'verbose_json', file };
    const cancellation = new CallCancellation();
    const cancel = () => cancellation.cancel();
    signal.addEventListener('abort', cancel);
    const timer = setTimeout(cancel, transcriptionTimeoutMs);
    const attempt: UpstreamAttempt = {
      attempt: (replica, upstreamModel) =>
        upstream.post(replica.baseUrl, '/audio/transcriptions', transcriptionUpstreamForm(body, upstreamModel), {
          stream: false,
          cancellation,
          apiKey: replica.apiKey,
          headersTimeoutMs: replica.headersTimeoutMs,
        }),
    };
    try {
      const sent = await sender.send(deploymentOf(deployment), fallback, attempt, cancellation, log);
      try {
        return { ok: true, answer: JSON.parse(await sent.answer.text()) as unknown } as const;
      } finally {
        sent.release();
      }
    } catch (error) {
      const status = error instanceof UpstreamStatusError ? error.upstreamStatus : 0;
      if (!signal.aborted) log.warn({ err: error, model }, 'speech recognition by an operator model failed');
      return { ok: false, refused: status === 400 || status === 415 } as const;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', cancel);
    }
  }
}
