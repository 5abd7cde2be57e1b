import type { Agent } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import { withOutboundCodes } from '../../errors/outbound-codes.js';
import { download, parseHttpUrl } from '../../net/download.js';
import { isObjectStorageUrl, parseObjectLocation } from './object-location.js';
import type { ObjectStorage } from './object-storage.js';

/**
 * A file URL as given by a client: a well-formed object-storage URL (ModelArts.4703 otherwise; whether the project may
 * read it is decided when it is read), or an absolute http(s) URL without credentials (AIS.0022).
 */
export function validateSourceUrl(url: unknown): string {
  if (url === undefined || url === null || url === '') throw new ApiError('AIS.0011');
  if (typeof url !== 'string') throw new ApiError('AIS.0022');
  const objectStore = isObjectStorageUrl(url);
  try {
    if (objectStore) parseObjectLocation(url);
    else parseHttpUrl(url);
  } catch (error) {
    throw withOutboundCodes('AIS', objectStore ? 'objectStore' : 'download', error);
  }
  return url;
}

/**
 * Where a project's moderated media comes from: object storage (obs://, s3://, the cloud's bucket URLs) that the
 * project may read, or the Internet, through the guarded download agent (net/), with a size cap and a time limit.
 * Both fail with OutboundFailure; this is moderation's edge for them, answering with the `download` and `objectStore`
 * rows of errors/outbound-codes.ts (AIS.0022 bad URL, ModelArts.4601 refused address, AIS.0029 unreachable...).
 */
export class MediaSource {
  constructor(
    private readonly objectStorage: ObjectStorage,
    private readonly agent: Agent,
    private readonly maxRedirects: number,
  ) {}

  async read(projectId: string, url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<Buffer> {
    const objectStore = isObjectStorageUrl(url);
    try {
      if (objectStore) return await this.objectStorage.read(projectId, url, limits.maxBytes);
      return (await download(this.agent, url, { ...limits, maxRedirects: this.maxRedirects })).bytes;
    } catch (error) {
      throw withOutboundCodes('AIS', objectStore ? 'objectStore' : 'download', error);
    }
  }
}
