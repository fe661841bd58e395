import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';
import { isValidTrackingCode } from '@/lib/payments/tracking';
import { mobileSchema } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';
import { normalizeJalaliDate } from '@/lib/validation/jalali';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

/**
 * The one schema of /pay/help, shared by the payer's form and the server action: the payment
 * found by its tracking code, or by the card's last four digits with the amount and the day; the
 * mobile the payment was made with; the message. Messages are keys under `payHelp.errors.*`, else
 * the shared `errors.*`.
 */
export const INQUIRY_MESSAGE_MAX = 2000;
export const INQUIRY_ANSWER_MAX = 1000;

const short = (max: number) => z.string().refine(singleLine, CONTROL_CHARS).max(max, 'tooLong').optional().default('');

/** An optional field checked on its own (so its message shows with the others'); the object says which are required. */
const optional = (max: number, valid: (v: string) => boolean, message: string) => short(max).refine((v) => v.trim() === '' || valid(v), message);

const digitsOf = (v: string) => toAsciiDigits(v).replace(/[\s-]/g, '');

export const payHelpSchema = z
  .object({
    by: z.enum(['code', 'card']).catch('code'),
    trackingCode: optional(40, (v) => isValidTrackingCode(digitsOf(v)), 'trackingCodeInvalid'),
    cardLast4: optional(20, (v) => /^\d{4}$/.test(digitsOf(v)), 'cardLast4Invalid'),
    /** Rials, as the receipt shows them. */
    amount: optional(40, (v) => amountSchema({ unit: 'rial' }).safeParse(v).success, 'amountInvalid'),
    /** A Jalali day, e.g. 1405/09/11. */
    date: optional(40, (v) => normalizeJalaliDate(v) !== null, 'dateInvalid'),
    mobile: mobileSchema,
    message: z.string({ error: 'required' }).trim().refine(multiLine, CONTROL_CHARS).min(1, 'required').max(INQUIRY_MESSAGE_MAX, 'messageTooLong'),
  })
  .transform((v, ctx) => {
    const required = (path: string) => ctx.addIssue({ code: 'custom', path: [path], message: 'required' });
    if (v.by === 'code') {
      if (v.trackingCode.trim() === '') required('trackingCode');
      return { by: 'code' as const, trackingCode: digitsOf(v.trackingCode), mobile: v.mobile, message: v.message };
    }
    for (const f of ['cardLast4', 'amount', 'date'] as const) if (v[f].trim() === '') required(f);
    const amount = amountSchema({ unit: 'rial' }).safeParse(v.amount);
    return {
      by: 'card' as const,
      cardLast4: digitsOf(v.cardLast4),
      amount: amount.success ? amount.data : 0n,
      date: normalizeJalaliDate(v.date) ?? '',
      mobile: v.mobile,
      message: v.message,
    };
  });

export type PayHelpInput = z.input<typeof payHelpSchema>;
export type PayHelpValues = z.output<typeof payHelpSchema>;

/** A merchant's (or staff's) answer to a payer's inquiry; it reaches the payer by SMS. */
export const answerInquirySchema = z.object({
  id: z.uuid('notFound'),
  answer: z.string({ error: 'required' }).trim().refine(multiLine, CONTROL_CHARS).min(1, 'required').max(INQUIRY_ANSWER_MAX, 'answerTooLong'),
});

export const inquiryIdSchema = z.object({ id: z.uuid('notFound') });

export const inquiryListSchema = z.object({
  state: z.enum(['all', 'open', 'answered', 'closed']).catch('all'),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type InquiryListFilters = z.output<typeof inquiryListSchema>;
