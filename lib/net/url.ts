import { ipLiteralOf, isAllowedAddress } from './address';

/**
 * The static check of an address a merchant types for the server or a payer's browser to reach
 * (webhook URL, callback allow-list). It needs no DNS, so it runs in the browser form as well; the
 * resolved addresses are checked again when the server connects (`safeFetch` in `./fetch`).
 */
export type OutboundPolicy = {
  /** `http:` as well as `https:` (development only). */
  allowHttp: boolean;
  /**
   * Loopback, private and other internal targets, for local fake servers in tests and development:
   * only with `UNSAFE_ALLOW_PRIVATE_TARGETS=1` and `APP_ENV` set to `development` or `test`.
   */
  allowPrivate: boolean;
};

export const STRICT_POLICY: OutboundPolicy = { allowHttp: false, allowPrivate: false };

/** The policy of this process, read from the environment on every call. */
export function outboundPolicy(): OutboundPolicy {
  // In the browser the environment is unknown: the scheme rule is left to the server, which checks
  // again; the address rules hold everywhere.
  if (typeof window !== 'undefined') return { allowHttp: true, allowPrivate: false };
  const appEnv = process.env.APP_ENV;
  const allowPrivate = (appEnv === 'development' || appEnv === 'test') && process.env.UNSAFE_ALLOW_PRIVATE_TARGETS === '1';
  return { allowHttp: appEnv === 'development' || allowPrivate, allowPrivate };
}

/**
 * Names that never lead to a public host: special-use names (RFC 6761, 6762, 8375) and suffixes
 * used inside networks and clouds (`metadata.google.internal`, `*.localdomain`, `*.lan`).
 */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'arpa', 'localdomain', 'lan', 'home', 'corp', 'intranet', 'private'];

/** An internal IPv4 address written into a name, as wildcard-DNS services read it (`127.0.0.1.nip.io`, `10-0-0-1.sslip.io`). */
function embedsInternalIpv4(host: string): boolean {
  const labels = host.split('.');
  for (let i = 0; i + 4 <= labels.length; i++) {
    const quad = labels.slice(i, i + 4);
    if (quad.every((l) => /^\d{1,3}$/.test(l)) && !isAllowedAddress(quad.join('.'))) return true;
  }
  for (const m of host.matchAll(/(?:^|[.-])(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?=$|[.-])/g)) {
    if (!isAllowedAddress(m.slice(1, 5).join('.'))) return true;
  }
  return false;
}

export type HostVerdict = 'ok' | 'notAllowed';

/** The host part of a parsed URL (`u.hostname`): an allowed IP literal or a public-looking name. */
export function checkHost(hostname: string, policy: OutboundPolicy = outboundPolicy()): HostVerdict {
  if (policy.allowPrivate) return 'ok';
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  if (!host) return 'notAllowed';
  const ip = ipLiteralOf(host);
  if (ip !== null) return isAllowedAddress(ip) ? 'ok' : 'notAllowed';
  if (host.startsWith('[')) return 'notAllowed';
  // A single label (`intranet`, `metadata`) is looked up in the server's own search domains.
  if (!host.includes('.')) return 'notAllowed';
  if (INTERNAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return 'notAllowed';
  if (embedsInternalIpv4(host)) return 'notAllowed';
  return 'ok';
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: 'invalid' | 'notAllowed' };

/**
 * A URL the server may call or send a payer to: `https:` (`http:` only where the policy allows),
 * no user name or password, and a host that is neither internal nor an internal IP address. Any
 * port may be named. The WHATWG parser has already rewritten `2130706433`, `0x7f000001`,
 * `0177.0.0.1` and `127.1` to `127.0.0.1`, so they are judged as such.
 */
export function checkOutboundUrl(value: string | URL, policy: OutboundPolicy = outboundPolicy()): UrlVerdict {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const schemeOk = u.protocol === 'https:' || (u.protocol === 'http:' && policy.allowHttp);
  if (!schemeOk || u.username || u.password || !u.hostname) return { ok: false, reason: 'invalid' };
  if (checkHost(u.hostname, policy) !== 'ok') return { ok: false, reason: 'notAllowed' };
  return { ok: true, url: u };
}
