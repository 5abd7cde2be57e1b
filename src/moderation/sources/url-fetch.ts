import { Agent, type Dispatcher, errors, request } from 'undici';
import { guardedLookup, isRefusedLiteral, RefusedAddressError } from '../../gateway/address-guard.js';
import { ApiError } from '../../errors/api-error.js';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Allow loopback, private, link-local and other non-public addresses (off by default: no SSRF). */
  allowPrivateAddresses: boolean;
}

const agents = new Map<boolean, Agent>();

/** One connection pool per setting; every connection resolves through the address guard. */
function agentFor(allowPrivate: boolean): Agent {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: { timeout: 5000, lookup: guardedLookup(allowPrivate) } as never });
    agents.set(allowPrivate, agent);
  }
  return agent;
}

function downloadError(error: unknown, signal: AbortSignal): ApiError {
  if (error instanceof ApiError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  if (error instanceof RefusedAddressError || cause instanceof RefusedAddressError)
    return new ApiError('ModelArts.4601');
  if (signal.aborted || error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError)
    return new ApiError('ModelArts.4603');
  return new ApiError('AIS.0029');
}

export function parseHttpUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError('AIS.0022');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) {
    throw new ApiError('AIS.0022');
  }
  return url;
}

/**
 * Downloads a file from the Internet with a size cap, an overall time limit and re-checked redirects. Connections go
 * through the address guard (gateway/address-guard.ts): the address checked is the address connected to.
 * Errors: AIS.0022 bad URL; ModelArts.4601 refused address; AIS.0029 unreachable or HTTP error;
 * ModelArts.4603 time limit or size cap exceeded.
 */
export async function fetchUrl(
  value: string,
  limits: FetchLimits,
): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = parseHttpUrl(value);
  for (let redirects = 0; ; redirects++) {
    if (!limits.allowPrivateAddresses && isRefusedLiteral(url.hostname)) throw new ApiError('ModelArts.4601');
    let response: Dispatcher.ResponseData;
    try {
      // reset: one connection per download, so that no idle connection outlives it.
      response = await request(url, {
        dispatcher: agentFor(limits.allowPrivateAddresses),
        signal,
        reset: true,
        headers: { 'user-agent': 'aisp-moderation/1' },
      });
    } catch (error) {
      throw downloadError(error, signal);
    }
    const status = response.statusCode;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && typeof location === 'string') {
      await response.body.dump();
      if (redirects >= limits.maxRedirects) throw new ApiError('AIS.0029');
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (status < 200 || status >= 300) {
      await response.body.dump();
      throw new ApiError('AIS.0029');
    }
    // An abandoned body reports its abort as an error event; nobody is listening for it any more.
    response.body.on('error', () => undefined);
    if (Number(response.headers['content-length'] ?? NaN) > limits.maxBytes) {
      response.body.destroy();
      throw new ApiError('ModelArts.4603');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > limits.maxBytes) {
          response.body.destroy();
          throw new ApiError('ModelArts.4603');
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      throw downloadError(error, signal);
    }
    if (size === 0) throw new ApiError('AIS.0029');
    const contentType = response.headers['content-type'];
    return { bytes: Buffer.concat(chunks), contentType: typeof contentType === 'string' ? contentType : undefined };
  }
}
