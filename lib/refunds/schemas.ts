import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';
import { normalizeSheba } from '@/lib/validation/identifiers';
import { CONTROL_CHARS, singleLine } from '@/lib/validation/text';

/**
 * What the merchant and the payer send about refunds: the same schemas in the forms, the actions
 * and the tests. The amount is typed in the platform's display unit and leaves as Rials.
 */

const id = z.uuid('notFound');
const text = (max: number) => z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(max, 'tooLong');

export const createRefundSchema = z
  .object({
    paymentId: id,
    unit: z.enum(['rial', 'toman']).default('rial'),
    amount: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(40, 'amountInvalid'),
    reason: text(300),
  })
  .transform((v, ctx) => {
    const amount = amountSchema({ unit: v.unit }).safeParse(v.amount);
    if (!amount.success) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: amount.error.issues[0].message });
      return z.NEVER;
    }
    return { paymentId: v.paymentId, amount: amount.data, reason: v.reason };
  });

export const refundIdSchema = z.object({ refundId: id });

/** The payer's account for a refund payout, from the signed link's page. */
export const refundAccountSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'refundLinkInvalid'),
  sheba: z
    .string({ error: 'required' })
    .trim()
    .refine(singleLine, CONTROL_CHARS)
    .min(1, 'required')
    .max(60, 'shebaInvalid')
    .refine((s) => normalizeSheba(s) !== null, 'shebaInvalid'),
  holderName: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(2, 'required').max(150, 'tooLong'),
});

export type CreateRefundInput = z.input<typeof createRefundSchema>;
export type RefundAccountInput = z.input<typeof refundAccountSchema>;
