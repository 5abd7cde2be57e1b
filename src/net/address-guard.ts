import { lookup as dnsLookup } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { OutboundFailure } from './outbound-failure.js';

/**
 * Which addresses outbound connections taken from users (image URLs, streams, model servers, callbacks) may reach:
 * ordinary public unicast addresses, plus what the operator allows. No loopback, private, link-local, unique-local,
 * multicast or reserved ranges (no SSRF), and no IPv6 address that embeds such an IPv4 address.
 */
export interface AddressPolicy {
  /** Allow loopback, private, link-local and every other non-public address. */
  allowPrivate: boolean;
  /** Ranges allowed even when private addresses are refused (CIDR, or one address), e.g. `127.0.0.1/32`. */
  allowedRanges: string[];
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** A CIDR range, or a single address as its /32 or /128; throws naming the value when it is neither. */
export function parseAddressRange(value: string): Range {
  const text = value.trim();
  if (ipaddr.isValidCIDR(text)) return ipaddr.parseCIDR(text);
  if (ipaddr.isValid(text)) {
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  throw new Error(`not an address range: "${value}"`);
}

const parsedRanges = new Map<string, Range>();

function inRanges(address: Address, ranges: string[]): boolean {
  return ranges.some((text) => {
    let range = parsedRanges.get(text);
    if (!range) parsedRanges.set(text, (range = parseAddressRange(text)));
    return address.kind() === range[0].kind() && address.match(range);
  });
}

const ipv4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 addresses an IPv6 address carries inside it, in the forms that translate or tunnel to them: IPv4-mapped
 * (::ffff:a.b.c.d), SIIT (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and
 * Teredo (2001:0::/32: the server, and the client stored XOR-ed). Undefined for an address of none of these forms.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] | undefined {
  const p = address.parts;
  const zero = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  if (zero(0, 5) && p[5] === 0xffff) return [ipv4(p[6]!, p[7]!)];
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return [ipv4(p[6]!, p[7]!)];
  if (zero(0, 6)) return [ipv4(p[6]!, p[7]!)];
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(2, 6)) return [ipv4(p[6]!, p[7]!)];
  if (p[0] === 0x2002) return [ipv4(p[1]!, p[2]!)];
  if (p[0] === 0x2001 && p[1] === 0) return [ipv4(p[2]!, p[3]!), ipv4(~p[6]! & 0xffff, ~p[7]! & 0xffff)];
  return undefined;
}

const globalUnicast = ipaddr.parseCIDR('2000::/3');

/** An ordinary public unicast address (for IPv6 forms that embed IPv4 addresses: when all of those are public). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) return embedded.every((v4) => v4.range() === 'unicast');
  // Only 2000::/3 is routed globally; ipaddr.js names the special ranges inside it (documentation, ORCHID...).
  return v6.match(globalUnicast) && v6.range() === 'unicast';
}

/** Whether a connection may go to this address under the policy. */
export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  if (policy.allowPrivate) return true;
  const parsed = ipaddr.parse(address);
  // ::ffff:a.b.c.d is the same destination as a.b.c.d, so an allowed IPv4 range covers it.
  const v4 =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : undefined;
  if (inRanges(parsed, policy.allowedRanges) || (v4 && inRanges(v4, policy.allowedRanges))) return true;
  return isPublicAddress(address);
}

/** A URL's hostname without the brackets an IPv6 literal has there (`[::1]` is `::1`); a name as it is. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** A literal IP host that the policy refuses (host names are checked when they resolve, by guardedLookup). */
export function isRefusedLiteral(hostname: string, policy: AddressPolicy): boolean {
  const host = bareHost(hostname);
  return ipaddr.isValid(host) && !isAllowedAddress(host, policy);
}

/**
 * A DNS lookup for outbound connections that refuses a name when any of its addresses is refused. The connection is
 * made to the address it returns, so the address checked is the address used: a DNS answer cannot be switched in
 * between.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = addresses as { address: string; family: number }[];
      if (list.length === 0 || list.some((a) => !isAllowedAddress(a.address, policy))) {
        return callback(new OutboundFailure('refused', hostname));
      }
      if (options.all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  }) as unknown as LookupFunction;
}

/**
 * For checks when a tenant names a host to be connected to later (a store endpoint saved with its settings, a live
 * stream's URL): throws OutboundFailure('refused') when the host is a refused literal address or a name that resolves
 * to any address the policy refuses now. A name that does not resolve passes, unless `mustResolve` (then
 * OutboundFailure('unresolved')). Connections check again where they are made (guardedLookup), so this check only
 * gives an early, clear answer and is not what keeps private networks out.
 */
export async function checkHostNow(
  hostname: string,
  policy: AddressPolicy,
  options: { mustResolve: boolean },
): Promise<void> {
  // Every address is allowed: nothing to look up (and a name that does not resolve now may resolve later).
  if (policy.allowPrivate) return;
  const host = bareHost(hostname);
  let addresses: { address: string }[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host }];
  } else {
    try {
      addresses = await dnsLookupAll(host, { all: true });
    } catch {
      if (options.mustResolve) throw new OutboundFailure('unresolved', host);
      return;
    }
  }
  if (addresses.some((a) => !isAllowedAddress(a.address, policy))) throw new OutboundFailure('refused', host);
}
