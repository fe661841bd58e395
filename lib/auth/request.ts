import ipaddr from 'ipaddr.js';

/**
 * The client's address. The socket's peer comes from our own server (scripts/next-server.mjs sets
 * `x-dargah-peer`, overwriting any copy a client sent). Forwarding headers are believed only when
 * that peer is a configured trusted proxy (TRUSTED_PROXIES, CIDRs; none by default), and then the
 * right-most hop that is not itself a trusted proxy is the client: everything left of it was
 * written by whoever sent the request, and X-Real-IP is never read.
 */
export function clientIp(h: Headers): string {
  const peer = normalise(h.get('x-dargah-peer'));
  if (!peer) return 'unknown';
  const trusted = trustedProxies();
  if (!isTrusted(peer, trusted)) return peer;
  const hops = (h.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim());
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]);
    // A hop that is not an address was not written by a proxy of ours: stop at the last one that was.
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop, trusted)) break;
  }
  return client;
}

/** An address in its canonical text (IPv4-mapped IPv6 as plain IPv4), or null if it is none. */
export function normalise(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim();
  if (s.startsWith('[') && s.includes(']')) s = s.slice(1, s.indexOf(']'));
  if (!ipaddr.isValid(s)) return null;
  const a = ipaddr.parse(s);
  return (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a).toString();
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
let cache: { raw: string; list: Cidr[] } | undefined;

/** TRUSTED_PROXIES parsed: comma-separated addresses or CIDRs (validated at start by lib/env.ts). */
export function trustedProxies(raw = process.env.TRUSTED_PROXIES ?? ''): Cidr[] {
  if (cache?.raw === raw) return cache.list;
  const list = parseCidrList(raw);
  if (list === null) throw new Error('TRUSTED_PROXIES holds something that is not an address or CIDR');
  cache = { raw, list };
  return list;
}

export function parseCidrList(raw: string): Cidr[] | null {
  const out: Cidr[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      if (part.includes('/')) out.push(ipaddr.parseCIDR(part));
      else {
        const a = ipaddr.parse(part);
        out.push([a, a.kind() === 'ipv4' ? 32 : 128]);
      }
    } catch {
      return null;
    }
  }
  return out;
}

function isTrusted(address: string, list: Cidr[]): boolean {
  if (!list.length) return false;
  const a = ipaddr.parse(address);
  return list.some(([range, bits]) => {
    if (range.kind() === a.kind()) return a.match([range, bits] as never);
    // An IPv4 range also covers its IPv4-mapped IPv6 form, and the other way round.
    if (range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress() && a.kind() === 'ipv4') {
      return a.match((range as ipaddr.IPv6).toIPv4Address(), bits - 96);
    }
    return false;
  });
}
