import { formatOfParser } from '../errors/schema-check.js';
import { invalid } from './validation.js';

/**
 * The base URL of an OpenAI-compatible server (requests go to `${base}/chat/completions` and so on): absolute http
 * or https, without credentials (an upstream's key is a separate, sealed setting), without a trailing slash.
 */
export function parseUpstreamUrl(value: string, field = 'upstream_url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, 'must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalid(field, 'must be an absolute http or https URL');
  if (url.username || url.password) throw invalid(field, 'must not carry credentials');
  if (url.search || url.hash) throw invalid(field, 'must not carry a query or fragment');
  return url.toString().replace(/\/$/, '');
}

/** The schemas' `upstream-url` format: a value parseUpstreamUrl takes (its wordings answer the failures). */
formatOfParser('upstream-url', parseUpstreamUrl);
