import type { FastifyBaseLogger } from 'fastify';
import sharp from 'sharp';
import { ApiError, isApiError } from '../../../errors/api-error.js';
import type { ImageRequestCategory } from '../../api-contract.js';
import type { GlossaryStore } from '../../glossaries.js';
import type { ImageLimits } from '../../image/decode.js';
import { type ImageReaders, moderateImage } from '../../image/image-moderator.js';
import { librariesFor } from '../../image-libraries/library-matching.js';
import type { ImageLibraryStore } from '../../image-libraries/library-store.js';
import type { JobContext } from '../job-runner.js';
import { type MediaDeps, moderateVideo } from './audio-video.js';
import { type JobFiles, readJobFile } from '../job-request.js';
import { isObjectStorageUrl } from '../../sources/object-location.js';
import { readUrl } from '../../../net/url.js';
import { moreSevere, type Suggestion } from '../../suggestion.js';
import {
  DocumentCapError,
  type DocumentParsing,
  type ExtractedDocument,
  type ExtractedImage,
  parseDocument,
} from '../documents/parse-document.js';
import { documentTextCategories, textCheckFor } from './job-text.js';
import { dataUriBytes } from './webpage.js';

export interface DocumentDeps {
  files: JobFiles;
  glossaries: GlossaryStore;
  imageLibraries: ImageLibraryStore;
  readers: ImageReaders;
  imageLimits: ImageLimits;
  /** What moderates video jobs: a webpage's videos go through it. */
  media: MediaDeps;
  /** The parse worker's caps (pages, inflated bytes, text, images, time, memory). */
  parsing: DocumentParsing;
  /** Entries a job's `details` keeps (and, in a webpage video's entry, its frame and speech lists). */
  maxDetails: number;
  log?: FastifyBaseLogger;
}

/** Which documented `format` names each kind of file this platform can read. */
const formatsByContent: Record<string, readonly string[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  html: ['webpage'],
  txt: ['txt', 'csv'],
};

/** Characters of context a text finding quotes around its first hit (`text` of a document detail). */
const excerptContext = 60;
/** The longest `text` a finding quotes (a long glossary term stays readable, a page never does). */
const maxExcerptChars = 2 * excerptContext + 200;
/** Hit words a finding lists, each once (a page full of one word lists it once). */
const maxSegmentsPerDetail = 50;

/** A finding's hit words as `segments`: each word once, at most 50; absent when none. */
function cappedSegments(segments: readonly { segment: string }[] | undefined): { segments?: { segment: string }[] } {
  const words = [...new Set((segments ?? []).map((s) => s.segment))].slice(0, maxSegmentsPerDetail);
  return words.length ? { segments: words.map((segment) => ({ segment })) } : {};
}

/** An image of a document, read when its turn comes (a webpage's are fetched one at a time); undefined: skipped. */
interface DocumentImage {
  /** A webpage's image: the address it was fetched from (`image_url`). */
  url?: string;
  read: () => Promise<Buffer | undefined>;
}

/** A webpage's images are fetched up to this many (page order); more is a page built to exhaust the worker. */
const maxWebpageImages = 50;
/** One webpage image gets at most this long to download (within the job's own download limit). */
const webpageImageTimeoutMs = 30_000;

/** A document's images: embedded in PDF and .docx files (taken out by the parse worker), linked from a webpage. */
function documentImages(deps: DocumentDeps, ctx: JobContext, document: ExtractedDocument): DocumentImage[] {
  if (document.format === 'html') return webpageImages(deps, ctx, document.imageSources ?? []);
  return document.images.map((image) => ({ read: () => imageFile(image) }));
}

/**
 * An embedded image as the file image moderation reads: a .docx's as stored, a PDF's pixels as PNG (by sharp, in
 * libuv's threads rather than on the event loop); undefined when the pixels cannot be encoded (skipped).
 */
async function imageFile(image: ExtractedImage): Promise<Buffer | undefined> {
  if (image.kind === 'file') return Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
  const { width, height, channels, pixels } = image;
  return sharp(pixels, { raw: { width, height, channels } })
    .png({ compressionLevel: 1 })
    .toBuffer()
    .catch(() => undefined);
}

/** A webpage's source resolved against the page's URL, when it is one this platform fetches (http(s), storage). */
function resolveSource(source: string, pageUrl: string): string | undefined {
  const resolved = readUrl(source, pageUrl);
  if (!resolved.ok) return undefined;
  const url = resolved.url.href;
  return /^https?:/i.test(url) || isObjectStorageUrl(url) ? url : undefined;
}

/**
 * A webpage's `<img>` sources, resolved against the page's own URL: http(s) through the guarded download agent (the
 * address guard, the image size cap), object storage with the job's project's access, inline `data:` images decoded.
 * Any other scheme, and an image that cannot be fetched, is skipped: the page's other findings stand.
 */
function webpageImages(deps: DocumentDeps, ctx: JobContext, sources: string[]): DocumentImage[] {
  const images: DocumentImage[] = [];
  for (const source of sources) {
    if (images.length === maxWebpageImages) break;
    const inline = dataUriBytes(source);
    if (inline) {
      images.push({ read: async () => inline });
      continue;
    }
    const url = resolveSource(source, ctx.request.data.url);
    if (!url) continue;
    const limits = {
      maxBytes: deps.imageLimits.maxBytes,
      timeoutMs: Math.min(deps.files.timeoutMs, webpageImageTimeoutMs),
    };
    images.push({
      url,
      read: () =>
        deps.files.source.read(ctx.job.projectId, url, limits).catch((error: unknown) => {
          if (isApiError(error)) return undefined;
          throw error;
        }),
    });
  }
  return images;
}

/**
 * The document's images through image moderation (`porn`; `image_text` by OCR, QR codes and text moderation with
 * the job's glossaries; every category by the image libraries that apply, a hit naming `library_name` and `image_id`),
 * as `details` entries of type `image` with the image's position among the document's images as `index` (and a
 * webpage's image's address as `image_url`). Images that cannot be read or decoded, or are too small, are skipped.
 */
async function imageDetails(deps: DocumentDeps, ctx: JobContext, images: DocumentImage[]) {
  const categories = (ctx.request.image_categories ?? []) as ImageRequestCategory[];
  if (categories.length === 0 || images.length === 0) return [];
  const names = [...(ctx.request.glossary_names ?? []), ...(ctx.request.white_glossary_names ?? [])];
  const textLists = await deps.glossaries.matchers(ctx.job.projectId, names);
  const libraries = await librariesFor(
    deps.imageLibraries,
    ctx.job.projectId,
    categories,
    ctx.request.image_library_names,
  );
  const details = [];
  for (const [index, image] of images.entries()) {
    if (ctx.signal.aborted) break;
    let result;
    try {
      const bytes = await image.read();
      if (!bytes) continue;
      result = await moderateImage(bytes, deps.imageLimits, deps.readers, categories, textLists, libraries);
    } catch (error) {
      if (isApiError(error)) continue;
      throw error;
    }
    for (const detail of result.details) {
      if (detail.suggestion === 'pass') continue;
      details.push({
        suggestion: detail.suggestion,
        type: 'image',
        label: documentLabel(detail.label),
        index,
        ...(image.url ? { image_url: image.url } : {}),
        ...cappedSegments(detail.segments),
        ...(detail.library_name ? { library_name: detail.library_name, image_id: detail.image_id } : {}),
      });
    }
  }
  return details;
}

/** A webpage's videos are fetched up to this many: each is a video job's work. */
const maxWebpageVideos = 5;

/**
 * A webpage's `<video>` files through video moderation (`video_image_categories` on frames every `frame_interval`
 * seconds, `audio_categories` on the sound), as `details` entries of type `video` with the video's place among the
 * page's videos as `index`, its flagged frames as `video_image_details` and flagged speech as `audio_details`. A video
 * that cannot be fetched or decoded is skipped.
 */
async function webpageVideoDetails(deps: DocumentDeps, ctx: JobContext, sources: string[]) {
  const imageCategories = ctx.request.video_image_categories ?? [];
  if (imageCategories.length === 0 && !ctx.request.audio_categories?.length) return [];
  const details = [];
  for (const [index, source] of sources.slice(0, maxWebpageVideos).entries()) {
    const url = resolveSource(source, ctx.request.data.url);
    if (!url || ctx.signal.aborted) continue;
    let found;
    try {
      const bytes = await readJobFile(deps.files, ctx.job.projectId, url);
      found = await moderateVideo(deps.media, ctx, bytes, imageCategories, ctx.request.data.frame_interval ?? 5);
    } catch (error) {
      if (isApiError(error)) continue;
      throw error;
    }
    if (found.suggestion === 'pass') continue;
    const labelOf = (d: { detail: { label: string; suggestion: string }[] }) =>
      (d.detail.find((x) => x.suggestion === 'block') ?? d.detail[0])?.label ?? 'normal';
    // Hit words, present only when there are some (as in the other details).
    const segmentsOf = cappedSegments;
    const frames = found.image_detail.map((frame) => ({
      time: Number(frame.time),
      suggestion: frame.suggestion,
      ...(frame.ocr_text !== undefined ? { ocr_text: frame.ocr_text } : {}),
      label: documentLabel(labelOf(frame)),
      ...segmentsOf(frame.detail.flatMap((d) => d.segments ?? [])),
    }));
    const speech = found.audio_detail.map((piece) => ({
      start_time: piece.start_time,
      end_time: piece.end_time,
      suggestion: piece.suggestion,
      audio_text: piece.audio_text,
      label: piece.label,
      ...segmentsOf(piece.detail.flatMap((d) => d.segments ?? [])),
    }));
    const top = [...frames, ...speech].find((d) => d.suggestion === found.suggestion)!;
    details.push({
      suggestion: found.suggestion as Exclude<Suggestion, 'pass'>,
      type: 'video' as const,
      label: top.label,
      index,
      // A long video's lists are kept to maxDetails each, as the job's own details are.
      video_image_details: frames.slice(0, deps.maxDetails),
      audio_details: speech.slice(0, deps.maxDetails),
    });
  }
  return details;
}

/** The documented document labels name no hentai: it is porn. */
function documentLabel(label: string): string {
  return label === 'hentai' ? 'porn' : label;
}

/**
 * Documents: the text of each page (PDF pages as pdf.js reads them; other files in pieces) through text moderation
 * when `text_categories` asks for it; each finding is a `details` entry of type `text` with the page as its `index`,
 * an excerpt, and its offsets in the whole document. With `image_categories`, the images embedded in PDF and .docx
 * files and those a webpage shows too (entries of type `image`); with `video_image_categories` or `audio_categories`,
 * a webpage's videos (entries of type `video`). A file that is not the `format` named is a parameter error (AIS.0401);
 * documented formats this platform cannot read (doc, xls, pptx, epub...) are AIS.0021.
 */
export function documentProcessor(deps: DocumentDeps) {
  const { files, glossaries } = deps;
  return async (ctx: JobContext) => {
    const { job, request } = ctx;
    const bytes = await readJobFile(files, job.projectId, request.data.url);
    const readable = Object.values(formatsByContent).flat();
    if (!readable.includes(request.data.format ?? '')) throw new ApiError('AIS.0021');
    let document: ExtractedDocument;
    try {
      document = await parseDocument(bytes, Boolean(request.image_categories?.length), deps.parsing, ctx.signal);
    } catch (error) {
      if (error instanceof DocumentCapError) {
        deps.log?.warn({ jobId: job.id, cap: error.cap, detail: error.detail }, 'document refused at a cap');
      }
      throw error;
    }
    const { format, pages } = document;
    if (!formatsByContent[format]?.includes(request.data.format ?? '')) throw new ApiError('AIS.0401');
    let suggestion: Suggestion = 'pass';
    // The suggestion weighs every finding; `details` keeps the first maxDetails (the stored result stays bounded).
    const details: unknown[] = [];
    const add = (detail: { suggestion: Suggestion } & Record<string, unknown>) => {
      suggestion = moreSevere(suggestion, detail.suggestion);
      if (details.length < deps.maxDetails) details.push(detail);
    };
    if (request.text_categories?.length) {
      const check = await textCheckFor(glossaries, job.projectId, request, documentTextCategories);
      let offset = 0;
      for (const [index, page] of pages.entries()) {
        for (const detail of check(page).details) {
          const first = detail.segments[0];
          const [start, end] = first ? first.position : [0, 0];
          const from = Math.max(0, start - excerptContext);
          add({
            suggestion: detail.suggestion,
            type: 'text',
            label: detail.label,
            index,
            text: page.slice(from, Math.min(end + excerptContext, from + maxExcerptChars)),
            start_position: offset + start,
            end_position: offset + end,
            ...cappedSegments(detail.segments),
          });
        }
        offset += page.length;
      }
    }
    if (request.image_categories?.length) {
      for (const detail of await imageDetails(deps, ctx, documentImages(deps, ctx, document))) add(detail);
    }
    if (document.videoSources?.length) {
      for (const detail of await webpageVideoDetails(deps, ctx, document.videoSources)) add(detail);
    }
    return { suggestion, details };
  };
}
