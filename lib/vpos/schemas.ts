import { z } from 'zod';

/**
 * The inputs of the virtual POS, one schema each, shared by the forms and the server. Messages are
 * keys under `errors.*` / `vpos.errors.*`.
 */

/** An N Kolay credential: printable, no spaces (they are pasted from N Kolay's panel). */
const credential = z
  .string()
  .trim()
  .min(8, 'vposCredentialShort')
  .max(300, 'tooLong')
  .regex(/^[\x21-\x7e]+$/, 'vposCredentialChars');

const base = {
  company: z.string().trim().min(2, 'required').max(160, 'tooLong'),
  name: z.string().trim().min(2, 'required').max(80, 'tooLong'),
  environment: z.enum(['test', 'production'], { error: 'required' }),
  use3d: z.boolean(),
  maxInstallments: z.coerce.number({ error: 'vposInstallments' }).int('vposInstallments').min(1, 'vposInstallments').max(12, 'vposInstallments'),
};

/** A new definition: every credential is required. */
export const vposDefinitionSchema = z.object({
  ...base,
  sx: credential,
  sxList: credential,
  sxCancel: credential,
  secretKey: credential,
});
export type VposDefinitionInput = z.output<typeof vposDefinitionSchema>;

/**
 * An "empty, or a real value" union refuses with its value option's own message (zod's own for a
 * union is a generic "Invalid input", which no field could show).
 */
const valueOptionsMessage = (iss: { code?: string; errors?: { message: string }[][] }) =>
  iss.code === 'invalid_union' ? iss.errors?.at(-1)?.[0]?.message : undefined;

/** A change: credentials left empty stay as they are (they are never shown again). */
const keep = z.union([z.literal('').transform(() => undefined), credential], { error: valueOptionsMessage }).optional();
export const vposDefinitionUpdateSchema = z.object({
  id: z.uuid('notFound'),
  ...base,
  sx: keep,
  sxList: keep,
  sxCancel: keep,
  secretKey: keep,
});
export type VposDefinitionUpdate = z.output<typeof vposDefinitionUpdateSchema>;

export const vposDefinitionRefSchema = z.object({ id: z.uuid('notFound') });
export const vposDefinitionToggleSchema = z.object({ id: z.uuid('notFound'), enabled: z.boolean() });

/** Lira in the form (`1.234,56`, `1234.56`, `1234`) → kuruş; the API takes kuruş as an integer. */
export function parseLira(raw: string): bigint | null {
  const s = raw.trim().replace(/\s/g, '').replace(/^₺/, '');
  let m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  let whole: string, frac: string;
  if (m) {
    whole = m[1].replace(/\./g, '');
    frac = m[2] ?? '';
  } else {
    m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(s);
    if (!m) return null;
    whole = m[1].replace(/,/g, '');
    frac = m[2] ?? '';
  }
  if (whole.length > 12) return null;
  const k = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return k > 0n ? k : null;
}

export const liraAmount = z
  .string()
  .refine((v) => parseLira(v) !== null, 'vposAmount')
  .transform((v) => parseLira(v) as bigint);

/** A card typed on the online-collection screen: used for the one call to N Kolay, never stored. */
export const cardSchema = z
  .object({
    number: z
      .string()
      .transform((v) => v.replace(/[\s-]/g, ''))
      .refine((v) => /^\d{15,19}$/.test(v) && luhn(v), 'vposCardNumber'),
    month: z.coerce.number({ error: 'vposCardExpiry' }).int('vposCardExpiry').min(1, 'vposCardExpiry').max(12, 'vposCardExpiry'),
    // Cards print MM/YY: a two-digit year is this century's.
    year: z.coerce
      .number({ error: 'vposCardExpiry' })
      .int('vposCardExpiry')
      .transform((y) => (y < 100 ? 2000 + y : y))
      .pipe(z.number().min(2000, 'vposCardExpiry').max(2099, 'vposCardExpiry')),
    cvv: z.string().regex(/^\d{3,4}$/, 'vposCardCvv'),
    holderName: z.string().trim().max(80, 'tooLong').optional(),
  })
  .refine((c) => !expired(c.month, c.year), { path: ['month'], message: 'vposCardExpired' });

/** A card is good through the last day of its expiry month (Turkey's clock is near enough: a day either side). */
export function expired(month: number, year: number, now = new Date()): boolean {
  return year * 12 + (month - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth();
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The online-collection screen (Kredi Kartı Tahsilatları > Online Tahsilat). */
export const vposCollectSchema = z.object({
  definitionId: z.uuid('required'),
  amount: liraAmount,
  customerName: z.string().trim().min(2, 'required').max(120, 'tooLong'),
  customerEmail: z.union([z.literal(''), z.email('emailInvalid').max(120, 'tooLong')]).optional(),
  customerPhone: z.union([z.literal(''), z.string().regex(/^(\+?90)?0?5\d{9}$/, 'vposPhone')]).optional(),
  description: z.string().trim().max(200, 'tooLong').optional(),
  installments: z.coerce.number({ error: 'vposInstallments' }).int('vposInstallments').min(1, 'vposInstallments').max(12, 'vposInstallments'),
  card: cardSchema,
});
export type VposCollectInput = z.output<typeof vposCollectSchema>;

/** Cancel (same day, full) or refund (later, full or partial) from the payment's page. */
export const vposReversalSchema = z.object({
  paymentId: z.uuid('notFound'),
  kind: z.enum(['cancel', 'refund']),
  /** Refunds only; empty = what is left. */
  amount: z.union([z.literal('').transform(() => undefined), liraAmount], { error: valueOptionsMessage }).optional(),
});

export const vposReconRunSchema = z.object({
  definitionId: z.uuid('required'),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'vposDay'),
});

export const vposReconResolveSchema = z.object({
  itemId: z.string().regex(/^\d{1,18}$/, 'notFound'),
  /** `enter`: a bank-only sale entered by hand; `note`: marked resolved with the reason. */
  how: z.enum(['enter', 'note']),
  reason: z.string().trim().min(3, 'required').max(300, 'tooLong'),
});

/** A pay link for the customer instead of typing the card (the agent stays out of card data). */
export const vposPayLinkSchema = z.object({
  definitionId: z.uuid('required'),
  amount: liraAmount,
  customerName: z.string().trim().min(2, 'required').max(120, 'tooLong'),
  customerPhone: z.union([z.literal(''), z.string().regex(/^(\+?90)?0?5\d{9}$/, 'vposPhone')]).optional(),
  description: z.string().trim().max(200, 'tooLong').optional(),
});
