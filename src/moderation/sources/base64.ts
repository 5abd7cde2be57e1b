import { ApiError } from '../../errors/api-error.js';

const base64Body = /^[A-Za-z0-9+/]*={0,2}$/;
const base64UrlBody = /^[A-Za-z0-9_-]*={0,2}$/;

/** Decodes inline base64 (standard or URL-safe, optional data: prefix, line breaks allowed); AIS.0015 otherwise. */
export function decodeBase64(value: string): Buffer {
  const stripped = value.replace(/^data:[\w/+.-]+;base64,/, '').replace(/[\r\n\t ]/g, '');
  const valid =
    stripped.length > 0 && stripped.length % 4 !== 1 && (base64Body.test(stripped) || base64UrlBody.test(stripped));
  if (!valid) throw new ApiError('AIS.0015');
  const bytes = Buffer.from(stripped, base64Body.test(stripped) ? 'base64' : 'base64url');
  if (bytes.length === 0) throw new ApiError('AIS.0015');
  return bytes;
}
