import sharp from 'sharp';
import { ApiError } from '../../errors/api-error.js';
import { imageFormats } from './formats.js';

export interface ImageLimits {
  maxBytes: number;
  minSide: number;
  maxSide: number;
}

export interface DecodedImage {
  format: string;
  width: number;
  height: number;
  /** RGB pixels resized to size x size for the classifier. */
  pixels: Buffer;
  size: number;
}

const supportedFormats = new Set<string>(imageFormats.map((f) => f.format));

/** Formats we recognise but do not moderate: AIS.0402 rather than "not an image" (AIS.0502). */
function recognisedUnsupported(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 32);
  const text = head.toString('latin1');
  return (
    text.startsWith('BM') ||
    text.startsWith('8BPS') ||
    head.readUInt32BE(0) === 0x00000100 ||
    /^....ftyp(heic|heix|mif1|msf1|avif)/s.test(text) ||
    /^\s*(<\?xml|<svg)/i.test(text)
  );
}

/** sharp's refusal of an image over its `limitInputPixels` cap ("Input image exceeds pixel limit"). */
export function isPixelLimitError(error: unknown): boolean {
  return error instanceof Error && /exceeds pixel limit/i.test(error.message);
}

/**
 * Validates and decodes an image with sharp (libvips, in libuv's thread pool, off the event loop): format (AIS.0402
 * unsupported, AIS.0502 not an image), side lengths read from the header (AIS.0504), then integrity while decoding
 * (AIS.0403 damaged, truncation included), resized for the classifier.
 */
export async function decodeImage(bytes: Buffer, limits: ImageLimits, classifierSize: number): Promise<DecodedImage> {
  if (bytes.length > limits.maxBytes) throw new ApiError('AIS.0504');
  let metadata: sharp.Metadata;
  try {
    // The header alone: metadata() decodes no pixel, so the pixel cap is lifted for it. With the cap, sharp refuses
    // to read the header of a too-large image at all, and a 16000 x 16000 PNG answered "not an image" (AIS.0502).
    metadata = await sharp(bytes, { failOn: 'truncated', limitInputPixels: false, pages: 1 }).metadata();
  } catch {
    throw new ApiError(bytes.length >= 4 && recognisedUnsupported(bytes) ? 'AIS.0402' : 'AIS.0502');
  }
  if (!metadata.format || !supportedFormats.has(metadata.format)) throw new ApiError('AIS.0402');
  const width = metadata.width ?? 0;
  const height = metadata.pageHeight ?? metadata.height ?? 0;
  if (Math.min(width, height) < limits.minSide || Math.max(width, height) > limits.maxSide)
    throw new ApiError('AIS.0504');
  let pixels: Buffer;
  try {
    // sharp's pixel cap stays as the backstop: whatever the header said, no more than maxSide² pixels are decoded.
    pixels = await sharp(bytes, { failOn: 'truncated', limitInputPixels: limits.maxSide * limits.maxSide, pages: 1 })
      .removeAlpha()
      .resize(classifierSize, classifierSize, { fit: 'fill' })
      .raw()
      .toBuffer();
  } catch (error) {
    throw new ApiError(isPixelLimitError(error) ? 'AIS.0504' : 'AIS.0403');
  }
  return { format: metadata.format, width, height, pixels, size: classifierSize };
}
