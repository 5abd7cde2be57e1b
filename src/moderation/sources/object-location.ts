import { OutboundFailure } from '../../net/outbound-failure.js';

/** A bucket and a decoded object key, checked by parseObjectLocation. */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

const schemeForm = /^(obs|s3):\/\/([^/]*)\/?(.*)$/is;
/** The cloud's virtual-host form: https://bucket.obs.REGION.myhuaweicloud.com/key */
const hostedForm = /^https:\/\/([^./]+)\.obs\.[a-z0-9-]+\.myhuaweicloud\.com\/?(.*)$/is;
const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** S3 keys are at most 1024 bytes of UTF-8. */
const maxKeyBytes = 1024;

/** The one test of whether a URL names object storage (even a malformed one, which then answers ModelArts.4703). */
export function isObjectStorageUrl(url: string): boolean {
  return /^(obs|s3):/i.test(url) || hostedForm.test(url);
}

export function isBucketName(value: string): boolean {
  return bucketPattern.test(value);
}

/**
 * Whether a key or prefix could mean another path than it says. Stores that map keys to file paths (MinIO in
 * filesystem mode, s3rver, gateways in front of disks) resolve `..` and `.` segments, a leading `/`, empty segments
 * and backslashes, so a key that looks inside a granted prefix could read outside it; control characters have no
 * business in a key either. Such keys and prefixes are refused, never normalised.
 */
export function isUnsafeKey(value: string): boolean {
  return (
    value.startsWith('/') ||
    value.includes('//') ||
    value.includes('\\') ||
    /[\u0000-\u001f\u007f]/.test(value) ||
    value.split('/').some((segment) => segment === '.' || segment === '..') ||
    Buffer.byteLength(value) > maxKeyBytes
  );
}

/**
 * Parses obs://bucket/key, s3://bucket/key and the cloud's https://bucket.obs.REGION.myhuaweicloud.com/key.
 * OutboundFailure('badUrl') (ModelArts.4703) for anything malformed: not one of these forms, a bad bucket name, no
 * key or a folder (trailing `/`), bad percent-encoding (never a URIError), or a decoded key that could leave a prefix
 * (isUnsafeKey).
 */
export function parseObjectLocation(url: string): ObjectLocation {
  const [bucket, encodedKey] = splitObjectUrl(url) ?? [];
  if (bucket === undefined || encodedKey === undefined || !isBucketName(bucket)) throw new OutboundFailure('badUrl');
  let key: string;
  try {
    key = decodeURIComponent(encodedKey);
  } catch {
    throw new OutboundFailure('badUrl');
  }
  if (key === '' || key.endsWith('/') || isUnsafeKey(key)) throw new OutboundFailure('badUrl');
  return { bucket, key };
}

/** The bucket and the still percent-encoded key of an object-storage URL. */
function splitObjectUrl(url: string): [string, string] | undefined {
  const scheme = schemeForm.exec(url);
  if (scheme) return [scheme[2]!, scheme[3]!];
  const hosted = hostedForm.exec(url);
  if (hosted) return [hosted[1]!, hosted[2]!];
  return undefined;
}
