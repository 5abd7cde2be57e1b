/**
 * The trained text models: logistic regressions over hashed features (features.ts), one head per task (`abuse`,
 * `ad`), sharing one feature pass and one interleaved weight table. Scores are calibrated per language (Platt
 * scaling fitted on a validation split) so they read as probabilities; per head and language a `review` and a
 * `block` threshold are stored with the weights. Written by scripts/train-text-models.ts, read here; pure
 * TypeScript, nothing downloaded.
 *
 * File layout (little endian): "AISPTXT1", uint32 header length, UTF-8 JSON header (ModelHeader), zero padding to
 * an even offset, then Int16 weights, bucket-major: weight[bucket * heads + head] (times the head's `scale`).
 */
import { readFileSync } from 'node:fs';
import {
  defaultFeatureConfig,
  extractFeatures,
  featureBuffer,
  type FeatureConfig,
  headSums,
  scoreFeatures,
} from './features.js';

export type ModelHeadName = 'abuse' | 'ad';
export type ModelLanguage = 'en' | 'zh';

export interface HeadLanguageParams {
  /** Intercept of the linear score. */
  bias: number;
  /** Platt scaling: p = 1 / (1 + exp(-(a * score + b))). */
  platt: [number, number];
  /** Calibrated probability at or above which the text goes to review, and to block. */
  review: number;
  block: number;
}

export interface HeadMeta {
  name: ModelHeadName;
  scale: number;
  languages: Record<ModelLanguage, HeadLanguageParams>;
}

export interface ModelHeader {
  format: 'aisp-text-model';
  version: 1;
  bits: number;
  features?: FeatureConfig;
  heads: HeadMeta[];
  /** Free-form provenance: data sets, splits, training settings, validation figures. */
  trained?: Record<string, unknown>;
}

export interface TextScores {
  language: ModelLanguage;
  /** Calibrated probabilities, 0..1. */
  abuse: number;
  ad: number;
}

const MAGIC = 'AISPTXT1';

/** The model's language rule: Chinese when CJK characters are at least a quarter of the letters counted. */
export function isChineseText(cjk: number, latin: number): boolean {
  return cjk > 0 && cjk * 3 >= latin;
}

export class TextModel {
  readonly header: ModelHeader;
  private readonly weights: Int16Array;
  private readonly headCount: number;
  private readonly abuseIndex: number;
  private readonly adIndex: number;
  private readonly sums: Float64Array;

  constructor(header: ModelHeader, weights: Int16Array) {
    this.header = header;
    this.weights = weights;
    this.headCount = header.heads.length;
    this.abuseIndex = header.heads.findIndex((h) => h.name === 'abuse');
    this.adIndex = header.heads.findIndex((h) => h.name === 'ad');
    this.sums = new Float64Array(this.headCount);
    if (weights.length !== (1 << header.bits) * this.headCount)
      throw new Error('text model: weight table size does not match its header');
  }

  static decode(bytes: Uint8Array): TextModel {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.toString('latin1', 0, 8) !== MAGIC) throw new Error('text model: not an AISPTXT1 file');
    const headerLength = buffer.readUInt32LE(8);
    const header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as ModelHeader;
    if (header.format !== 'aisp-text-model' || header.version !== 1) throw new Error('text model: unsupported format');
    let offset = 12 + headerLength;
    if (offset % 2 === 1) offset++;
    const count = (buffer.byteLength - offset) / 2;
    const weights = new Int16Array(count);
    for (let i = 0; i < count; i++) weights[i] = buffer.readInt16LE(offset + i * 2);
    return new TextModel(header, weights);
  }

  static encode(header: ModelHeader, weights: Int16Array): Buffer {
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(json.length, 8);
    const pad = Buffer.alloc((12 + json.length) % 2);
    const body = Buffer.alloc(weights.length * 2);
    for (let i = 0; i < weights.length; i++) body.writeInt16LE(weights[i]!, i * 2);
    return Buffer.concat([prefix, json, pad, body]);
  }

  static load(file: string | URL): TextModel {
    return TextModel.decode(readFileSync(file));
  }

  /**
   * Raw linear scores per head (before calibration) and the language; `sums` is reused between calls.
   * Exposed for training (calibration is fitted on these).
   */
  rawScores(text: string): { language: ModelLanguage; raw: Float64Array } {
    const config = this.header.features ?? defaultFeatureConfig;
    const sums = this.sums;
    const heads = this.headCount;
    let count: number;
    let cjk: number;
    let latin: number;
    if (heads === 2) {
      // The common case: features hashed and summed in one pass, nothing written out.
      ({ count, cjk, latin } = scoreFeatures(text, this.header.bits, config, this.weights));
      sums[0] = headSums[0]!;
      sums[1] = headSums[1]!;
    } else {
      ({ count, cjk, latin } = extractFeatures(text, this.header.bits, config));
      const features = featureBuffer();
      const w = this.weights;
      sums.fill(0);
      for (let k = 0; k < count; k++) {
        const at = features[k]! * heads;
        for (let h = 0; h < heads; h++) sums[h] += w[at + h]!;
      }
    }
    const language: ModelLanguage = isChineseText(cjk, latin) ? 'zh' : 'en';
    const norm = count > 0 ? 1 / Math.sqrt(Math.max(count, config.normFloor)) : 0;
    for (let h = 0; h < heads; h++) {
      const head = this.header.heads[h]!;
      sums[h] = head.languages[language].bias + sums[h]! * head.scale * norm;
    }
    return { language, raw: sums };
  }

  /** Calibrated probabilities per head. */
  score(text: string): TextScores {
    const { language, raw } = this.rawScores(text);
    return {
      language,
      abuse: this.abuseIndex >= 0 ? this.calibrate(this.abuseIndex, language, raw[this.abuseIndex]!) : 0,
      ad: this.adIndex >= 0 ? this.calibrate(this.adIndex, language, raw[this.adIndex]!) : 0,
    };
  }

  calibrate(head: number, language: ModelLanguage, raw: number): number {
    const [a, b] = this.header.heads[head]!.languages[language].platt;
    return 1 / (1 + Math.exp(-(a * raw + b)));
  }

  thresholds(name: ModelHeadName, language: ModelLanguage): { review: number; block: number } | undefined {
    const head = this.header.heads.find((h) => h.name === name);
    return head ? head.languages[language] : undefined;
  }
}

/**
 * The shipped model, models/text/text-models.bin in the project (from dist/src/moderation/text/model/, five levels
 * up). It is part of the code, as the built-in lists are, so it has no configuration switch of its own.
 */
export const shippedModelFile = new URL('../../../../../models/text/text-models.bin', import.meta.url);

let shipped: TextModel | undefined;

/** The shipped model, loaded on first use (about 1 MB, read synchronously once). */
export function shippedModel(): TextModel {
  shipped ??= TextModel.load(shippedModelFile);
  return shipped;
}
