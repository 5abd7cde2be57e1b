import type { Agent } from 'undici';
import { ApiError } from '../../errors/api-error.js';
import type { ErrorCode } from '../../errors/catalogue.js';
import { download, DownloadError, type DownloadFailure, parseHttpUrl } from '../../net/download.js';
import { isObjectStorageUrl, parseObjectLocation } from './object-location.js';
import type { ObjectStorage } from './object-storage.js';

/** How a failed download answers in Content Moderation. */
const downloadCodes: Record<DownloadFailure, ErrorCode> = {
  badUrl: 'AIS.0022',
  badRedirect: 'AIS.0029',
  refused: 'ModelArts.4601',
  timeout: 'ModelArts.4603',
  tooLarge: 'ModelArts.4603',
  httpError: 'AIS.0029',
  unreachable: 'AIS.0029',
  empty: 'AIS.0029',
};

function toApiError(error: unknown): unknown {
  return error instanceof DownloadError ? new ApiError(downloadCodes[error.reason]) : error;
}

/**
 * A file URL as given by a client: a well-formed object-storage URL (ModelArts.4703 otherwise; whether the project may
 * read it is decided when it is read), or an absolute http(s) URL without credentials (AIS.0022).
 */
export function validateSourceUrl(url: unknown): string {
  if (url === undefined || url === null || url === '') throw new ApiError('AIS.0011');
  if (typeof url !== 'string') throw new ApiError('AIS.0022');
  if (isObjectStorageUrl(url)) {
    parseObjectLocation(url);
    return url;
  }
  try {
    parseHttpUrl(url);
  } catch (error) {
    throw toApiError(error);
  }
  return url;
}

/**
 * Where a project's moderated media comes from: object storage (obs://, s3://, the cloud's bucket URLs) that the
 * project may read, or the Internet, through the guarded download agent (net/), with a size cap and a time limit.
 * Internet errors: AIS.0022 bad URL; ModelArts.4601 refused address; AIS.0029 unreachable, an HTTP error, a
 * redirect to a malformed or non-http(s) URL, or empty;
 * ModelArts.4603 over the time limit or the size cap. Object-storage errors: see ObjectStorage.
 */
export class MediaSource {
  constructor(
    private readonly objectStorage: ObjectStorage,
    private readonly agent: Agent,
    private readonly maxRedirects: number,
  ) {}

  async read(projectId: string, url: string, limits: { maxBytes: number; timeoutMs: number }): Promise<Buffer> {
    if (isObjectStorageUrl(url)) return this.objectStorage.read(projectId, url, limits.maxBytes);
    try {
      return (await download(this.agent, url, { ...limits, maxRedirects: this.maxRedirects })).bytes;
    } catch (error) {
      throw toApiError(error);
    }
  }
}
