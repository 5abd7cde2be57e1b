import { type Agent, type Dispatcher, request } from 'undici';
import { outboundFailureOf, readCapped, TooLargeError } from './outbound.js';
import { OutboundFailure } from './outbound-failure.js';
import { readHttpUrl } from './url.js';

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

/**
 * An absolute http(s) URL with a host and no credentials, or OutboundFailure('badUrl'). A redirect to anything else
 * is 'badRedirect' (the URL given was fine, the download failed).
 */
export function parseHttpUrl(value: string): URL {
  const result = readHttpUrl(value);
  if (!result.ok) throw new OutboundFailure('badUrl');
  return result.url;
}

/**
 * Downloads a file with a size cap, an overall time limit and re-checked redirects, through a guarded agent
 * (createGuardedAgent): every hop's address is checked where it is connected to. Fails with OutboundFailure:
 * badUrl, badRedirect, refused, timeout, tooLarge, httpError (a status other than 2xx, too many redirects),
 * unreachable or empty.
 */
export async function download(
  agent: Agent,
  value: string,
  limits: DownloadLimits,
): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const fail = (error: unknown): OutboundFailure => {
    if (error instanceof TooLargeError) return error;
    // The overall time limit aborts the request, which undici reports as an abort, not as one of its timeouts.
    return signal.aborted ? new OutboundFailure('timeout') : outboundFailureOf(error);
  };
  let url = parseHttpUrl(value);
  for (let redirects = 0; ; redirects++) {
    let response: Dispatcher.ResponseData;
    try {
      // reset: one connection per download, so that no idle connection outlives it.
      response = await request(url, {
        dispatcher: agent,
        signal,
        reset: true,
        headers: { 'user-agent': 'aisp-moderation/1' },
      });
    } catch (error) {
      throw fail(error);
    }
    const status = response.statusCode;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && typeof location === 'string') {
      await response.body.dump();
      if (redirects >= limits.maxRedirects) throw new OutboundFailure('httpError');
      // The Location is the remote server's, resolved against the URL it answered for; whatever it holds is a
      // failed download, never an exception out of here.
      const next = readHttpUrl(location, url);
      if (!next.ok) throw new OutboundFailure('badRedirect');
      url = next.url;
      continue;
    }
    if (status < 200 || status >= 300) {
      await response.body.dump();
      throw new OutboundFailure('httpError');
    }
    if (Number(response.headers['content-length'] ?? NaN) > limits.maxBytes) {
      response.body.on('error', () => undefined);
      response.body.destroy();
      throw new OutboundFailure('tooLarge');
    }
    let bytes: Buffer;
    try {
      bytes = await readCapped(response.body, limits.maxBytes);
    } catch (error) {
      throw fail(error);
    }
    if (bytes.length === 0) throw new OutboundFailure('empty');
    const contentType = response.headers['content-type'];
    return { bytes, contentType: typeof contentType === 'string' ? contentType : undefined };
  }
}
