import { z } from 'zod';
import { amountSchema } from '@/lib/money/schema';
import { toAsciiDigits } from '@/lib/validation/digits';
import { optionalEmail } from '@/lib/validation/contact';
import { orderIdSchema } from '@/lib/validation/order-id';
import { singleLine } from '@/lib/validation/text';

/**
 * The one schema of each IVR input: the agent's phone-sales form and the API's create (one
 * invoice shape), the IVR operator's look-up (PayStar's two documented bodies), the platform's
 * IVR settings, and the sandbox bank IVR's card step.
 */

const NO_CONTROLS = 'controlChars';
const line = (max: number) => z.string().refine(singleLine, NO_CONTROLS).max(max, 'tooLong');
/** An optional text field: absent, null or "" (PayStar's own sample sends empty strings) is none. */
const optionalLine = (max: number) =>
  z
    .union([line(max), z.null()])
    .optional()
    .transform((v) => (v ? v.trim() || null : null));

/** PayStar's gateway rejects less than 5,000 Rials; so do we, by phone. */
export const IVR_MIN_AMOUNT = 5_000n;
export const IVR_MAX_AMOUNT = 500_000_000_000n;

/** An order id as PayStar takes it (1–50 characters), with the screens' message keys. */
const ivrOrderId = orderIdSchema({ max: 50, required: 'required', tooLong: 'tooLong', invalid: 'orderIdInvalid' });

/** A phone number as a person types it: Persian digits welcome, 4–15 digits, an optional leading +. */
export const phoneNumber = z
  .string()
  .transform((v) => toAsciiDigits(v).replace(/[\s()-]/g, ''))
  .refine((v) => /^\+?\d{4,15}$/.test(v), 'phoneInvalid');

/** An optional phone number: absent, null or blank is none; else as `phoneNumber`. */
export const optionalPhone = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v, ctx) => {
    const s = v ? toAsciiDigits(v).replace(/[\s()-]/g, '') : '';
    if (!s) return null;
    if (!/^\+?\d{4,15}$/.test(s)) {
      ctx.addIssue({ code: 'custom', message: 'phoneInvalid' });
      return z.NEVER;
    }
    return s;
  });

const invoiceFields = {
  amount: amountSchema({ min: IVR_MIN_AMOUNT, max: IVR_MAX_AMOUNT }),
  customer_name: optionalLine(120),
  email: optionalEmail,
  phone: optionalPhone,
};

/** `POST /api/v1/ivr/invoices`: the fields of PayStar's create-factor. */
export const createIvrInvoiceRequestSchema = z.strictObject({ ...invoiceFields, order_id: ivrOrderId });
export type CreateIvrInvoiceRequest = z.output<typeof createIvrInvoiceRequestSchema>;

/** The agent's phone-sales form: the same fields, for one of the merchant's IVR platforms; the order id is made when left blank. */
export const phoneSaleSchema = z.object({
  platformId: z.uuid('required'),
  ...invoiceFields,
  order_id: z
    .union([ivrOrderId, z.literal('')])
    .optional()
    .transform((v) => v || null),
});
export type PhoneSaleInput = z.output<typeof phoneSaleSchema>;

/** The caller's number as the IVR sends it; some IVRs mask the middle digits ("0915***7796"). */
const callerId = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = toAsciiDigits(String(v)).replace(/[\s-]/g, '');
  if (!/^\+?[0-9*]{3,20}$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'merchant_cid must be the caller number (digits, * allowed)' });
    return z.NEVER;
  }
  return s.slice(0, 20);
});

/** Keyed digits: a number or a string; anything else is still "a wrong invoice id" to the caller. */
const keyed = z.union([z.string().max(40), z.number()]).transform((v) => toAsciiDigits(String(v)).trim());

/**
 * `POST /api/ivr/transactions` (the IVR operator's look-up), PayStar's two documented bodies:
 * mode 1 `{invoice_id, merchant_cid, ivr: 0, type: 1}`, IVR-to-IVR `{order_id, merchant_cid, amount, trunk_id, ivr: 1, type: 1}`.
 */
export const ivrLookupSchema = z.discriminatedUnion('ivr', [
  z.strictObject({ ivr: z.literal(0), type: z.literal(1), invoice_id: keyed, merchant_cid: callerId }),
  z.strictObject({
    ivr: z.literal(1),
    type: z.literal(1),
    order_id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.:*-]+$/, 'order_id: letters, digits and _ . : * - only'),
    merchant_cid: callerId,
    amount: z.union([z.int(), z.string().max(40)]).transform((v, ctx) => {
      const s = String(v);
      if (!/^\d{1,19}$/.test(s) || BigInt(s) < IVR_MIN_AMOUNT || BigInt(s) > IVR_MAX_AMOUNT) {
        ctx.addIssue({ code: 'custom', message: `amount must be whole Rials between ${IVR_MIN_AMOUNT} and ${IVR_MAX_AMOUNT}` });
        return z.NEVER;
      }
      return BigInt(s);
    }),
    trunk_id: z
      .string()
      .max(100)
      .transform((v) => v.trim()),
  }),
]);
export type IvrLookupInput = z.output<typeof ivrLookupSchema>;

/** The platform's IVR settings, as the merchant edits them. */
/** A whole number as typed (Persian or Arabic digits welcome) within a range. */
const wholeIn = (min: number, max: number, range: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? toAsciiDigits(v).trim() : v),
    z.coerce.number({ error: 'numberInvalid' }).int('numberInvalid').min(min, range).max(max, range),
  );

export const ivrSettingsSchema = z.object({
  platformId: z.uuid('required'),
  invoiceTtlMinutes: wholeIn(5, 43200, 'ttlRange'),
  callerWrongCap: wholeIn(1, 100, 'capRange'),
  callerWindowMinutes: wholeIn(1, 1440, 'windowRange'),
  invoiceFailCap: wholeIn(1, 100, 'capRange'),
});
export type IvrSettingsInput = z.output<typeof ivrSettingsSchema>;

/** The bank's IVR (sandbox): the caller keys the card and its PIN for the transaction it was handed. */
export const bankIvrPaySchema = z.strictObject({
  merchant_id: z.string().regex(/^\d{8}$/, 'merchant_id: 8 digits'),
  transaction_id: z.union([z.string().regex(/^\d{1,20}$/), z.int().nonnegative()]).transform(String),
  amount: z.union([z.string().regex(/^\d{1,19}$/), z.int().positive()]).transform((v) => BigInt(v)),
  card: z.string().transform((v) => toAsciiDigits(v).replace(/\D/g, '')),
  pin: z.string().transform((v) => toAsciiDigits(v)),
});
export type BankIvrPayInput = z.output<typeof bankIvrPaySchema>;
