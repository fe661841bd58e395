import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';
import { toAsciiDigits } from '@/lib/validation/digits';
import { normalizeSheba } from '@/lib/validation/identifiers';
import { CONTROL_CHARS, singleLine } from '@/lib/validation/text';

/**
 * What the merchant sends about payouts: the same schemas in the forms, the actions and the tests.
 * Amounts are typed in the platform's display unit (`unit`, Rial or Toman) and leave as Rials;
 * a sheba in any digits, with or without IR and spaces, leaves as `IR` + 24 digits.
 */

const id = z.uuid('notFound');
const unit = z.enum(['rial', 'toman']).default('rial');

const sheba = z
  .string({ error: 'required' })
  .trim()
  .refine(singleLine, CONTROL_CHARS)
  .min(1, 'required')
  .max(60, 'shebaInvalid')
  .transform((raw, ctx) => {
    const s = normalizeSheba(raw);
    if (!s) {
      ctx.addIssue({ code: 'custom', message: 'shebaInvalid' });
      return z.NEVER;
    }
    return s;
  });

/** A new destination account; with no platform it serves the whole business. */
export const addBankAccountSchema = z.object({
  sheba,
  holderName: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(2, 'required').max(150, 'tooLong'),
  platformId: z
    .union([id, z.literal('')])
    .nullish()
    .transform((v) => v || null),
});

export const removeBankAccountSchema = z.object({ id });

/** A platform's default account: where automatic settlement sends and what the withdraw form preselects. */
export const setDefaultBankAccountSchema = z.object({ platformId: id, bankAccountId: id });

/** Rials to keep in withdrawable (typed in the unit); empty or zero keeps nothing. */
function keepAmount(raw: string, u: 'rial' | 'toman', ctx: z.RefinementCtx): bigint {
  const s = toAsciiDigits(raw).replace(/[\s,٬،_]/g, '');
  if (s === '' || /^0+$/.test(s)) return 0n;
  const r = amountSchema({ unit: u }).safeParse(raw);
  if (!r.success) {
    ctx.addIssue({ code: 'custom', path: ['keep'], message: r.error.issues[0].message });
    return 0n;
  }
  return r.data;
}

/** Automatic daily settlement of a platform: on or off, and how much it leaves behind. */
export const setAutoSettlementSchema = z
  .object({
    platformId: id,
    enabled: z.boolean(),
    unit,
    keep: z.string().trim().refine(singleLine, CONTROL_CHARS).max(40, 'amountInvalid').default(''),
  })
  .transform((v, ctx) => ({ platformId: v.platformId, enabled: v.enabled, keep: keepAmount(v.keep, v.unit, ctx) }));

const requestPayoutFields = z.object({
  platformId: id,
  bankAccountId: z.string({ error: 'accountRequired' }).min(1, 'accountRequired').pipe(z.uuid('accountRequired')),
  unit,
  amount: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(40, 'amountInvalid'),
  description: z.string().trim().refine(singleLine, CONTROL_CHARS).max(200, 'tooLong').default(''),
});

/** A withdrawal request; `amount` is typed in `unit` and leaves as Rials. */
export const requestPayoutSchema = requestPayoutFields.transform((v, ctx) => {
  const amount = amountSchema({ unit: v.unit }).safeParse(v.amount);
  if (!amount.success) {
    ctx.addIssue({ code: 'custom', path: ['amount'], message: amount.error.issues[0].message });
    return z.NEVER;
  }
  return { platformId: v.platformId, bankAccountId: v.bankAccountId, amount: amount.data, description: v.description || null };
});

export const cancelPayoutSchema = z.object({ payoutId: id });

/** The filters of the merchant's payouts list, as the page reads them from its query (anything else is ignored). */
export const PAYOUT_STATES = ['requested', 'approved', 'sent', 'paid', 'returned', 'canceled', 'rejected'] as const;
export const payoutFiltersSchema = z.object({
  state: z.enum(PAYOUT_STATES).optional().catch(undefined),
  platformId: z.uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export type AddBankAccountInput = z.input<typeof addBankAccountSchema>;
export type RequestPayoutInput = z.input<typeof requestPayoutSchema>;
export type SetAutoSettlementInput = z.input<typeof setAutoSettlementSchema>;
