import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as nsfwjs from 'nsfwjs';
import type { NsfwModelName } from './nsfw-models.js';

/** Where the one model of the process stands: loads once, on first use or at start-up (warm-up). */
export type ClassifierState =
  { state: 'unloaded' } | { state: 'loading' } | { state: 'loaded' } | { state: 'failed'; error: string; at: number };

export interface ClassScores {
  Drawing: number;
  Hentai: number;
  Neutral: number;
  Porn: number;
  Sexy: number;
}

/**
 * Starts `call` with console.info silenced: nsfwjs's load announces its model on the console ("You're using the
 * model..."), with no option to turn that off, and the process's output must stay JSON log lines. The banner is
 * printed synchronously as the load begins, so only that moment is silenced; console.info is back before any other
 * code runs.
 */
function withoutConsoleInfo<T>(call: () => T): T {
  const info = console.info;
  console.info = () => undefined;
  try {
    return call();
  } finally {
    console.info = info;
  }
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
  private static states = new Map<NsfwModelName, ClassifierState>();

  constructor(
    readonly modelName: NsfwModelName = 'MobileNetV2Mid',
    /** Told the seconds the model took on each image (its load excluded), for the metrics. */
    private readonly onTimed?: (seconds: number) => void,
  ) {}

  private load(): Promise<nsfwjs.NSFWJS> {
    const cached = NsfwClassifier.models.get(this.modelName);
    if (cached) return cached;
    NsfwClassifier.states.set(this.modelName, { state: 'loading' });
    const loading = (async () => {
      const require = createRequire(import.meta.url);
      const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      setWasmPaths(wasmDir + path.sep);
      await tf.setBackend('wasm');
      await tf.ready();
      return withoutConsoleInfo(() => nsfwjs.load(this.modelName, { size: NsfwClassifier.inputSize }));
    })();
    NsfwClassifier.models.set(this.modelName, loading);
    loading.then(
      () => {
        NsfwClassifier.states.set(this.modelName, { state: 'loaded' });
      },
      (error: Error) => {
        // The next use tries again.
        NsfwClassifier.models.delete(this.modelName);
        NsfwClassifier.states.set(this.modelName, {
          state: 'failed',
          error: error?.message || String(error),
          at: Date.now(),
        });
      },
    );
    return loading;
  }

  /** Whether the model is loaded (for the readiness check); asking loads nothing. */
  status(): ClassifierState {
    return NsfwClassifier.states.get(this.modelName) ?? { state: 'unloaded' };
  }

  async warmUp(): Promise<void> {
    await this.load();
  }

  async classify(pixels: Buffer, size = NsfwClassifier.inputSize): Promise<ClassScores> {
    const model = await this.load();
    const started = performance.now();
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
      this.onTimed?.((performance.now() - started) / 1000);
    }
  }
}

/** How long after a failed load the readiness check tries loading again. */
const classifierRetryMs = 30_000;

/**
 * The image model's part of readiness. With warm-up on (the default), the instance is ready once the model is
 * loaded: a load balancer waits for the warm-up rather than sending images to an instance that would make them wait
 * seconds. With warm-up off (AISP_WARM_UP_CLASSIFIER=false) the operator chose to load it on the first image, so a
 * model not loaded yet, or loading, is ready ("loads on first use"): nothing is missing that the first image will
 * not bring. A failed load is unready either way, and the check itself tries again at most every `retryMs` (an
 * unready instance gets no image that would).
 */
export function classifierReadiness(
  classifier: Pick<NsfwClassifier, 'status' | 'warmUp'>,
  warmUp: boolean,
  retryMs = classifierRetryMs,
  now = Date.now(),
): { ok: boolean; detail: string } {
  const status = classifier.status();
  switch (status.state) {
    case 'loaded':
      return { ok: true, detail: 'loaded' };
    case 'loading':
      return warmUp ? { ok: false, detail: 'loading' } : { ok: true, detail: 'loading on first use' };
    case 'unloaded':
      return warmUp ? { ok: false, detail: 'not loaded yet' } : { ok: true, detail: 'loads on first use' };
    case 'failed':
      if (now - status.at >= retryMs) void classifier.warmUp().catch(() => undefined);
      return { ok: false, detail: `failed to load: ${status.error}` };
  }
}
