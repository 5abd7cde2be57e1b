import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError, isApiError } from '../../../errors/api-error.js';
import type { MediaProxy } from '../../../net/media-proxy.js';
import type { GlossaryStore } from '../../glossaries.js';
import { moreSevere, type Suggestion } from '../../suggestion.js';
import type { NsfwClassifier } from '../../image/classifier.js';
import { judgePorn } from '../../image/image-moderator.js';
import type { JobContext } from '../job-runner.js';
import { extractAudio, extractFrames, fileInput } from '../media.js';
import { streamInput } from '../stream-input.js';
import { type JobFiles, readJobFile } from '../job-request.js';
import type { Transcriber } from '../transcriber.js';
import { moderatePieces } from './text-chunks.js';

export interface MediaDeps {
  files: JobFiles;
  glossaries: GlossaryStore;
  classifier: NsfwClassifier;
  transcriber?: Transcriber;
  ffmpeg: string;
  /** The relay through which ffmpeg reads live streams. */
  proxy: MediaProxy;
  streamMaxSeconds: number;
  streamReadTimeoutSeconds: number;
}

async function withTempFile<T>(bytes: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aisp-media-'));
  try {
    const file = path.join(dir, 'input');
    await writeFile(file, bytes);
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function transcriptFindings(deps: MediaDeps, ctx: JobContext, audio: Buffer) {
  const transcript = await deps.transcriber!.transcribe(audio, 'audio.wav', ctx.signal);
  const moderated = await moderatePieces(
    deps.glossaries,
    ctx.job.project_id,
    ctx.request,
    transcript.segments.map((s) => ({ text: s.text, meta: { start_time: s.start, end_time: s.end, text: s.text } })),
  );
  return { transcript: transcript.text, ...moderated };
}

/** Audio: speech to text through the configured recogniser, then text moderation of each segment. */
export function audioProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const bytes = await readJobFile(deps.files, ctx.job.project_id, ctx.request.data.url);
    return transcriptFindings(deps, ctx, bytes);
  };
}

/** Video: one frame every `frame_interval` seconds through the image classifier; the sound track as audio. */
export function videoProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const bytes = await readJobFile(deps.files, ctx.job.project_id, ctx.request.data.url);
    const interval = ctx.request.data.frame_interval ?? 5;
    return withTempFile(bytes, async (file) => {
      const frames: { time: number; suggestion: Suggestion; label: string; confidence: number }[] = [];
      let suggestion: Suggestion = 'pass';
      const checked = await extractFrames(
        { ffmpeg: deps.ffmpeg, input: fileInput(file), intervalSeconds: interval, size: 224, signal: ctx.signal },
        async (pixels, time) => {
          const detail = judgePorn(await deps.classifier.classify(pixels));
          if (detail.suggestion !== 'pass')
            frames.push({ time, suggestion: detail.suggestion, label: detail.label, confidence: detail.confidence });
          suggestion = moreSevere(suggestion, detail.suggestion);
        },
      );
      let audio: Awaited<ReturnType<typeof transcriptFindings>> | undefined;
      if (deps.transcriber && ctx.request.data.audio !== false) {
        const wav = await extractAudio(deps.ffmpeg, fileInput(file), ctx.signal);
        if (wav) {
          audio = await transcriptFindings(deps, ctx, wav);
          suggestion = moreSevere(suggestion, audio.suggestion);
        }
      }
      return {
        suggestion,
        frames_checked: checked,
        frame_interval: interval,
        frame_results: frames,
        ...(audio ? { audio_result: audio } : {}),
      };
    });
  };
}

/**
 * Live video streams: ffmpeg reads the stream (RTMP, HLS, HTTP-FLV) through the guarded relay, a frame every
 * `frame_interval` seconds goes through the classifier, each finding is saved at once and sent to the callback, and the
 * job ends when the stream does, when it is cancelled, or after the configured longest duration. A stream that could
 * not be read because the relay refused an address fails with ModelArts.4601, as its URL would have at creation.
 */
export function streamProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const interval = ctx.request.data.frame_interval ?? 5;
    const findings: { time: number; suggestion: Suggestion; label: string; confidence: number }[] = [];
    let suggestion: Suggestion = 'pass';
    let checked = 0;
    const snapshot = () => ({
      suggestion,
      frames_checked: checked,
      frame_interval: interval,
      frame_results: findings.slice(-100),
    });
    const session = await deps.proxy.openSession();
    try {
      await extractFrames(
        {
          ffmpeg: deps.ffmpeg,
          input: await streamInput(session, ctx.request.data.url, deps.streamReadTimeoutSeconds),
          intervalSeconds: interval,
          size: 224,
          signal: ctx.signal,
          maxSeconds: deps.streamMaxSeconds,
        },
        async (pixels, time) => {
          checked++;
          const detail = judgePorn(await deps.classifier.classify(pixels));
          if (detail.suggestion === 'pass') return;
          const finding = { time, suggestion: detail.suggestion, label: detail.label, confidence: detail.confidence };
          findings.push(finding);
          suggestion = moreSevere(suggestion, detail.suggestion);
          await ctx.progress(snapshot());
          await ctx.notify({ finding });
        },
      );
    } catch (error) {
      if (session.refused && isApiError(error) && error.code === 'AIS.0029') throw new ApiError('ModelArts.4601');
      throw error;
    } finally {
      session.close();
    }
    return snapshot();
  };
}
