/** What OCR read in an image: the text, lines joined by newlines; empty when none was found or OCR is off. */
export interface OcrResult {
  text: string;
  /** Mean confidence 0–1 as the engine reports it (Tesseract's words, PaddleOCR's lines). */
  confidence: number;
}

/** The OCR engines the service has: AISP_OCR_ENGINE. */
export const ocrEngineNames = ['paddle', 'tesseract'] as const;
export type OcrEngineName = (typeof ocrEngineNames)[number];

/** One OCR engine, off the main thread, as the OcrReader drives it (the reader scales and times the images). */
export interface OcrEngine {
  readonly name: OcrEngineName;
  /** Whether it wants the image in colour (else grey). */
  readonly colour: boolean;
  /** The longest side images are scaled down to when the settings name none. */
  readonly defaultMaxSide: number;
  /** Loads the models and starts the workers; rejects when they cannot start. */
  start(): Promise<void>;
  /** Whether it has started (readiness). */
  started(): Promise<boolean>;
  /** The text in a PNG, within `timeoutMs`: past it the read fails, and the worker on it is replaced. */
  recognize(png: Buffer, timeoutMs: number): Promise<OcrResult>;
  close(): Promise<void>;
}
