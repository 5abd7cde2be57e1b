import sharp from 'sharp';
import { ApiError } from '../../errors/api-error.js';

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

const supportedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff']);

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

/**
 * Validates and decodes an image with sharp (libvips): format (AIS.0402 unsupported, AIS.0502 not an image),
 * integrity (AIS.0403 damaged, truncation included), byte size and side lengths (AIS.0504); then resizes it for the
 * classifier.
 */
export async function decodeImage(bytes: Buffer, limits: ImageLimits, classifierSize: number): Promise<DecodedImage> {
  if (bytes.length > limits.maxBytes) throw new ApiError('AIS.0504');
  const options = { failOn: 'truncated' as const, limitInputPixels: limits.maxSide * limits.maxSide, pages: 1 };
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
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
    pixels = await sharp(bytes, options)
      .removeAlpha()
      .resize(classifierSize, classifierSize, { fit: 'fill' })
      .raw()
      .toBuffer();
  } catch {
    throw new ApiError('AIS.0403');
  }
  return { format: metadata.format, width, height, pixels, size: classifierSize };
}
