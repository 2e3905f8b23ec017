import ipaddr from 'ipaddr.js';

/**
 * Which addresses a provider call may connect to. Pure functions, no I/O: the outbound client (client.ts) calls them
 * with the address DNS gave for the connection it is about to open.
 *
 * Only globally routable unicast is allowed by default. Everything ipaddr.js does not class as `unicast` is refused:
 * loopback, RFC 1918, link-local (169.254.169.254 among them), CGNAT 100.64/10, 0.0.0.0/8, multicast, broadcast and
 * reserved ranges, IPv6 loopback/unspecified/ULA/link-local/site-local, and the IPv6 forms that embed an IPv4 address
 * (NAT64, 6to4, Teredo). An IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
export type AddressClass = 'public' | 'blocked' | 'invalid';

function normalised(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // Only canonical dotted-quad and IPv6 text: a resolver never answers "0x7f.1", and such a string must not pass.
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const zoneless = bare.split('%')[0]!;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(zoneless)) parsed = ipaddr.IPv4.parse(zoneless);
  else if (ipaddr.IPv6.isValid(zoneless)) parsed = ipaddr.IPv6.parse(zoneless);
  else return undefined;
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

export function classifyAddress(address: string): AddressClass {
  const ip = normalised(address);
  if (!ip) return 'invalid';
  return ip.range() === 'unicast' ? 'public' : 'blocked';
}

/** `PROVIDER_EGRESS_ALLOW`, parsed: CIDRs (or single addresses) and hostnames (`*.corp.example` for a whole domain). */
export interface EgressAllowList {
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  hosts: string[];
}

export const EMPTY_ALLOW_LIST: EgressAllowList = { cidrs: [], hosts: [] };

const HOSTNAME = /^(\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Throws naming the bad entry (entries are not secret). */
export function parseAllowList(value: string | undefined): EgressAllowList {
  const list: EgressAllowList = { cidrs: [], hosts: [] };
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry.includes('/')) {
      const [addr, bits] = entry.split('/') as [string, string];
      const ip = normalised(addr);
      const prefix = Number(bits);
      const max = ip?.kind() === 'ipv4' ? 32 : 128;
      if (!ip || !/^\d{1,3}$/.test(bits) || prefix > max) throw new Error(`"${entry}" is not a CIDR`);
      list.cidrs.push([ip, prefix]);
    } else if (normalised(entry)) {
      const ip = normalised(entry)!;
      list.cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOSTNAME.test(entry)) {
      list.hosts.push(entry);
    } else {
      throw new Error(`"${entry}" is neither a CIDR nor a hostname`);
    }
  }
  return list;
}

function hostAllowed(hostname: string, list: EgressAllowList): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return list.hosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h));
}

/**
 * May a connection to `address` (what DNS answered for `hostname`) be opened? Public addresses always; a private one
 * only when its CIDR or the hostname is on the allow list.
 */
export function egressAllowed(hostname: string, address: string, list: EgressAllowList): boolean {
  const ip = normalised(address);
  if (!ip) return false;
  if (ip.range() === 'unicast') return true;
  if (hostAllowed(hostname, list)) return true;
  return list.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}
