import { createHash } from 'node:crypto';
import querystring from 'node:querystring';
import { hmacSha256, safeEqual } from './crypto.js';

/**
 * The public cloud's APIG request signing, `SDK-HMAC-SHA256`, implemented to match its SDK signers byte for byte:
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac_sha256(SK, StringToSign))
 *   Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=...
 *
 * CanonicalURI re-encodes each segment of the path (only A-Z a-z 0-9 - _ . ~ left bare) and always ends in "/";
 * CanonicalQuery encodes the parameters the same way, sorted. Both are built from what the server reads of the
 * request target (its split, its segments, its query parser), so that a target the server reads differently does
 * not carry the same signature; the one exception is a trailing "/", which no signer of the cloud covers.
 * CanonicalHeaders lists each signed header as `name:trimmed-value\n`, so a blank line precedes the list of
 * signed headers. This module is used by the gateway to verify and by the tests and benchmarks to sign.
 */
export const signingAlgorithm = 'SDK-HMAC-SHA256';
const unsignedPayload = 'UNSIGNED-PAYLOAD';

function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // Not valid percent-encoding: the router refuses such a path anyway; the signature covers it as sent.
    return value;
  }
}

/**
 * The SDK signers' canonical URI: each path segment URI-encoded, ending in "/". Segments are split on the raw path
 * before decoding, as the router splits them, so that `a%2Fb` (one segment to the server) never signs as `a/b` (two).
 * A trailing "/" is what every signer of the cloud adds, so `/p` and `/p/` sign alike there and here.
 */
export function canonicalUri(path: string): string {
  const encoded = path
    .split('/')
    .map((segment) => encodeComponent(decodeSegment(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

/**
 * The SDK signers' canonical query (keys sorted, each value of a key sorted, `key=value` URI-encoded, joined by "&"),
 * built from the parameters as the server reads them: Node's querystring, the parser behind the gateway's
 * parseQueryString, for which "+" is a space and a pair with an empty name is a parameter. So a signature over
 * `name=a%2Bb` ("a+b") does not cover `name=a+b` ("a b"), nor `&=junk` an extra parameter.
 */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const params = querystring.parse(rawQuery);
  const parts: string[] = [];
  for (const key of Object.keys(params).sort()) {
    const value = params[key]!;
    for (const each of Array.isArray(value) ? [...value].sort() : [value]) {
      parts.push(`${encodeComponent(key)}=${encodeComponent(each)}`);
    }
  }
  return parts.join('&');
}

/**
 * A request target's path and query, split where the router splits it (find-my-way: at the first "?" or "#"), so
 * that the signature covers the path and the query the server goes on to read.
 */
function splitTarget(url: string): [path: string, query: string] {
  const question = url.indexOf('?', 1);
  const hash = url.indexOf('#', 1);
  const cut = question < 0 ? hash : hash < 0 ? question : Math.min(question, hash);
  return cut < 0 ? [url, ''] : [url.slice(0, cut), url.slice(cut + 1)];
}

export interface SignableRequest {
  method: string;
  /** Path with query string, as sent on the request line. */
  url: string;
  /** Header names in any case. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | string;
}

function lowerCaseHeaders(headers: SignableRequest['headers']): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(name.toLowerCase(), Array.isArray(value) ? value.join(',') : value);
  }
  return map;
}

export function stringToSign(request: SignableRequest, signedHeaders: readonly string[], sdkDate: string): string {
  const headers = lowerCaseHeaders(request.headers);
  const [path, query] = splitTarget(request.url);
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(headers.get(name) ?? '').trim()}\n`).join('');
  const payloadHash = headers.get('x-sdk-content-sha256') ?? createHash('sha256').update(request.body).digest('hex');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  return `${signingAlgorithm}\n${sdkDate}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
}

export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function parseSdkDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const time = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(time) ? undefined : time;
}

/** Signs a request the way the SDK does: adds X-Sdk-Date (and host when given) and the Authorization header. */
export function signRequest(
  request: SignableRequest & { host?: string },
  accessKey: string,
  secretKey: string,
  now = new Date(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of lowerCaseHeaders(request.headers)) headers[k] = v;
  headers['x-sdk-date'] ??= formatSdkDate(now);
  if (request.host && !headers.host) headers.host = request.host;
  const signedHeaders = Object.keys(headers).sort();
  const signature = hmacSha256(
    secretKey,
    stringToSign({ ...request, headers }, signedHeaders, headers['x-sdk-date']),
  ).toString('hex');
  headers.authorization = `${signingAlgorithm} Access=${accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return headers;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  if (!value.startsWith(signingAlgorithm + ' ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(signingAlgorithm.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKey || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  return { accessKey, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

/**
 * What can be checked on the headers alone, before the body is read: `host` and `X-Sdk-Date` are signed, every signed
 * header is present, the date is within `maxSkewMs` of now (a captured request can be replayed only inside that
 * window), and a payload hash header, when sent, is signed too.
 */
export function checkSignedHeaders(
  headers: SignableRequest['headers'],
  auth: ParsedAuthorization,
  maxSkewMs: number,
  now = Date.now(),
): boolean {
  const present = lowerCaseHeaders(headers);
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-sdk-date')) return false;
  if (!auth.signedHeaders.every((name) => present.has(name))) return false;
  const signedAt = parseSdkDate(present.get('x-sdk-date')!);
  if (signedAt === undefined || Math.abs(now - signedAt) > maxSkewMs) return false;
  return !present.has('x-sdk-content-sha256') || auth.signedHeaders.includes('x-sdk-content-sha256');
}

/**
 * Checks a signature over the whole request, body included (after checkSignedHeaders; the caller has found the
 * secret key for the access key). A payload hash header must be the body's hash; UNSIGNED-PAYLOAD is accepted only
 * for an empty body, since every API here takes JSON that the signature must cover.
 */
export function verifySignature(request: SignableRequest, auth: ParsedAuthorization, secretKey: string): boolean {
  const headers = lowerCaseHeaders(request.headers);
  const declaredHash = headers.get('x-sdk-content-sha256');
  if (declaredHash !== undefined) {
    const emptyBody = request.body.length === 0;
    const matches =
      declaredHash === unsignedPayload
        ? emptyBody
        : declaredHash === createHash('sha256').update(request.body).digest('hex');
    if (!matches) return false;
  }
  const expected = hmacSha256(secretKey, stringToSign(request, auth.signedHeaders, headers.get('x-sdk-date') ?? ''));
  return safeEqual(expected.toString('hex'), auth.signature);
}
