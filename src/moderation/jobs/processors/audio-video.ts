import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../errors/api-error.js';
import { withOutboundCodes } from '../../../errors/outbound-codes.js';
import type { StreamRelay, StreamRelaySession } from '../../../net/stream-relay.js';
import { isOutboundFailure, OutboundFailure } from '../../../net/outbound-failure.js';
import type { GlossaryStore } from '../../glossaries.js';
import {
  type ImageDetail,
  type ImageReaders,
  type ImageTextLists,
  judgeImageText,
  judgePorn,
  judgeQrCode,
  readImageText,
} from '../../image/image-moderator.js';
import { findQrCodeInPixels } from '../../image/qr.js';
import { librariesFor, type LibraryMatcher, withLibraryVerdicts } from '../../image-libraries/library-matching.js';
import type { ImageLibraryStore } from '../../image-libraries/library-store.js';
import { moreSevere, type Suggestion } from '../../suggestion.js';
import { type JobFiles, readJobFile } from '../job-request.js';
import type { JobContext } from '../job-runner.js';
import { extractAudio, extractAudioWindows, extractFrames, fileInput, type FfmpegInput } from '../ffmpeg-media.js';
import { streamInput } from '../stream-input.js';
import type { SpeechRecognizer } from '../transcriber.js';
import { hitSegments, type TextCheck, textCategoriesOfAudio, textCheckFor } from './job-text.js';

export interface MediaDeps {
  files: JobFiles;
  glossaries: GlossaryStore;
  imageLibraries: ImageLibraryStore;
  readers: ImageReaders;
  transcriber?: SpeechRecognizer;
  ffmpeg: string;
  /** The relay through which ffmpeg reads live streams. */
  streamRelay: StreamRelay;
  streamMaxSeconds: number;
  streamReadTimeoutSeconds: number;
  /** Seconds of a video file that are decoded (frames and sound); the rest is not checked. */
  videoMaxSeconds: number;
  /** Wall-clock time of one ffmpeg run on a file; AIS.0023 past it (outbound-codes.ts, `mediaFile`). */
  ffmpegTimeoutSeconds: number;
}

/** Live audio is recognised and reported in windows of this many seconds (the cloud's audio-stream cadence). */
const streamWindowSeconds = 10;
/** A live stream's result keeps its latest findings, so that a long stream's result stays bounded. */
const keptFindings = 1000;

type Flagged = Exclude<Suggestion, 'pass'>;

interface FrameFinding {
  suggestion: Flagged;
  category: ImageDetail['category'];
  time: number | string;
  detail: (Omit<ImageDetail, 'suggestion'> & { suggestion: Flagged })[];
  /** The text read in the frame, when `image_text` was asked and text was found. */
  ocr_text?: string;
}

/** Frames are taken this size (square, RGB): the classifier's input, or larger when their text is to be read. */
const frameSize = (categories: readonly string[]) => (categories.includes('image_text') ? 640 : 224);

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

/**
 * A frame through the image classifier (`porn`), OCR with text moderation (`image_text`) and the image libraries
 * that apply (a letterboxed frame matches through its borderless hash), as a video's `image_detail` entry: none when
 * it passes.
 */
async function checkFrame(
  deps: MediaDeps,
  pixels: Buffer,
  size: number,
  categories: readonly string[],
  textLists: ImageTextLists,
  libraries: LibraryMatcher | undefined,
): Promise<Omit<FrameFinding, 'time'> | undefined> {
  const wantsText = categories.includes('image_text') && deps.readers.ocr.enabled;
  const [scores, text, verdicts] = await Promise.all([
    categories.includes('porn') ? deps.readers.classifier.classify(pixels, size) : undefined,
    wantsText ? readImageText(deps.readers, pixels, { width: size, height: size, channels: 3 }) : '',
    libraries ? libraries.judge(pixels, size, size) : [],
  ]);
  // A QR code's location is in the frame's pixels: 640 x 640, the picture scaled to fit and padded black.
  const qr = categories.includes('image_text') ? findQrCodeInPixels(pixels, size, size) : undefined;
  const found: ImageDetail[] = [];
  for (const detail of [scores && judgePorn(scores), judgeImageText(text, textLists), qr && judgeQrCode(qr, textLists)])
    if (detail) found.push(detail);
  const flagged: FrameFinding['detail'] = [];
  for (const detail of withLibraryVerdicts(found, verdicts)) {
    if (detail.suggestion !== 'pass') flagged.push({ ...detail, suggestion: detail.suggestion });
  }
  if (flagged.length === 0) return undefined;
  const top = flagged.find((d) => d.suggestion === 'block') ?? flagged[0]!;
  return {
    suggestion: top.suggestion,
    category: top.category as FrameFinding['category'],
    detail: flagged,
    ...(text !== '' ? { ocr_text: text } : {}),
  };
}

/** The image libraries a media job's frames are matched against, for its image categories. */
function frameLibraries(deps: MediaDeps, ctx: JobContext, categories: readonly string[]) {
  return librariesFor(deps.imageLibraries, ctx.job.projectId, categories, ctx.request.image_library_names);
}

/** The glossaries a media job names, applied to the text read in its frames. */
async function frameTextLists(deps: MediaDeps, ctx: JobContext): Promise<ImageTextLists> {
  const names = [...(ctx.request.glossary_names ?? []), ...(ctx.request.white_glossary_names ?? [])];
  return deps.glossaries.matchers(ctx.job.projectId, names);
}

/** A piece of speech through text moderation, as an audio `details` entry (none when it passes). */
function checkSpeech(check: TextCheck, text: string) {
  const result = check(text);
  if (result.suggestion === 'pass') return undefined;
  return { suggestion: result.suggestion as Flagged, label: result.label, result };
}

/**
 * A flagged piece of a video's sound as its `audio_detail` entry (video jobs and video streams alike): times in
 * seconds for a file, absolute for a stream.
 */
function audioDetailOf<T extends number | string>(
  flagged: NonNullable<ReturnType<typeof checkSpeech>>,
  text: string,
  start: T,
  end: T,
) {
  return {
    suggestion: flagged.suggestion,
    label: flagged.label,
    audio_text: text,
    start_time: start,
    end_time: end,
    detail: flagged.result.details.map((d) => ({
      confidence: d.confidence,
      label: d.label,
      suggestion: d.suggestion,
      ...(d.segments.length ? { segments: d.segments.map((s) => ({ segment: s.segment })) } : {}),
    })),
  };
}

function transcriberOf(deps: MediaDeps): SpeechRecognizer {
  // Creation refuses audio work without a recogniser (AIS.0007); a job created before one was removed fails so.
  if (!deps.transcriber) throw new ApiError('AIS.0007');
  return deps.transcriber;
}

/** Audio: speech to text through the configured recogniser, then each segment through text moderation. */
export function audioProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const bytes = await readJobFile(deps.files, ctx.job.projectId, ctx.request.data.url);
    const transcript = await transcriberOf(deps).transcribe(bytes, 'audio', ctx.signal);
    const check = await textCheckFor(
      deps.glossaries,
      ctx.job.projectId,
      ctx.request,
      textCategoriesOfAudio(ctx.request.categories),
    );
    let suggestion: Suggestion = 'pass';
    const details = [];
    for (const segment of transcript.segments) {
      const flagged = checkSpeech(check, segment.text);
      if (!flagged) continue;
      suggestion = moreSevere(suggestion, flagged.suggestion);
      details.push({
        start_time: segment.start,
        end_time: segment.end,
        suggestion: flagged.suggestion,
        label: flagged.label,
        audio_text: segment.text,
        ...hitSegments(flagged.result),
      });
    }
    return { suggestion, audio_text: transcript.text, details };
  };
}

/** A video's sound track as `audio_detail` entries, when audio categories were asked for. */
async function videoAudioDetails(deps: MediaDeps, ctx: JobContext, input: FfmpegInput) {
  const categories = textCategoriesOfAudio(ctx.request.audio_categories);
  if (!ctx.request.audio_categories?.length) return [];
  const wav = await extractAudio(deps.ffmpeg, input, ctx.signal, {
    maxSeconds: deps.videoMaxSeconds,
    timeoutMs: deps.ffmpegTimeoutSeconds * 1000,
  });
  if (!wav) return [];
  const transcript = await transcriberOf(deps).transcribe(wav, 'audio.wav', ctx.signal);
  const check = await textCheckFor(deps.glossaries, ctx.job.projectId, ctx.request, categories);
  const details = [];
  for (const segment of transcript.segments) {
    const flagged = checkSpeech(check, segment.text);
    if (!flagged) continue;
    details.push(audioDetailOf(flagged, segment.text, segment.start, segment.end));
  }
  return details;
}

/** What a video's moderation found: the frames and the pieces of its sound that were flagged. */
export interface VideoFindings {
  suggestion: Suggestion;
  image_detail: FrameFinding[];
  audio_detail: Awaited<ReturnType<typeof videoAudioDetails>>;
}

/**
 * A video file: one frame every `intervalSeconds` through the image checks for `imageCategories`, and its sound
 * track when the job asks for audio categories. Video jobs, and the videos a webpage document shows. ffmpeg's
 * failures answer as the `mediaFile` row of errors/outbound-codes.ts (AIS.0021 unreadable, AIS.0023 over its time).
 */
export async function moderateVideo(
  deps: MediaDeps,
  ctx: JobContext,
  bytes: Buffer,
  imageCategories: readonly string[],
  intervalSeconds: number,
): Promise<VideoFindings> {
  const size = frameSize(imageCategories);
  const textLists = await frameTextLists(deps, ctx);
  const libraries = await frameLibraries(deps, ctx, imageCategories);
  return withTempFile(bytes, async (file) => {
    const imageDetail: FrameFinding[] = [];
    // Frames are decoded even when no image category is asked: that is where a file ffmpeg cannot read is refused.
    await extractFrames(
      {
        ffmpeg: deps.ffmpeg,
        input: fileInput(file),
        intervalSeconds,
        size,
        keepAspect: size !== 224,
        signal: ctx.signal,
        maxSeconds: deps.videoMaxSeconds,
        timeoutMs: deps.ffmpegTimeoutSeconds * 1000,
      },
      async (pixels, time) => {
        const finding = await checkFrame(deps, pixels, size, imageCategories, textLists, libraries);
        if (finding) imageDetail.push({ ...finding, time });
      },
    );
    const audioDetail = await videoAudioDetails(deps, ctx, fileInput(file));
    let suggestion: Suggestion = 'pass';
    for (const d of [...imageDetail, ...audioDetail]) suggestion = moreSevere(suggestion, d.suggestion);
    return { suggestion, image_detail: imageDetail, audio_detail: audioDetail };
  }).catch((error: unknown) => {
    throw withOutboundCodes('AIS', 'mediaFile', error);
  });
}

/** Video: one frame every `frame_interval` seconds through the image classifier; the sound track when asked for. */
export function videoProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const bytes = await readJobFile(deps.files, ctx.job.projectId, ctx.request.data.url);
    return moderateVideo(deps, ctx, bytes, ctx.request.image_categories ?? [], ctx.request.data.frame_interval ?? 5);
  };
}

/**
 * Opens a relay session for a live stream; its failures answer as the `stream` row of errors/outbound-codes.ts.
 * ffmpeg only says that it could not read the stream: the relay recorded whether that was a refused address.
 */
async function withStream<T>(deps: MediaDeps, url: string, use: (input: FfmpegInput) => Promise<T>): Promise<T> {
  const session: StreamRelaySession = await deps.streamRelay.openSession();
  try {
    return await use(await streamInput(session, url, deps.streamReadTimeoutSeconds));
  } catch (error) {
    const refused = session.refused && isOutboundFailure(error) && error.reason === 'unreachable';
    throw withOutboundCodes('AIS', 'stream', refused ? new OutboundFailure('refused') : error);
  } finally {
    session.close();
  }
}

/**
 * A live stream's sound in 10-second windows through the recogniser and text moderation, handing each window that
 * should be reported (flagged ones, or all with `reportAll`) to `onWindow` with its absolute start and end.
 */
async function moderateStreamSound(
  deps: MediaDeps,
  ctx: JobContext,
  categories: readonly string[] | undefined,
  reportAll: boolean,
  onWindow: (entry: {
    flagged: ReturnType<typeof checkSpeech>;
    text: string;
    start: string;
    end: string;
  }) => Promise<void>,
): Promise<void> {
  const transcriber = transcriberOf(deps);
  const check = await textCheckFor(deps.glossaries, ctx.job.projectId, ctx.request, textCategoriesOfAudio(categories));
  const started = Date.now();
  await withStream(deps, ctx.request.data.url, (input) =>
    extractAudioWindows(
      {
        ffmpeg: deps.ffmpeg,
        input,
        windowSeconds: streamWindowSeconds,
        signal: ctx.signal,
        maxSeconds: deps.streamMaxSeconds,
      },
      async (wav, seconds) => {
        const transcript = await transcriber.transcribe(wav, 'window.wav', ctx.signal);
        const flagged = checkSpeech(check, transcript.text);
        if (!flagged && !reportAll) return;
        await onWindow({
          flagged,
          text: transcript.text,
          start: new Date(started + seconds * 1000).toISOString(),
          end: new Date(started + (seconds + streamWindowSeconds) * 1000).toISOString(),
        });
      },
    ),
  );
}

/**
 * Live video streams: ffmpeg reads the stream (RTMP, HLS, HTTP-FLV) through the guarded relay; a frame every
 * `frame_interval` seconds goes through the classifier and, with `audio_categories`, the sound in 10-second windows
 * through speech recognition. Each flagged frame or window is saved and called back at once (`status: running`, with
 * absolute times). The job ends when the stream does, when it is stopped, or after the configured longest duration;
 * its result holds the latest findings.
 */
export function streamProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const interval = ctx.request.data.frame_interval ?? 5;
    const categories = ctx.request.image_categories ?? [];
    const size = frameSize(categories);
    const textLists = await frameTextLists(deps, ctx);
    const libraries = await frameLibraries(deps, ctx, categories);
    const started = Date.now();
    const imageDetail: FrameFinding[] = [];
    const audioDetail: Record<string, unknown>[] = [];
    let suggestion: Suggestion = 'pass';
    const snapshot = () => ({
      suggestion,
      image_detail: imageDetail.slice(-keptFindings),
      audio_detail: audioDetail.slice(-keptFindings),
    });
    const frames = withStream(deps, ctx.request.data.url, (input) =>
      extractFrames(
        {
          ffmpeg: deps.ffmpeg,
          input,
          intervalSeconds: interval,
          size,
          keepAspect: size !== 224,
          signal: ctx.signal,
          maxSeconds: deps.streamMaxSeconds,
        },
        async (pixels, seconds) => {
          const finding = await checkFrame(deps, pixels, size, categories, textLists, libraries);
          if (!finding) return;
          const entry = { ...finding, time: new Date(started + seconds * 1000).toISOString() };
          imageDetail.push(entry);
          suggestion = moreSevere(suggestion, entry.suggestion);
          await ctx.progress(snapshot());
          await ctx.notify({ suggestion: entry.suggestion, image_detail: [entry], audio_detail: [] });
        },
      ),
    );
    const sound = ctx.request.audio_categories?.length
      ? moderateStreamSound(deps, ctx, ctx.request.audio_categories, false, async ({ flagged, text, start, end }) => {
          const entry = audioDetailOf(flagged!, text, start, end);
          audioDetail.push(entry);
          suggestion = moreSevere(suggestion, entry.suggestion);
          await ctx.progress(snapshot());
          await ctx.notify({ suggestion: entry.suggestion, image_detail: [], audio_detail: [entry] });
        })
      : Promise.resolve();
    await Promise.all([frames, sound]);
    return snapshot();
  };
}

/**
 * Live audio streams: the sound in 10-second windows through the recogniser and text moderation; each flagged window
 * (every window with `return_all_results`) is saved and called back as it happens, with absolute start and end times.
 */
export function audioStreamProcessor(deps: MediaDeps) {
  return async (ctx: JobContext) => {
    const details: Record<string, unknown>[] = [];
    let suggestion: Suggestion = 'pass';
    const snapshot = () => ({ suggestion, details: details.slice(-keptFindings) });
    await moderateStreamSound(
      deps,
      ctx,
      ctx.request.categories,
      Boolean(ctx.request.data.return_all_results),
      async ({ flagged, text, start, end }) => {
        const entry = {
          suggestion: flagged?.suggestion ?? 'pass',
          label: flagged?.label ?? 'normal',
          audio_text: text,
          start_time: start,
          end_time: end,
          ...(flagged ? hitSegments(flagged.result) : {}),
        };
        details.push(entry);
        if (flagged) suggestion = moreSevere(suggestion, flagged.suggestion);
        await ctx.progress(snapshot());
        await ctx.notify({ suggestion: entry.suggestion, details: [entry] });
      },
    );
    return snapshot();
  };
}
