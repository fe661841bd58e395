import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * The two secrets of an IVR platform, made here and kept only as keyed hashes:
 * - the IVR credential (`ivr_` + 32 base-62), the Bearer the IVR operator sends with every look-up;
 * - the trunk id (20 base-62, as PayStar's sample "TkdpUQngERd1apGJvoHB"), which names the
 *   platform in IVR-to-IVR orders.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomBase62(n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) if (b < 248 && out.length < n) out += ALPHABET[b % 62];
  }
  return out;
}

export type IvrSecretKind = 'credential' | 'trunk';

export const CREDENTIAL_RE = /^ivr_[0-9A-Za-z]{32}$/;
export const TRUNK_RE = /^[0-9A-Za-z]{20}$/;

export function generateIvrSecret(kind: IvrSecretKind): string {
  return kind === 'credential' ? `ivr_${randomBase62(32)}` : randomBase62(20);
}

/** The part shown in the portal: enough to tell two apart, useless to a caller. */
export function ivrSecretPrefix(kind: IvrSecretKind, secret: string): string {
  return kind === 'credential' ? secret.slice(0, 12) : secret.slice(0, 6);
}

export function hashIvrSecret(kind: IvrSecretKind, secret: string): string {
  return createHmac('sha256', env().AUTH_SECRET).update(`ivr-${kind}:${secret}`).digest('hex');
}

/** The merchant id the IVR hears and passes to the bank: 8 digits, never starting with 0. */
export function generateMerchantNumber(): string {
  return String(randomInt(10_000_000, 100_000_000));
}

/** Invoice ids callers key: 8 digits, the last a Damm check digit over the first seven. */
export function generateInvoiceCode(check: (digits: string) => number): string {
  let body = String(randomInt(1, 10));
  for (let i = 0; i < 6; i++) body += String(randomInt(0, 10));
  return body + String(check(body));
}
