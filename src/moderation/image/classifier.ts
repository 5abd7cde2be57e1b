import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as nsfwjs from 'nsfwjs';
import type { NsfwModelName } from './nsfw-models.js';

export interface ClassScores {
  Drawing: number;
  Hentai: number;
  Neutral: number;
  Porn: number;
  Sexy: number;
}

/**
 * The NSFW classifier: one of nsfwjs's models, run by TensorFlow.js on its WebAssembly back end (the pure-JS back end
 * is about 25 times slower). MobileNetV2Mid by default: on 343 benign outside photos it flagged none for block where
 * MobileNetV2 blocked a flower close-up and a microscopy image (README, "How well"). Loaded once, on first use or at
 * start-up through warmUp().
 */
export class NsfwClassifier {
  static readonly inputSize = 224;
  // One model per name and process: TensorFlow.js keeps one global back end, and weights are the same for every server.
  private static models = new Map<NsfwModelName, Promise<nsfwjs.NSFWJS>>();
  private static ready = new Set<NsfwModelName>();

  constructor(readonly modelName: NsfwModelName = 'MobileNetV2Mid') {}

  private load(): Promise<nsfwjs.NSFWJS> {
    const cached = NsfwClassifier.models.get(this.modelName);
    if (cached) return cached;
    const loading = (async () => {
      const require = createRequire(import.meta.url);
      const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(wasmDir + path.sep);
      await tf.setBackend('wasm');
      await tf.ready();
      return nsfwjs.load(this.modelName, { size: NsfwClassifier.inputSize });
    })();
    NsfwClassifier.models.set(this.modelName, loading);
    loading.then(
      () => NsfwClassifier.ready.add(this.modelName),
      () => NsfwClassifier.models.delete(this.modelName),
    );
    return loading;
  }

  /** Whether the model is in memory and ready (readiness checks ask; a load under way is not ready yet). */
  loaded(): boolean {
    return NsfwClassifier.ready.has(this.modelName);
  }

  async warmUp(): Promise<void> {
    await this.load();
  }

  async classify(pixels: Buffer, size = NsfwClassifier.inputSize): Promise<ClassScores> {
    const model = await this.load();
    const tensor = tf.tensor3d(
      new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length),
      [size, size, 3],
      'int32',
    );
    try {
      const predictions = await model.classify(tensor, 5);
      const scores: ClassScores = { Drawing: 0, Hentai: 0, Neutral: 0, Porn: 0, Sexy: 0 };
      for (const p of predictions) scores[p.className as keyof ClassScores] = p.probability;
      return scores;
    } finally {
      tensor.dispose();
    }
  }
}
