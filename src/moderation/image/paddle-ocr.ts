import { ResidentWorkerPool } from '../../queue/resident-workers.js';
import type { OcrEngine, OcrResult } from './ocr-engine.js';
import type { PaddleLine } from './paddle-ocr-worker.js';

/**
 * PaddleOCR (PP-OCRv4, Chinese and English in one model, ONNX) in `workers` resident child processes
 * (paddle-ocr-worker.ts): each loads the models once (about 0.7 s) and reads one image at a time; the heap of each is
 * capped at `maxHeapMb`, and one whose resident set passes 4 times that after an image (ONNX Runtime's native buffers)
 * is replaced. An image past its time ends its process (SIGKILL), which is replaced; a process that dies fails only the
 * image it was on. Processes, not threads: onnxruntime-node aborts the whole process ("terminate called after throwing
 * an instance of 'Napi::Error'") when a thread holding a session is terminated or torn down at exit.
 */
export class PaddleOcr implements OcrEngine {
  readonly name = 'paddle';
  // The detection model's time grows with the pixels (12 s for 2000 x 2000 on a busy 2-core machine, where 1280 x 1280
  // takes about 5); PaddleOCR's own pipeline scales to 960. Text 1280 px across still reads (bench/ocr-compare.ts).
  readonly defaultMaxSide = 1280;
  readonly colour = true;
  private readonly pool: ResidentWorkerPool<Uint8Array, PaddleLine[]>;

  constructor(workers: number, maxHeapMb: number, script = new URL('./paddle-ocr-worker.js', import.meta.url)) {
    this.pool = new ResidentWorkerPool({
      script,
      size: workers,
      maxHeapMb,
      kind: 'process',
      maxRssMb: maxHeapMb * 4,
    });
  }

  start(): Promise<void> {
    return this.pool.start();
  }

  async started(): Promise<boolean> {
    return this.pool.running;
  }

  async recognize(png: Buffer, timeoutMs: number): Promise<OcrResult> {
    // Sent to the process as bytes: the IPC's v8 serializer writes a typed array's own bytes only, not the whole of a
    // pooled Buffer's memory (v8.serialize(new Uint8Array(new ArrayBuffer(1e6), 10, 100)) is 105 bytes).
    const lines = await this.pool.run(new Uint8Array(png.buffer, png.byteOffset, png.byteLength), timeoutMs);
    const confidence = lines.length ? lines.reduce((sum, line) => sum + line.confidence, 0) / lines.length : 0;
    return { text: lines.map((line) => line.text).join('\n'), confidence };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
