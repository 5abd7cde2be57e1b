import sharp from 'sharp';
import type { OcrEngine, OcrEngineName, OcrResult } from './ocr-engine.js';
import { PaddleOcr } from './paddle-ocr.js';
import { TesseractOcr } from './tesseract-ocr.js';

export type { OcrEngineName, OcrResult } from './ocr-engine.js';

export interface OcrOptions {
  /**
   * Which engine reads: `paddle` (PaddleOCR's PP-OCRv4, ONNX) or `tesseract` (tesseract.js, eng + chi_sim). When
   * PaddleOCR cannot start (onnxruntime's native module missing on the platform), tesseract.js reads instead.
   */
  engine?: OcrEngineName;
  /** OCR workers (each holding the models: a thread, ~100 MB, for tesseract; a process for paddle); 0 turns OCR off. */
  workers: number;
  /**
   * Longest side an image is scaled down to before recognition: bounds the time one image can take. The engine's own
   * when not given: 1280 for paddle, 2000 for tesseract.
   */
  maxSide?: number;
  /** Time one recognition may take; after it the image's text is given up (and the worker replaced). */
  timeoutMs: number;
  /** Each PaddleOCR worker's V8 heap limit, in MiB (512 when not given): past it that image fails, not the server. */
  workerMemoryMb?: number;
  /**
   * Largest image (width x height) decoded for OCR, sharp's limitInputPixels; sharp's own default (16383²) when not
   * given. Raw pixels (video frames) are the caller's size and not capped here.
   */
  maxInputPixels?: number;
  /** Told the seconds each read took (scaling and recognition; the workers' start excluded) and by which engine. */
  onTimed?: (seconds: number, engine: OcrEngineName) => void;
  /** The PaddleOCR worker module; the service's own when not given (tests name one that cannot start). */
  paddleScript?: URL;
  /** Told why PaddleOCR could not start, when tesseract.js takes over. */
  onFallback?: (error: unknown) => void;
}

/**
 * Reads the text in images, English and Simplified Chinese, with the engine the options name, off the main thread.
 * Workers start on first use (or warmUp); at most `workers` images are read at once, the rest wait. Images are scaled
 * to at most `maxSide` first (and turned grey for tesseract).
 */
export class OcrReader {
  private engine: OcrEngine;
  /** Whether the engine has ever started: only a PaddleOCR that never could is replaced by tesseract.js. */
  private everStarted = false;
  private closed = false;

  constructor(private readonly options: OcrOptions) {
    this.engine =
      options.engine === 'tesseract'
        ? new TesseractOcr(options.workers)
        : new PaddleOcr(options.workers, options.workerMemoryMb ?? 512, options.paddleScript);
  }

  get enabled(): boolean {
    return this.options.workers > 0;
  }

  /** The engine that reads now (`tesseract` after a PaddleOCR that could not start). */
  get engineName(): OcrEngineName {
    return this.engine.name;
  }

  private async start(): Promise<void> {
    const engine = this.engine;
    try {
      await engine.start();
      this.everStarted = true;
    } catch (error) {
      // A read that ran at the same time has put tesseract.js in its place already.
      if (this.engine !== engine) return this.start();
      // Closed while it loaded (the server stopping): nothing to fall back to.
      if (engine.name !== 'paddle' || this.everStarted || this.closed) throw error;
      this.options.onFallback?.(error);
      this.engine = new TesseractOcr(this.options.workers);
      await engine.close().catch(() => undefined);
      await this.start();
    }
  }

  async warmUp(): Promise<void> {
    if (this.enabled) await this.start();
  }

  /** Whether the workers have started (readiness). */
  started(): Promise<boolean> {
    return this.engine.started();
  }

  /** Text in an image file (any format sharp reads) or raw RGB pixels of the given size. */
  async read(image: Buffer, raw?: { width: number; height: number; channels: 1 | 3 | 4 }): Promise<OcrResult> {
    if (!this.enabled) return { text: '', confidence: 0 };
    const started = performance.now();
    let starting = 0;
    try {
      const input = raw ? { raw } : { pages: 1, limitInputPixels: this.options.maxInputPixels ?? true };
      const beforeStart = performance.now();
      await this.start();
      starting = performance.now() - beforeStart;
      const scaled = sharp(image, input);
      // PaddleOCR reads colour; a transparent background would read as black, so it is laid on white.
      const prepared = this.engine.colour ? scaled.flatten({ background: '#ffffff' }) : scaled.greyscale();
      const side = this.options.maxSide ?? this.engine.defaultMaxSide;
      const png = await prepared
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 1 })
        .toBuffer();
      const result = await this.engine.recognize(png, this.options.timeoutMs);
      return { text: tidy(result.text), confidence: result.confidence };
    } finally {
      this.options.onTimed?.((performance.now() - started - starting) / 1000, this.engine.name);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.engine.close();
  }
}

/**
 * The engine's text with its noise taken out: lines trimmed, empty ones dropped, and the spaces left between CJK
 * characters removed (Chinese has no spaces; matching 你 好 against 你好 would fail; PaddleOCR joins the boxes of a
 * line with spaces).
 */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(
          /(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])\s+(?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])/g,
          '',
        )
        .replace(/\s{2,}/g, ' ')
        .trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}
