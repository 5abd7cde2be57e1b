import type { ImageRequestCategory } from '../api-contract.js';
import { moreSevere, type Suggestion } from '../suggestion.js';
import type { ClassScores, NsfwClassifier } from './classifier.js';
import { decodeImage, type ImageLimits } from './decode.js';

/** One category's verdict on an image, as the API's ImageDetectionResultDetail. */
export interface ImageDetail {
  suggestion: Suggestion;
  category: ImageRequestCategory;
  confidence: number;
  /** Free-form detail label (porn, hentai, sexy, normal for the porn category). */
  label: string;
}

/** An image's result, as the API's `result` of CheckImageModeration (ocr_text once OCR has read text). */
export interface ImageModerationResult {
  suggestion: Suggestion;
  category: ImageRequestCategory;
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

/**
 * Moderates an image for the categories asked: `porn` by the NSFW classifier. `terrorism`, `politics` and
 * `image_text` are accepted and have no detector here yet (README says so), so they never flag. The result's
 * category is that of its most severe detail, else the first category asked.
 */
export async function moderateImage(
  bytes: Buffer,
  limits: ImageLimits,
  classifier: NsfwClassifier,
  categories: readonly ImageRequestCategory[],
): Promise<ImageModerationResult> {
  const decoded = await decodeImage(bytes, limits, 224);
  const details: ImageDetail[] = [];
  if (categories.includes('porn')) details.push(judgePorn(await classifier.classify(decoded.pixels, decoded.size)));
  let suggestion: Suggestion = 'pass';
  for (const detail of details) suggestion = moreSevere(suggestion, detail.suggestion);
  const top = details.find((d) => d.suggestion === suggestion && suggestion !== 'pass');
  return { suggestion, category: top?.category ?? categories[0] ?? 'porn', details };
}
