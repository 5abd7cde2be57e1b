import { ApiError } from '../../errors/api-error.js';
import { checkImageSource } from '../request-checks.js';
import { decodeBase64 } from '../sources/base64.js';
import type { MediaSource } from '../sources/media-source.js';
import type { ImageLimits } from './decode.js';

/** Where images come from, and the cap and time limit of a download. */
export interface ImageInputDeps {
  source: MediaSource;
  imageLimits: ImageLimits;
  /** Time limit of an image download. */
  fetchTimeoutMs: number;
}

/**
 * Reads one image as the image API takes it: exactly one of inline base64 (`image`) and a URL (`url`: the Internet, or
 * the project's object storage), with the API's errors (AIS.0011 neither, AIS.0012 both, AIS.0015 bad base64...).
 */
export async function readImageInput(
  deps: ImageInputDeps,
  projectId: string,
  source: { image?: unknown; url?: unknown },
): Promise<Buffer> {
  const hasImage = source.image !== undefined && source.image !== null && source.image !== '';
  const hasUrl = source.url !== undefined && source.url !== null && source.url !== '';
  if (!hasImage && !hasUrl) throw new ApiError('AIS.0011');
  if (hasImage && hasUrl) throw new ApiError('AIS.0012');
  const { image, url } = checkImageSource(source);
  if (image) return decodeBase64(image);
  return deps.source.read(projectId, url!, { maxBytes: deps.imageLimits.maxBytes, timeoutMs: deps.fetchTimeoutMs });
}
