import { ApiError } from '../../errors/api-error.js';
import type { ObjectStorage } from '../sources/object-storage.js';
import { parseObjectUrl } from '../sources/object-storage.js';
import { type FetchLimits, fetchUrl, parseHttpUrl } from '../sources/url-fetch.js';

export interface FileSource {
  fetchLimits: FetchLimits;
  objectStorage: ObjectStorage;
  maxBytes: number;
}

export function isObjectStorageUrl(url: string): boolean {
  return parseObjectUrl(url) !== undefined || /^(obs|s3):/i.test(url);
}

/** Checks a job's file URL at creation (AIS.0022), so that a typo fails at once rather than in the worker. */
export function validateFileUrl(url: unknown): string {
  if (url === undefined || url === null || url === '') throw new ApiError('AIS.0011');
  if (typeof url !== 'string') throw new ApiError('AIS.0022');
  if (!isObjectStorageUrl(url)) parseHttpUrl(url);
  return url;
}

/** Reads a job's file from object storage or the Internet, with the same guards and limits as image URLs. */
export async function readFile(source: FileSource, url: string): Promise<Buffer> {
  if (isObjectStorageUrl(url)) return source.objectStorage.read(url, source.maxBytes);
  return (await fetchUrl(url, { ...source.fetchLimits, maxBytes: source.maxBytes })).bytes;
}
