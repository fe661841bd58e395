import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses the server may open a connection to on a user's behalf (webhooks, callbacks).
 *
 * Only plain public unicast: `ipaddr.js` names every special range (loopback, private, link-local,
 * carrier-grade NAT, multicast, broadcast, reserved and documentation blocks, unique-local, NAT64,
 * 6to4, Teredo…), and anything it does not call `unicast` is refused. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries. IPv6 must also lie in 2000::/3, the
 * only block allocated for global unicast, which refuses IPv4-compatible `::7f00:1` and other
 * unallocated space ipaddr.js still calls unicast.
 */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

export function isAllowedAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(bare);
  } catch {
    return false;
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.zoneId) return false;
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
  }
  return ip.range() === 'unicast';
}

/** The IP address a URL host names literally (`127.0.0.1`, `[::1]`), or null for a domain name. */
export function ipLiteralOf(hostname: string): string | null {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return hostname.slice(1, -1);
  // After the WHATWG URL parser an IPv4 host is always four decimal parts (it rewrites 2130706433,
  // 0x7f000001, 0177.0.0.1 and 127.1); anything else with a numeric last label was refused by it.
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? hostname : null;
}
