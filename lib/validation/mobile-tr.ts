import { z } from 'zod';
import { toAsciiDigits } from './digits';
import { refuse } from './shared';
import { CONTROL_CHARS, singleLine } from './text';

/**
 * Turkish mobiles and e-mail addresses for the Turkish company's sign-up. A Turkish mobile is
 * accepted only there and where someone signs in or resets a password (`identifierSchema` in
 * auth.ts); every Iranian path keeps `mobileSchema`.
 */

/** `+905xxxxxxxxx` (E.164) from +90 5…, 0090 5…, 90 5…, 05… or 5…, with spaces, dashes or brackets. */
export function normalizeTurkishMobile(raw: string): string | null {
  const s = toAsciiDigits(raw).replace(/[\s\-().\u200c\u200f\u200e]/g, '');
  const m = /^(?:\+90|0090|90|0)?(5\d{9})$/.exec(s);
  return m ? `+90${m[1]}` : null;
}

export function isTurkishMobile(mobile: string): boolean {
  return /^\+905\d{9}$/.test(mobile);
}

export const turkishMobileSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .max(40, 'mobileTrInvalid')
  .transform((raw, ctx) => {
    const trimmed = raw.trim();
    if (trimmed === '') return refuse(ctx, 'required');
    return normalizeTurkishMobile(trimmed) ?? refuse(ctx, 'mobileTrInvalid');
  });

/** A required e-mail address, trimmed and lower-cased (one account per address, whatever its case). */
export const emailAddressSchema = z
  .string({ error: 'required' })
  .refine(singleLine, CONTROL_CHARS)
  .transform((raw, ctx) => {
    const s = raw.trim().toLowerCase();
    if (s === '') return refuse(ctx, 'required');
    return s.length <= 254 && z.email().safeParse(s).success ? s : refuse(ctx, 'emailInvalid');
  });
