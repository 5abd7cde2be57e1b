import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as nsfwjs from 'nsfwjs';

export interface ClassScores {
  Drawing: number;
  Hentai: number;
  Neutral: number;
  Porn: number;
  Sexy: number;
}

/**
 * The NSFW classifier: nsfwjs's MobileNetV2 model, whose weights ship inside the npm package (nothing is downloaded),
 * run by TensorFlow.js on its WebAssembly back end (about 65 ms an image on one core; the pure-JS back end takes
 * about 1.6 s). Loaded once, on first use or at start-up through warmUp().
 */
export class NsfwClassifier {
  static readonly inputSize = 224;
  // One model per process: TensorFlow.js keeps one global back end, and the weights are the same for every server.
  private static model: Promise<nsfwjs.NSFWJS> | undefined;

  private load(): Promise<nsfwjs.NSFWJS> {
    NsfwClassifier.model ??= (async () => {
      const require = createRequire(import.meta.url);
      const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(wasmDir + path.sep);
      await tf.setBackend('wasm');
      await tf.ready();
      return nsfwjs.load('MobileNetV2', { size: NsfwClassifier.inputSize });
    })();
    NsfwClassifier.model.catch(() => {
      NsfwClassifier.model = undefined;
    });
    return NsfwClassifier.model;
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
