import { z } from 'zod';
import { phoneNumber } from '@/lib/ivr/schemas';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * The sandbox phone's inputs, one schema each, checked in the browser before a call step and
 * again by its action. Keyed digits arrive as typed (Persian digits welcome); the caller number
 * is the lookup's `merchant_cid`, what the per-caller cap of wrong tries counts.
 */

const digits = (re: RegExp, message: string) =>
  z
    .string()
    .transform((v) => toAsciiDigits(v).replace(/[\s-]/g, ''))
    .refine((v) => re.test(v), message);

/** The dialed number: the IVR platform's phone line (its address) or its 8-digit merchant number. */
export const dialedLine = digits(/^\d{4,11}$/, 'lineInvalid');
const caller = phoneNumber;

/** An Asterisk-style UNIQUEID (`1613848397.81207`), the first part of an IVR-to-IVR order id. */
export const CALL_ID_RE = /^\d{10}\.\d{5}$/;

/** The sandbox's sample menu of the merchant's own IVR (mode 2): three products at fixed prices, in Rials. */
export const SAMPLE_PRODUCTS = { 1: 120_000n, 2: 350_000n, 3: 1_250_000n } as const;
export type SampleProduct = keyof typeof SAMPLE_PRODUCTS;

export const dialSchema = z.object({ line: dialedLine });

export const invoiceLookupSchema = z.object({ line: dialedLine, caller, invoiceId: digits(/^\d{1,20}$/, 'invoiceIdInvalid') });

export const orderLookupSchema = z.object({
  line: dialedLine,
  caller,
  callId: z.string().regex(CALL_ID_RE, 'callIdInvalid'),
  product: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'productInvalid' }),
});

/** The bank's IVR step: the transaction the SIP hand-off named, and the card and PIN the caller keyed. */
export const bankStepSchema = z.object({
  merchantId: z.string().regex(/^\d{8}$/, 'transactionInvalid'),
  transactionId: z.string().regex(/^\d{1,20}$/, 'transactionInvalid'),
  amount: z.string().regex(/^\d{1,19}$/, 'transactionInvalid'),
  card: digits(/^\d{16}$/, 'cardInvalid'),
  pin: digits(/^\d{4,12}$/, 'pinInvalid'),
});
