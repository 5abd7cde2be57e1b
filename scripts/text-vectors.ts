/**
 * A text as the trainers see it: the hashed features of `extractFeatures` as a sparse vector (bucket ids once each,
 * values count x norm, as `TextModel.score` weighs them) and its language by the model's own rule. Shared by the
 * training script and the capacity experiment so both arms read the texts exactly as the shipped model will.
 */
import { extractFeatures, featureBuffer, type FeatureConfig } from '../src/moderation/text/model/features.js';
import { isChineseText } from '../src/moderation/text/model/text-model.js';

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
  /** 0 English, 1 Chinese. */
  lang: 0 | 1;
}

export function sparseFeatures(text: string, bits: number, features: FeatureConfig): SparseVector {
  const { count, cjk, latin } = extractFeatures(text, bits, features);
  const sorted = Int32Array.from(featureBuffer().subarray(0, count)).sort();
  const idx: number[] = [];
  const val: number[] = [];
  const norm = count > 0 ? 1 / Math.sqrt(Math.max(count, features.normFloor)) : 0;
  for (let k = 0; k < sorted.length;) {
    let j = k;
    while (j < sorted.length && sorted[j] === sorted[k]) j++;
    idx.push(sorted[k]!);
    val.push((j - k) * norm);
    k = j;
  }
  return { idx: Int32Array.from(idx), val: Float32Array.from(val), lang: isChineseText(cjk, latin) ? 1 : 0 };
}
