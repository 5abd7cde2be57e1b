import type { ClassScores, NsfwClassifier } from './classifier.js';
import { decodeImage, type ImageLimits } from './decode.js';

export const imageCategories = ['porn'] as const;
export type ImageCategory = (typeof imageCategories)[number];

export interface ImageDetail {
  suggestion: 'block' | 'review' | 'pass';
  category: ImageCategory;
  label: 'porn' | 'hentai' | 'sexy' | 'normal';
  confidence: number;
}

export interface ImageModerationResult {
  suggestion: 'block' | 'review' | 'pass';
  category_suggestions: Partial<Record<ImageCategory, 'block' | 'review' | 'pass'>>;
  details: ImageDetail[];
  image: { format: string; width: number; height: number };
}

/**
 * Thresholds on the classifier's probabilities: explicit (Porn, Hentai) blocks at 0.7 and is reviewed from 0.4;
 * suggestive (Sexy) is reviewed from 0.6. README's "Moderation quality" gives what they yield on the shipped sample.
 */
export const thresholds = { explicitBlock: 0.7, explicitReview: 0.4, suggestiveReview: 0.6 };

export function judgePorn(scores: ClassScores): ImageDetail {
  const explicit =
    scores.Porn >= scores.Hentai
      ? { label: 'porn' as const, p: scores.Porn }
      : { label: 'hentai' as const, p: scores.Hentai };
  if (explicit.p >= thresholds.explicitBlock)
    return { suggestion: 'block', category: 'porn', label: explicit.label, confidence: round(explicit.p) };
  if (explicit.p >= thresholds.explicitReview)
    return { suggestion: 'review', category: 'porn', label: explicit.label, confidence: round(explicit.p) };
  if (scores.Sexy >= thresholds.suggestiveReview)
    return { suggestion: 'review', category: 'porn', label: 'sexy', confidence: round(scores.Sexy) };
  return { suggestion: 'pass', category: 'porn', label: 'normal', confidence: round(scores.Neutral + scores.Drawing) };
}

function round(p: number): number {
  return Math.round(p * 10_000) / 10_000;
}

export async function moderateImage(
  bytes: Buffer,
  limits: ImageLimits,
  classifier: NsfwClassifier,
): Promise<ImageModerationResult> {
  const decoded = await decodeImage(bytes, limits, 224);
  const detail = judgePorn(await classifier.classify(decoded.pixels, decoded.size));
  return {
    suggestion: detail.suggestion,
    category_suggestions: { porn: detail.suggestion },
    details: [detail],
    image: { format: decoded.format, width: decoded.width, height: decoded.height },
  };
}
