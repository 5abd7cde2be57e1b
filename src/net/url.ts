/**
 * The one place where a URL that came from outside is parsed: a request field, a redirect's `Location`, a webpage's
 * `src`, an HLS playlist's URI, a callback or a store endpoint. `new URL` throws a bare TypeError on malformed input
 * (`http://[::1`, `http://`, `//[`), and one that escapes a caller's own error handling turns a bad answer from a
 * remote server into an internal error (AIS.0405) or fails a whole batch or job; here it is a typed result instead.
 */

/** Why a URL was not taken: it does not parse, or it is not an http(s) URL this platform connects to. */
export type UrlFailure = 'malformed' | 'notHttp';

export type UrlResult = { ok: true; url: URL } | { ok: false; failure: UrlFailure };

/** `value` parsed as a URL (resolved against `base` when given, as a browser resolves a link); never throws. */
export function readUrl(value: string, base?: URL | string): UrlResult {
  try {
    return { ok: true, url: base === undefined ? new URL(value) : new URL(value, base) };
  } catch {
    return { ok: false, failure: 'malformed' };
  }
}

/**
 * `value` as an absolute http(s) URL with a host and no credentials (credentials would travel to whatever the URL
 * names, and are never a tenant's to send from here); never throws.
 */
export function readHttpUrl(value: string, base?: URL | string): UrlResult {
  const result = readUrl(value, base);
  if (!result.ok) return result;
  const { url } = result;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) {
    return { ok: false, failure: 'notHttp' };
  }
  return result;
}
