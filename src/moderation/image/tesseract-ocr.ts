import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import Tesseract from 'tesseract.js';
import type { OcrEngine, OcrResult } from './ocr-engine.js';

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
 * tesseract.js (Tesseract compiled to WebAssembly, run in its own worker threads) in English and Simplified Chinese:
 * `workers` workers behind a scheduler, so that at most that many images are read at once. Images come in grey.
 */
export class TesseractOcr implements OcrEngine {
  readonly name = 'tesseract';
  readonly colour = false;
  readonly defaultMaxSide = 2000;
  private scheduler: Promise<Tesseract.Scheduler> | undefined;
  private langPath: Promise<string> | undefined;

  constructor(private readonly workers: number) {}

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

  private scheduled(): Promise<Tesseract.Scheduler> {
    this.scheduler ??= (async () => {
      const scheduler = Tesseract.createScheduler();
      const workers = await Promise.all(Array.from({ length: this.workers }, () => this.newWorker()));
      for (const worker of workers) scheduler.addWorker(worker);
      return scheduler;
    })();
    this.scheduler.catch(() => (this.scheduler = undefined));
    return this.scheduler;
  }

  async start(): Promise<void> {
    await this.scheduled();
  }

  async started(): Promise<boolean> {
    return this.scheduler !== undefined && (await this.scheduler.then(() => true).catch(() => false));
  }

  async recognize(png: Buffer, timeoutMs: number): Promise<OcrResult> {
    const scheduler = await this.scheduled();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('OCR timed out')), timeoutMs);
    });
    try {
      const result = (await Promise.race([scheduler.addJob('recognize', png), timeout])) as Tesseract.RecognizeResult;
      return { text: result.data.text, confidence: Math.max(0, Math.min(1, result.data.confidence / 100)) };
    } catch (error) {
      // A recognition that overran keeps its worker busy: start afresh rather than queue behind it.
      if ((error as Error).message === 'OCR timed out') await this.restart();
      throw error;
    } finally {
      clearTimeout(timer);
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
