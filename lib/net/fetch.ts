import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, type RequestInit, type Response } from 'undici';
import { isAllowedAddress } from './address';
import { checkOutboundUrl, outboundPolicy, type OutboundPolicy } from './url';

/**
 * Requests the server makes to an address a user chose (webhooks): never to an internal address.
 *
 * The name is resolved once per connection inside the undici Agent's `connect.lookup`; every A and
 * AAAA record must be a public unicast address, and the socket opens to one of exactly those
 * addresses, so a name that answers "public" to a check and "127.0.0.1" a moment later (DNS
 * rebinding) has no second lookup to swap. IP-literal hosts, which never reach `lookup`, are checked
 * before the request. Redirects are returned, never followed; keep-alive is off so no pooled socket
 * outlives the check that opened it.
 */

/** Thrown (and found as the `cause` of undici's errors) when a target address is refused. */
export class AddressNotAllowedError extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';
  constructor(readonly host: string) {
    super(`outbound address not allowed: ${host}`);
    this.name = 'AddressNotAllowedError';
  }
}

/** Whether an error (or any error in its `cause` chain) is a refused address. */
export function isAddressNotAllowed(err: unknown): err is AddressNotAllowedError {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof AddressNotAllowedError) return true;
  }
  return false;
}

/** Every address a name resolves to (A and AAAA). */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
let resolver: Resolver = systemResolver;

/** Tests answer name lookups themselves; `null` restores the system resolver. */
export function setResolverForTests(fn: Resolver | null): void {
  resolver = fn ?? systemResolver;
}

/**
 * Resolves a name and checks every address; returns them normalised (IPv4-mapped IPv6 as IPv4), or
 * throws `AddressNotAllowedError` if any is not allowed.
 */
export async function resolveChecked(hostname: string, allowPrivate = false): Promise<LookupAddress[]> {
  const found = await resolver(hostname);
  if (!found.length) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
  if (!allowPrivate && found.some((a) => !isAllowedAddress(a))) throw new AddressNotAllowedError(hostname);
  return found.map((a) => {
    const ip = ipaddr.process(a);
    return { address: ip.toString(), family: ip.kind() === 'ipv4' ? 4 : 6 };
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function checkedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolveChecked(hostname, allowPrivate).then(
      (all) => {
        const fitting = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        if (!fitting.length) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), []);
        if (options.all) callback(null, fitting);
        else callback(null, fitting[0].address, fitting[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

const TIMEOUT_MS = 10_000;
const agents = new Map<boolean, Agent>();

function agentFor(allowPrivate: boolean): Agent {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent({
      connect: { lookup: checkedLookup(allowPrivate), timeout: TIMEOUT_MS },
      // No keep-alive: every request opens a socket through the checked lookup.
      pipelining: 0,
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    agents.set(allowPrivate, agent);
  }
  return agent;
}

export type SafeFetchInit = Omit<RequestInit, 'dispatcher' | 'redirect'>;

/**
 * `fetch` to a user's address: the URL must pass `checkOutboundUrl`, every resolved address must be
 * public, redirects come back as 3xx responses. A refusal throws `AddressNotAllowedError`.
 */
export async function safeFetch(target: string | URL, init: SafeFetchInit = {}, policy: OutboundPolicy = outboundPolicy()): Promise<Response> {
  const checked = checkOutboundUrl(target, policy);
  if (!checked.ok) throw new AddressNotAllowedError(String(target).slice(0, 300));
  try {
    return await undiciFetch(checked.url, { ...init, redirect: 'manual', dispatcher: agentFor(policy.allowPrivate) });
  } catch (err) {
    if (isAddressNotAllowed(err)) throw new AddressNotAllowedError(checked.url.hostname);
    throw err;
  }
}

/** At most `max` characters of a response body; the rest is not read. */
export async function readPrefix(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  const reader = res.body.getReader();
  try {
    while (text.length < max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.slice(0, max);
}
