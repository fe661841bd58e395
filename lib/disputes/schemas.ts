import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';
import { toAsciiDigits } from '@/lib/validation/digits';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

/** What staff and merchants send about disputes: the same schemas in the forms, the actions and the tests. */

const id = z.uuid('notFound');
const line = (max: number) => z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(max, 'tooLong');

/** Staff record the bank's complaint: the payment by its tracking code, the amount in Rials, the days the bank gives. */
export const openDisputeSchema = z
  .object({
    trackingCode: z
      .string({ error: 'required' })
      .trim()
      .transform((s) => toAsciiDigits(s).replace(/\s/g, ''))
      .pipe(z.string().regex(/^\d{11}$/, 'trackingCodeInvalid')),
    amount: z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(40, 'amountInvalid'),
    reason: line(300),
    bankReference: z.string().trim().refine(singleLine, CONTROL_CHARS).max(60, 'tooLong').default(''),
    days: z
      .string({ error: 'required' })
      .trim()
      .transform((s) => Number(toAsciiDigits(s)))
      .pipe(z.number({ error: 'daysInvalid' }).int('daysInvalid').min(1, 'daysInvalid').max(60, 'daysInvalid')),
  })
  .transform((v, ctx) => {
    const amount = amountSchema().safeParse(v.amount);
    if (!amount.success) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: amount.error.issues[0].message });
      return z.NEVER;
    }
    return { trackingCode: v.trackingCode, amount: amount.data, reason: v.reason, bankReference: v.bankReference || null, days: v.days };
  });

export const answerDisputeSchema = z.object({
  disputeId: id,
  // A textarea: lines and tabs, no other control character (a NUL made PostgreSQL refuse the row: a server error).
  answer: z.string({ error: 'required' }).trim().refine(multiLine, CONTROL_CHARS).min(10, 'answerTooShort').max(4000, 'tooLong'),
});

export const decideDisputeSchema = z.object({
  disputeId: id,
  outcome: z.enum(['won', 'lost']),
  reason: line(500),
});

export type OpenDisputeInput = z.input<typeof openDisputeSchema>;
export type AnswerDisputeInput = z.input<typeof answerDisputeSchema>;
export type DecideDisputeInput = z.input<typeof decideDisputeSchema>;
