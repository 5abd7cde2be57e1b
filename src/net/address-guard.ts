import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Outbound connections to addresses taken from users (image URLs, model servers, callbacks) go only to ordinary public
 * unicast addresses unless configured otherwise: no loopback, private, link-local, unique-local, multicast or
 * reserved ranges (no SSRF).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

export class RefusedAddressError extends Error {}

/** A literal IP host that is not public (host names are checked when they resolve, by guardedLookup). */
export function isRefusedLiteral(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(host) && !isPublicAddress(host);
}

/**
 * A DNS lookup for outbound connections that refuses non-public addresses. The connection is made to the address it
 * returns, so the address checked is the address used: a DNS answer cannot be switched in between.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as { address: string; family: number }[];
      if (!allowPrivate && list.some((a) => !isPublicAddress(a.address))) {
        return callback(new RefusedAddressError(`refused address for ${hostname}`));
      }
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as LookupFunction;
}
