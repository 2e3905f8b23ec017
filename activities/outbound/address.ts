import ipaddr from 'ipaddr.js';

/**
 * Which addresses a provider call may connect to. Pure functions, no I/O: the outbound client (client.ts) calls them
 * with the address DNS gave for the connection it is about to open.
 *
 * Only globally routable unicast is allowed by default: every range of the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates) is refused, listed below one by one, and for IPv6 anything outside 2000::/3
 * global unicast too. An explicit list rather than ipaddr.js's `range()`: that one classes IPv4-compatible IPv6
 * (`::7f00:1`), NAT64 and others as `unicast`, and a library update could move a range without anyone noticing.
 * An IPv4-mapped IPv6 address (::ffff:0:0/96) is judged as the IPv4 address it maps.
 */
export type AddressClass = 'public' | 'blocked' | 'invalid';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** IANA IPv4 Special-Purpose Address Registry, plus multicast (RFC 5771). */
const SPECIAL_IPV4: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', '"this network" (RFC 791)'],
  ['10.0.0.0/8', 'private use (RFC 1918)'],
  ['100.64.0.0/10', 'shared address space, CGNAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback (RFC 1122)'],
  ['169.254.0.0/16', 'link-local, where cloud metadata services answer (RFC 3927)'],
  ['172.16.0.0/12', 'private use (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments, DS-Lite and NAT64 discovery among them (RFC 6890)'],
  ['192.0.2.0/24', 'documentation, TEST-NET-1 (RFC 5737)'],
  ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'],
  ['192.52.193.0/24', 'AMT (RFC 7450)'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast (RFC 7526)'],
  ['192.168.0.0/16', 'private use (RFC 1918)'],
  ['192.175.48.0/24', 'direct delegation AS112 service (RFC 7534)'],
  ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'documentation, TEST-NET-2 (RFC 5737)'],
  ['203.0.113.0/24', 'documentation, TEST-NET-3 (RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ['255.255.255.255/32', 'limited broadcast (RFC 919)'],
];

/**
 * IANA IPv6 Special-Purpose Address Registry. Most of these lie outside 2000::/3 and are refused by that rule anyway;
 * they are listed so the whole registry is visible in one place. The forms embedding an IPv4 address (IPv4-compatible,
 * NAT64, 6to4, Teredo) would otherwise reach whatever IPv4 address they carry through a translator or relay.
 */
const SPECIAL_IPV6: readonly (readonly [string, string])[] = [
  ['::/128', 'unspecified (RFC 4291)'],
  ['::1/128', 'loopback (RFC 4291)'],
  ['::/96', 'IPv4-compatible, deprecated (RFC 4291): ::7f00:1 is 127.0.0.1'],
  ['64:ff9b::/96', 'NAT64 well-known prefix (RFC 6052)'],
  ['64:ff9b:1::/48', 'NAT64 local-use prefix (RFC 8215)'],
  ['100::/64', 'discard-only (RFC 6666)'],
  ['2001::/23', 'IETF protocol assignments (RFC 2928): Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID 2001:10::/28, ORCHIDv2 2001:20::/28'],
  ['2001:db8::/32', 'documentation (RFC 3849)'],
  ['2002::/16', '6to4 (RFC 3056)'],
  ['3fff::/20', 'documentation (RFC 9637)'],
  ['5f00::/16', 'SRv6 SIDs (RFC 9602)'],
  ['fc00::/7', 'unique local (RFC 4193)'],
  ['fe80::/10', 'link-local (RFC 4291)'],
  ['fec0::/10', 'site-local, deprecated (RFC 3879)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
];

const REFUSED: readonly Cidr[] = [...SPECIAL_IPV4, ...SPECIAL_IPV6].map(([cidr]) => ipaddr.parseCIDR(cidr));
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const within = (ip: ipaddr.IPv4 | ipaddr.IPv6, [net, bits]: Cidr): boolean => net.kind() === ip.kind() && ip.match(net, bits);

/** Globally routable unicast: in no special-purpose range, and for IPv6 inside 2000::/3. */
function isGlobalUnicast(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (ip.kind() === 'ipv6' && !within(ip, GLOBAL_UNICAST_V6)) return false;
  return !REFUSED.some((cidr) => within(ip, cidr));
}

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
  return isGlobalUnicast(ip) ? 'public' : 'blocked';
}

/** `PROVIDER_EGRESS_ALLOW`, parsed: CIDRs (or single addresses) and hostnames (`*.corp.example` for a whole domain). */
export interface EgressAllowList {
  cidrs: Cidr[];
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
  if (isGlobalUnicast(ip)) return true;
  if (hostAllowed(hostname, list)) return true;
  return list.cidrs.some((cidr) => within(ip, cidr));
}
