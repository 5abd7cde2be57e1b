import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import Tesseract from 'tesseract.js';

export interface OcrOptions {
  /** Tesseract workers (each a worker thread holding both languages, ~100 MB); 0 turns OCR off. */
  workers: number;
  /** Longest side an image is scaled down to before recognition: bounds the time one image can take. */
  maxSide: number;
  /** Time one recognition may take; after it the image's text is given up (and the worker replaced). */
  timeoutMs: number;
  /**
   * Largest image (width x height) decoded for OCR, sharp's limitInputPixels; sharp's own default (16383²) when not
   * given. Raw pixels (video frames) are the caller's size and not capped here.
   */
  maxInputPixels?: number;
  /** Told the seconds each read took (scaling and recognition; the workers' start excluded), for the metrics. */
  onTimed?: (seconds: number) => void;
}

/** What OCR read in an image: the text, lines joined by newlines; empty when none was found or OCR is off. */
export interface OcrResult {
  text: string;
  /** Mean word confidence 0–1 as Tesseract reports it. */
  confidence: number;
}

/** Languages read, from the trained data that ships inside npm packages (nothing is downloaded). */
const languages = ['eng', 'chi_sim'] as const;

/**
 * A folder holding each language's trained data, as tesseract.js reads it (`{langPath}/{code}.traineddata.gz`):
 * links to the files inside the npm packages, since each language ships in a package of its own. The
 * integer-quantised "best" LSTM models: what tesseract.js itself would fetch by default, and small.
 */
async function trainedDataFolder(): Promise<string> {
  const require = createRequire(import.meta.url);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'aisp-ocr-'));
  for (const code of languages) {
    const file = `${code}.traineddata.gz`;
    const dir = path.dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    await symlink(path.join(dir, '4.0.0_best_int', file), path.join(folder, file));
  }
  return folder;
}

/**
 * Reads the text in images with tesseract.js (Tesseract compiled to WebAssembly, run in worker threads) in English
 * and Simplified Chinese. Workers start on first use; recognition is queued on a scheduler so that at most
 * `workers` images are read at once. Images are turned grey and scaled to at most `maxSide` first.
 */
export class OcrReader {
  private scheduler: Promise<Tesseract.Scheduler> | undefined;
  private langPath: Promise<string> | undefined;

  constructor(private readonly options: OcrOptions) {}

  get enabled(): boolean {
    return this.options.workers > 0;
  }

  private async newWorker(): Promise<Tesseract.Worker> {
    this.langPath ??= trainedDataFolder();
    const worker = await Tesseract.createWorker([...languages], Tesseract.OEM.LSTM_ONLY, {
      langPath: await this.langPath,
      gzip: true,
      // No cache: the data is read from the packages, and nothing is written to the working directory.
      cacheMethod: 'none',
      errorHandler: () => undefined,
    });
    // Chinese is written without spaces; Tesseract otherwise inserts one between every two characters.
    // The images carry no resolution worth trusting (screenshots, frames): say 96 dpi, the screen's, rather than let
    // Tesseract warn on every image and guess.
    await worker.setParameters({ preserve_interword_spaces: '1', user_defined_dpi: '96' });
    return worker;
  }

  private start(): Promise<Tesseract.Scheduler> {
    this.scheduler ??= (async () => {
      const scheduler = Tesseract.createScheduler();
      const workers = await Promise.all(Array.from({ length: this.options.workers }, () => this.newWorker()));
      for (const worker of workers) scheduler.addWorker(worker);
      return scheduler;
    })();
    this.scheduler.catch(() => (this.scheduler = undefined));
    return this.scheduler;
  }

  async warmUp(): Promise<void> {
    if (this.enabled) await this.start();
  }

  /** Whether the workers have started (readiness). */
  async started(): Promise<boolean> {
    return this.scheduler !== undefined && (await this.scheduler.then(() => true).catch(() => false));
  }

  /** Text in an image file (any format sharp reads) or raw RGB pixels of the given size. */
  async read(image: Buffer, raw?: { width: number; height: number; channels: 1 | 3 | 4 }): Promise<OcrResult> {
    if (!this.enabled) return { text: '', confidence: 0 };
    const started = performance.now();
    let starting = 0;
    const input = raw ? { raw } : { pages: 1, limitInputPixels: this.options.maxInputPixels ?? true };
    const png = await sharp(image, input)
      .greyscale()
      .resize(this.options.maxSide, this.options.maxSide, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 1 })
      .toBuffer();
    const beforeStart = performance.now();
    const scheduler = await this.start();
    starting = performance.now() - beforeStart;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('OCR timed out')), this.options.timeoutMs);
    });
    try {
      const result = (await Promise.race([scheduler.addJob('recognize', png), timeout])) as Tesseract.RecognizeResult;
      return { text: tidy(result.data.text), confidence: Math.max(0, Math.min(1, result.data.confidence / 100)) };
    } catch (error) {
      // A recognition that overran keeps its worker busy: start afresh rather than queue behind it.
      if ((error as Error).message === 'OCR timed out') await this.restart();
      throw error;
    } finally {
      clearTimeout(timer);
      this.options.onTimed?.((performance.now() - started - starting) / 1000);
    }
  }

  private async restart(): Promise<void> {
    const old = this.scheduler;
    this.scheduler = undefined;
    await old?.then((s) => s.terminate()).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.restart();
    const folder = await this.langPath?.catch(() => undefined);
    this.langPath = undefined;
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Tesseract's text with its noise taken out: lines trimmed, empty ones dropped, and the spaces it leaves between
 * CJK characters removed (Chinese has no spaces; matching 你 好 against 你好 would fail).
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
