import { z } from 'zod';
import { parseAmount } from '@/lib/money';
import { singleLine } from '@/lib/validation/text';

/** The inputs of the staff payout actions; the forms use the same schemas. */
const id = z.string().uuid('notFound');
const reason = z.string().trim().max(300, 'tooLong').refine(singleLine, 'controlChars').optional();

/** Approve, or reject with a reason (`lib` refuses a rejection without one). */
export const decidePayoutSchema = z.object({ payoutId: id, approve: z.boolean(), reason });
export const decideAccountSchema = z.object({ id, approve: z.boolean(), reason });

/** Rials as typed (Persian digits and separators welcome); `zero` lets the fee be nothing. */
function rials(opts: { zero?: boolean } = {}) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    if (opts.zero && /^\s*[0۰]+\s*$/.test(String(raw))) return 0n;
    const r = parseAmount(String(raw));
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.rials;
  });
}

export const payoutRulesSchema = z.object({ min: rials(), max: rials(), dailyCap: rials(), fee: rials({ zero: true }) });

/** Whether refunds give the fee back, and the fee of a lost dispute (Rials, 0 for none). */
export const moneyBackRulesSchema = z.object({ refundReturnsFee: z.boolean(), disputeFee: rials({ zero: true }) });

export const buildBatchSchema = z.object({ payoutIds: z.array(id).min(1, 'nothingToBatch').max(10_000) });
export const batchIdSchema = z.object({ batchId: id });
export const settleBatchPayoutSchema = z.object({
  batchId: id,
  payoutId: id,
  outcome: z.enum(['paid', 'returned']),
  bankRef: z.string().trim().max(60, 'tooLong').refine(singleLine, 'controlChars').optional(),
  reason,
});
