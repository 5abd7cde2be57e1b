import { lookup as dnsLookup } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
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

/**
 * For checks when a tenant names a host to be connected to later (a store endpoint saved with its settings): true
 * when the host is a refused literal address or a name that resolves to any non-public address now. A name that does
 * not resolve is not refused here; connections check again where they are made (guardedLookup), so this check only
 * gives an early, clear answer and is not what keeps private networks out.
 */
export async function isRefusedHost(hostname: string): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return !isPublicAddress(host);
  const addresses = await dnsLookupAll(host, { all: true }).catch(() => []);
  return addresses.some((a) => !isPublicAddress(a.address));
}
