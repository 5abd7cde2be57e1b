import type { Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from '../gateway/bound-metrics.js';

/** Seconds, from a few milliseconds (a small image through the model) to a slow OCR of a large one. */
const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Content Moderation's metrics at /metrics: calls by operation (text, image, image_batch, and the job types) and the
 * suggestion answered, and the time the image readers take (OCR, the NSFW model), which decide an image call's
 * latency and what the CPU is spent on.
 */
export class ModerationMetrics {
  private readonly calls: BoundCounter;
  private readonly ocrSeconds: BoundHistogram;
  private readonly imageModelSeconds: BoundHistogram;

  constructor(registry: Registry) {
    this.calls = new BoundCounter(
      registry,
      'aisp_moderation_calls_total',
      'Moderation calls answered, by operation and suggestion (each image of a batch counts once)',
      ['operation', 'suggestion'],
    );
    this.ocrSeconds = new BoundHistogram(
      registry,
      'aisp_moderation_ocr_seconds',
      'Time to read the text of one image (OCR), by the engine that read it (paddle, tesseract)',
      ['engine'],
      secondsBuckets,
    );
    this.imageModelSeconds = new BoundHistogram(
      registry,
      'aisp_moderation_image_model_seconds',
      'Time of the NSFW model on one image or video frame (its load excluded)',
      [],
      secondsBuckets,
    );
  }

  call(operation: string, suggestion: string): void {
    this.calls.labels(operation, suggestion).inc();
  }

  readonly ocr = (seconds: number, engine: string): void => this.ocrSeconds.labels(engine).observe(seconds);
  readonly imageModel = (seconds: number): void => this.imageModelSeconds.labels().observe(seconds);
}
