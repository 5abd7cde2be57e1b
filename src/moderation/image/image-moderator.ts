import { defaultTextCategories, type ImageRequestCategory } from '../api-contract.js';
import { normalizeText } from '../text/normalizer.js';
import { type CustomList, moderateText } from '../text/text-moderator.js';
import { type LibraryMatcher, withLibraryVerdicts } from '../image-libraries/library-matching.js';
import type { LibraryCategory } from '../image-libraries/library-store.js';
import { moreSevere, type Suggestion } from '../suggestion.js';
import type { ClassScores, NsfwClassifier } from './classifier.js';
import { decodeImage, type ImageLimits } from './decode.js';
import type { OcrReader } from './ocr.js';
import { findQrCode, type PixelBox, type QrCodeFound } from './qr.js';

/** One category's verdict on an image, as the API's ImageDetectionResultDetail. */
export interface ImageDetail {
  suggestion: Suggestion;
  /** A request category, or `customized` for a hit in a customized image library. */
  category: ImageRequestCategory | LibraryCategory;
  confidence: number;
  /** Free-form detail label (porn, hentai, sexy, normal for porn; the text's label, e.g. ad, for image_text). */
  label: string;
  /** The words hit in the image's text (image_text), with the glossary that holds them when one does. */
  segments?: { segment: string; glossary_name?: string }[];
  /** Where a QR code is (image_text, label qr_code), in the image's pixels. */
  qr_location?: PixelBox;
  /** What the QR code says: the link it points to, or its text. */
  qr_content?: string;
  /** An image library's hit (an extension): the library, and its image that the image is a copy of. */
  library_name?: string;
  image_id?: string;
}

/** An image's result, as the API's `result` of CheckImageModeration (ocr_text once OCR has read text). */
export interface ImageModerationResult {
  suggestion: Suggestion;
  category: ImageDetail['category'];
  details: ImageDetail[];
  ocr_text?: string;
}

/**
 * Thresholds on the classifier's probabilities: explicit (Porn, Hentai) blocks at 0.7 and is reviewed from 0.4;
 * suggestive (Sexy) is reviewed from 0.6. README's "Moderation quality" gives what they yield on the shipped sample.
 */
export const thresholds = { explicitBlock: 0.7, explicitReview: 0.4, suggestiveReview: 0.6 };

export function judgePorn(scores: ClassScores): ImageDetail & { category: 'porn' } {
  const explicit =
    scores.Porn >= scores.Hentai
      ? { label: 'porn' as const, p: scores.Porn }
      : { label: 'hentai' as const, p: scores.Hentai };
  if (explicit.p >= thresholds.explicitBlock) {
    return { suggestion: 'block', category: 'porn', label: explicit.label, confidence: round(explicit.p) };
  }
  if (explicit.p >= thresholds.explicitReview) {
    return { suggestion: 'review', category: 'porn', label: explicit.label, confidence: round(explicit.p) };
  }
  if (scores.Sexy >= thresholds.suggestiveReview) {
    return { suggestion: 'review', category: 'porn', label: 'sexy', confidence: round(scores.Sexy) };
  }
  return { suggestion: 'pass', category: 'porn', label: 'normal', confidence: round(scores.Neutral + scores.Drawing) };
}

function round(p: number): number {
  return Math.round(p * 10_000) / 10_000;
}

/** What reads images: the NSFW classifier, and OCR for the text in them. */
export interface ImageReaders {
  classifier: NsfwClassifier;
  ocr: OcrReader;
  /** Told when OCR fails on an image (its text is then not checked; the rest of the answer stands). */
  onOcrError?: (error: unknown) => void;
}

/** Glossaries applied to the text read in images (`image_text_config`). */
export interface ImageTextLists {
  black: CustomList[];
  white: CustomList[];
}

/** The text risks checked in an image's text: those a text request checks when it names none. */
const imageTextCategories = defaultTextCategories;

/** The text in an image through text moderation, as an `image_text` detail (none when it passes). */
export function judgeImageText(
  text: string,
  lists: ImageTextLists = { black: [], white: [] },
): ImageDetail | undefined {
  if (text === '') return undefined;
  const result = moderateText(text, imageTextCategories, lists.black, lists.white);
  if (result.suggestion === 'pass') return undefined;
  const segments = result.details.flatMap((d) =>
    d.segments.map((s) => ({ segment: s.segment, ...(s.glossary_name ? { glossary_name: s.glossary_name } : {}) })),
  );
  return {
    suggestion: result.suggestion,
    category: 'image_text',
    confidence: round(Math.max(...result.details.map((d) => d.confidence))),
    label: result.label,
    ...(segments.length ? { segments } : {}),
  };
}

/**
 * A QR code in an image, as an `image_text` detail labelled `qr_code` with its content and location: to review, as a
 * way round text moderation that people can scan (a contact, a link to an ad); blocked when its content blocks as
 * text (a black glossary's domain, say); passed when a white glossary's word is in it (the customer's own site).
 */
export function judgeQrCode(found: QrCodeFound, lists: ImageTextLists = { black: [], white: [] }): ImageDetail {
  const result = moderateText(found.content, imageTextCategories, lists.black, lists.white);
  const normalized = normalizeText(found.content);
  const whitelisted = lists.white.some((list) => list.matcher.match(found.content, normalized).length > 0);
  const segments = result.details.flatMap((d) =>
    d.segments.map((s) => ({ segment: s.segment, ...(s.glossary_name ? { glossary_name: s.glossary_name } : {}) })),
  );
  const blocked = result.suggestion === 'block';
  return {
    suggestion: blocked ? 'block' : whitelisted ? 'pass' : 'review',
    category: 'image_text',
    // The code was read, with its error correction: what it says is certain; a block is as sure as the text's.
    confidence: blocked ? round(Math.max(...result.details.map((d) => d.confidence))) : 1,
    label: 'qr_code',
    ...(blocked && segments.length ? { segments } : {}),
    qr_location: found.location,
    qr_content: found.content,
  };
}

/** The QR code in an image, or none; an image sharp decoded once already does not fail here, but if it did, none. */
async function readQrCode(bytes: Buffer, size: { width: number; height: number }, limits: ImageLimits) {
  try {
    return await findQrCode(bytes, size, limits.maxSide * limits.maxSide);
  } catch {
    return undefined;
  }
}

/** OCR of an image, or of raw RGB pixels; an OCR failure reads as no text (told to onOcrError). */
export async function readImageText(
  readers: ImageReaders,
  image: Buffer,
  raw?: { width: number; height: number; channels: 3 },
): Promise<string> {
  try {
    return (await readers.ocr.read(image, raw)).text;
  } catch (error) {
    readers.onOcrError?.(error);
    return '';
  }
}

/**
 * Moderates an image for the categories asked: `porn` by the NSFW classifier; `image_text` by reading the image's
 * text (OCR, English and Chinese) and moderating it as text, with the request's glossaries, and by looking for a QR
 * code (judgeQrCode); every category by the image libraries that apply (`libraries`: a copy of a library's image,
 * found by its perceptual hash), which are all that detects `terrorism` and `politics`. The classifier, OCR and the
 * libraries run at once. The result's category is that of its most severe detail, else the first category asked; `ocr_text`
 * is there when `image_text` was asked and text was found.
 */
export async function moderateImage(
  bytes: Buffer,
  limits: ImageLimits,
  readers: ImageReaders,
  categories: readonly ImageRequestCategory[],
  textLists?: ImageTextLists,
  libraries?: LibraryMatcher,
): Promise<ImageModerationResult> {
  const decoded = await decodeImage(bytes, limits, 224);
  const wantsText = categories.includes('image_text') && readers.ocr.enabled;
  const wantsQr = categories.includes('image_text');
  const [scores, text, qr, verdicts] = await Promise.all([
    categories.includes('porn') ? readers.classifier.classify(decoded.pixels, decoded.size) : undefined,
    wantsText ? readImageText(readers, bytes) : '',
    wantsQr ? readQrCode(bytes, decoded, limits) : undefined,
    libraries ? libraries.judge(decoded.pixels, decoded.size, decoded.size) : [],
  ]);
  const found: ImageDetail[] = [];
  if (scores) found.push(judgePorn(scores));
  const textDetail = judgeImageText(text, textLists);
  if (textDetail) found.push(textDetail);
  if (qr) found.push(judgeQrCode(qr, textLists));
  const details: ImageDetail[] = withLibraryVerdicts(found, verdicts);
  let suggestion: Suggestion = 'pass';
  for (const detail of details) suggestion = moreSevere(suggestion, detail.suggestion);
  const top = details.find((d) => d.suggestion === suggestion && suggestion !== 'pass');
  return {
    suggestion,
    category: top?.category ?? categories[0] ?? 'porn',
    details,
    ...(text !== '' ? { ocr_text: text } : {}),
  };
}
