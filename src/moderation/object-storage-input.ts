import { ApiError } from '../errors/api-error.js';
import { readUrl } from '../net/url.js';
import { isBucketName, isUnsafeKey } from './sources/object-location.js';
import type { BucketPrefix, ProjectStore } from './sources/object-storage-access.js';

/** How an API family answers a bad field: the operator API names it (IAM.0002), moderation has three codes. */
export interface InputErrors {
  missing(field: string): ApiError;
  wrong(field: string): ApiError;
  unsupported(field: string): ApiError;
}

export const operatorInputErrors: InputErrors = {
  missing: (field) => new ApiError('IAM.0002', field),
  wrong: (field) => new ApiError('IAM.0002', field),
  unsupported: (field) => new ApiError('IAM.0002', field),
};

export const moderationInputErrors: InputErrors = {
  missing: () => new ApiError('AIS.0011'),
  wrong: () => new ApiError('AIS.0401'),
  unsupported: () => new ApiError('AIS.0012'),
};

const maxBuckets = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseUnknownFields(value: Record<string, unknown>, known: string[], at: string, errors: InputErrors): void {
  const unknown = Object.keys(value).find((field) => !known.includes(field));
  if (unknown !== undefined) throw errors.unsupported(`${at}${unknown}`);
}

/**
 * A list of `{bucket, prefix}` (at most 100, duplicates dropped). Prefixes follow the rules of keys (no `..` or `.`
 * segments, leading `/`, `//`, backslashes or control characters), so that what a prefix covers is what it says.
 * `prefixRequired`: the operator names every prefix ('' for a whole bucket), so that a forgotten prefix never grants
 * a whole bucket; a project's own store may leave it out for the whole bucket.
 */
export function bucketPrefixesFrom(
  value: unknown,
  errors: InputErrors,
  options: { prefixRequired: boolean; allowEmpty: boolean },
): BucketPrefix[] {
  if (value === undefined || value === null) throw errors.missing('buckets');
  if (!Array.isArray(value) || value.length > maxBuckets) throw errors.wrong('buckets');
  if (value.length === 0 && !options.allowEmpty) throw errors.missing('buckets');
  const list: BucketPrefix[] = [];
  value.forEach((item: unknown, i) => {
    const at = `buckets[${i}]`;
    if (!isObject(item)) throw errors.wrong(at);
    refuseUnknownFields(item, ['bucket', 'prefix'], `${at}.`, errors);
    if (item.bucket === undefined || item.bucket === null || item.bucket === '') throw errors.missing(`${at}.bucket`);
    if (typeof item.bucket !== 'string' || !isBucketName(item.bucket)) throw errors.wrong(`${at}.bucket`);
    if (item.prefix === undefined || item.prefix === null) {
      if (options.prefixRequired) throw errors.missing(`${at}.prefix`);
    } else if (typeof item.prefix !== 'string' || isUnsafeKey(item.prefix)) {
      throw errors.wrong(`${at}.prefix`);
    }
    const entry = { bucket: item.bucket, prefix: (item.prefix as string | undefined) ?? '' };
    if (!list.some((b) => b.bucket === entry.bucket && b.prefix === entry.prefix)) list.push(entry);
  });
  return list;
}

function requiredText(value: unknown, field: string, maxLength: number, errors: InputErrors): string {
  if (value === undefined || value === null || value === '') throw errors.missing(field);
  if (typeof value !== 'string' || value.length > maxLength || /[\s\u0000-\u001f\u007f]/.test(value))
    throw errors.wrong(field);
  return value;
}

/**
 * An own store's endpoint: an http(s) origin, no credentials, path, query or fragment (AIS.0401), another scheme
 * AIS.0012. Plain http is allowed for stores on one's own network; requests are signed (SigV4), so the secret key
 * itself never travels.
 */
function storeEndpointFrom(value: unknown, errors: InputErrors): URL {
  const text = requiredText(value, 'endpoint', 2048, errors);
  const parsed = readUrl(text);
  if (!parsed.ok) throw errors.wrong('endpoint');
  const url = parsed.url;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw errors.unsupported('endpoint');
  if (!url.hostname || url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw errors.wrong('endpoint');
  return url;
}

/** The body of PUT /v3/{project_id}/moderation/object-storage; the endpoint's address is checked by the route. */
export function projectStoreFrom(
  body: Record<string, unknown>,
  errors: InputErrors,
): Omit<ProjectStore, 'updatedAt'> & { endpointUrl: URL } {
  refuseUnknownFields(body, ['endpoint', 'region', 'access_key', 'secret_key', 'path_style', 'buckets'], '', errors);
  const endpointUrl = storeEndpointFrom(body.endpoint, errors);
  const region = body.region ?? 'us-east-1';
  if (typeof region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(region)) throw errors.wrong('region');
  const accessKey = requiredText(body.access_key, 'access_key', 256, errors);
  const secretKey = requiredText(body.secret_key, 'secret_key', 1024, errors);
  const pathStyle = body.path_style ?? true;
  if (typeof pathStyle !== 'boolean') throw errors.wrong('path_style');
  const buckets = bucketPrefixesFrom(body.buckets, errors, { prefixRequired: false, allowEmpty: false });
  return { endpoint: endpointUrl.origin, endpointUrl, region, accessKey, secretKey, pathStyle, buckets };
}
