import ipaddr from 'ipaddr.js';

/** An allowlist entry as a range of IPv4 addresses (as 32-bit numbers, inclusive). */
type Range = readonly [start: number, end: number];

function ipv4Number(text: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return ipaddr.IPv4.parse(text).octets.reduce((n, octet) => n * 256 + octet, 0);
}

/**
 * One entry of an API key's `ip_whitelist`: an IPv4 address, a range `a.b.c.d-a.b.c.e` (start not after end) or a
 * CIDR block `a.b.c.d/n`; octets 0-255 in plain decimal. Undefined when the entry is none of these.
 */
export function parseAllowlistEntry(entry: string): Range | undefined {
  const dash = entry.split('-');
  if (dash.length === 2) {
    const start = ipv4Number(dash[0]!);
    const end = ipv4Number(dash[1]!);
    return start !== undefined && end !== undefined && start <= end ? [start, end] : undefined;
  }
  const slash = entry.split('/');
  if (slash.length === 2) {
    const base = ipv4Number(slash[0]!);
    if (base === undefined || !/^\d{1,2}$/.test(slash[1]!) || Number(slash[1]) > 32) return undefined;
    const size = 2 ** (32 - Number(slash[1]));
    const start = Math.floor(base / size) * size;
    return [start, start + size - 1];
  }
  const single = ipv4Number(entry);
  return single === undefined ? undefined : [single, single];
}

/** A client address as an IPv4 number (IPv4-mapped IPv6 included); undefined for other IPv6 addresses. */
function clientNumber(address: string): number | undefined {
  if (!ipaddr.isValid(address)) return undefined;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (!v6.isIPv4MappedAddress()) return undefined;
    parsed = v6.toIPv4Address();
  }
  return (parsed as ipaddr.IPv4).octets.reduce((n, octet) => n * 256 + octet, 0);
}

/** A compiled allowlist: whether a client address is in any of its entries. */
export class IpAllowlist {
  private readonly ranges: Range[];

  constructor(entries: readonly string[]) {
    this.ranges = entries.map((e) => parseAllowlistEntry(e)).filter((r): r is Range => r !== undefined);
  }

  allows(address: string): boolean {
    const n = clientNumber(address);
    return n !== undefined && this.ranges.some(([start, end]) => n >= start && n <= end);
  }
}
