import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db';
import { paymentLinkSettings, shortLinks } from '@/db/schema';
import type { MerchantActor } from '@/lib/actor';
import { buildLink } from '@/lib/payments/link-settings';
import { ok, type Result } from '@/lib/result';
import type { buildLinkSchema } from '@/lib/validation/payments';

/** Base 62 without the look-alikes (0/O, 1/l/I), so a code read aloud or typed from paper works. */
const ALPHABET = '23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
export const SHORT_CODE_RE = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

function newCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/**
 * A short link to the payment link the builder makes from `input` (signed when asked). The link is
 * built here, from the merchant's own settings, never taken from the browser: a short code can only
 * ever point at a `/pay/` page of a platform the actor owns. The same link asked twice gets the
 * same code.
 */
export async function createShortLink(
  db: Db,
  actor: MerchantActor,
  input: z.output<typeof buildLinkSchema>,
  baseUrl: string,
): Promise<Result<{ code: string; url: string; target: string }, 'notFound'>> {
  const built = await buildLink(db, actor, input, '');
  if (!built.ok) return built;
  const target = built.data.url;
  const [had] = await db
    .select({ code: shortLinks.code })
    .from(shortLinks)
    .where(and(eq(shortLinks.platformId, input.platformId), eq(shortLinks.target, target)))
    .limit(1);
  if (had) return ok({ code: had.code, url: `${baseUrl}/s/${had.code}`, target });
  // 57^8 ≈ 1.1e14 codes: a clash is rare; a few tries make it vanishingly so.
  for (let i = 0; i < 5; i++) {
    const code = newCode();
    const [row] = await db.insert(shortLinks).values({ code, platformId: input.platformId, target }).onConflictDoNothing().returning({ code: shortLinks.code });
    if (row) return ok({ code: row.code, url: `${baseUrl}/s/${row.code}`, target });
  }
  throw new Error('[short-links] no free code after 5 tries');
}

/**
 * Where a short code leads (a `/pay/…` path and query), or null for an unknown or malformed code.
 * The page is the platform's handle as it is now, never the stored one: a merchant may rename its
 * handle, and another merchant may then take the old one — a printed short link must keep leading
 * to its own platform (a signed link whose signature no longer matches is refused there, never
 * paid to someone else). Only the stored query (amount, name, signature) is kept.
 */
export async function resolveShortLink(db: Db, code: string): Promise<string | null> {
  if (!SHORT_CODE_RE.test(code)) return null;
  const [row] = await db
    .select({ target: shortLinks.target, handle: paymentLinkSettings.handle })
    .from(shortLinks)
    .innerJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, shortLinks.platformId))
    .where(eq(shortLinks.code, code));
  if (!row?.target.startsWith('/pay/')) return null;
  const q = row.target.indexOf('?');
  return `/pay/${encodeURIComponent(row.handle)}${q >= 0 ? row.target.slice(q) : ''}`;
}
