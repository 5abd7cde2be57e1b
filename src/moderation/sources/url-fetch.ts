import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { isPublicAddress } from '../../gateway/address-guard.js';
import { ApiError } from '../../errors/api-error.js';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** Allow loopback, private, link-local and other non-public addresses (off by default: no SSRF). */
  allowPrivateAddresses: boolean;
}

/**
 * Resolves the host once, refuses it if any address is not public (ModelArts.4601), and connects to exactly the
 * address that was checked, so that a DNS answer cannot change between the check and the connection.
 */
async function resolveAllowed(hostname: string, limits: FetchLimits): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await lookup(host, { all: true });
  } catch {
    throw new ApiError('AIS.0029');
  }
  if (addresses.length === 0) throw new ApiError('AIS.0029');
  if (!limits.allowPrivateAddresses && addresses.some((a) => !isPublicAddress(a.address))) throw new ApiError('ModelArts.4601');
  return addresses[0]!;
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
 * Downloads a file from the Internet with a size cap, an overall time limit and re-checked redirects.
 * Errors: AIS.0022 bad URL; ModelArts.4601 refused address; AIS.0029 unreachable or HTTP error;
 * ModelArts.4603 time limit or size cap exceeded.
 */
export async function fetchUrl(value: string, limits: FetchLimits): Promise<{ bytes: Buffer; contentType: string | undefined }> {
  const deadline = Date.now() + limits.timeoutMs;
  let url = parseHttpUrl(value);
  for (let redirects = 0; ; redirects++) {
    const target = await resolveAllowed(url.hostname, limits);
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.get(url, { lookup: pinned, timeout: Math.max(1, deadline - Date.now()), headers: { 'user-agent': 'aisp-moderation/1' } }, resolve);
      req.on('timeout', () => req.destroy(new ApiError('ModelArts.4603')));
      req.on('error', (error) => reject(error instanceof ApiError ? error : new ApiError('AIS.0029')));
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects >= limits.maxRedirects) throw new ApiError('AIS.0029');
      url = parseHttpUrl(new URL(response.headers.location, url).toString());
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new ApiError('AIS.0029');
    }
    const declared = Number(response.headers['content-length'] ?? NaN);
    if (declared > limits.maxBytes) {
      response.destroy();
      throw new ApiError('ModelArts.4603');
    }
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const timer = setTimeout(() => response.destroy(new ApiError('ModelArts.4603')), Math.max(1, deadline - Date.now()));
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) response.destroy(new ApiError('ModelArts.4603'));
        else chunks.push(chunk);
      });
      response.on('end', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
      response.on('error', (error) => { clearTimeout(timer); reject(error instanceof ApiError ? error : new ApiError('AIS.0029')); });
      response.on('close', () => { clearTimeout(timer); if (!response.complete) reject(new ApiError('ModelArts.4603')); });
    });
    if (bytes.length === 0) throw new ApiError('AIS.0029');
    return { bytes, contentType: response.headers['content-type'] };
  }
}
