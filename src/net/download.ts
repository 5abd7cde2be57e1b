import { type Agent, type Dispatcher, request } from 'undici';
import { classifyOutboundError, readCapped, TooLargeError } from './outbound.js';

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export type DownloadFailure = 'badUrl' | 'refused' | 'timeout' | 'tooLarge' | 'httpError' | 'unreachable' | 'empty';

/** A failed download, with the reason callers map to their own family's codes. */
export class DownloadError extends Error {
  constructor(readonly reason: DownloadFailure) {
    super(`download failed: ${reason}`);
  }
}

/** An absolute http(s) URL with a host and no credentials, or DownloadError('badUrl'). */
export function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DownloadError('badUrl');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) {
    throw new DownloadError('badUrl');
  }
  return url;
}

/**
 * Downloads a file with a size cap, an overall time limit and re-checked redirects, through a guarded agent
 * (createGuardedAgent): every hop's address is checked where it is connected to.
 */
export async function download(
  agent: Agent,
  value: string,
  limits: DownloadLimits,
): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const fail = (error: unknown): DownloadError => {
    if (error instanceof DownloadError) return error;
    if (error instanceof TooLargeError) return new DownloadError('tooLarge');
    const reason = classifyOutboundError(error);
    return new DownloadError(signal.aborted ? 'timeout' : reason);
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
      if (redirects >= limits.maxRedirects) throw new DownloadError('httpError');
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (status < 200 || status >= 300) {
      await response.body.dump();
      throw new DownloadError('httpError');
    }
    if (Number(response.headers['content-length'] ?? NaN) > limits.maxBytes) {
      response.body.on('error', () => undefined);
      response.body.destroy();
      throw new DownloadError('tooLarge');
    }
    let bytes: Buffer;
    try {
      bytes = await readCapped(response.body, limits.maxBytes);
    } catch (error) {
      throw fail(error);
    }
    if (bytes.length === 0) throw new DownloadError('empty');
    const contentType = response.headers['content-type'];
    return { bytes, contentType: typeof contentType === 'string' ? contentType : undefined };
  }
}
