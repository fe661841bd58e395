import { z } from 'zod';
import { MAX_RIALS } from '@/lib/money';
import { toAsciiDigits } from '@/lib/validation/digits';
import { optionalPhone } from '@/lib/ivr/schemas';
import { orderIdSchema } from '@/lib/validation/order-id';
import { handleSchema } from '@/lib/validation/payments';
import { singleLine } from '@/lib/validation/text';
import { OPERATORS } from './provider';

/**
 * The one schema of each top-up input: the API's order and product query, and the hosted store's
 * form (the same fields, from a buyer). Amounts are integer Rials (Persian digits welcome).
 */

const NO_CONTROLS = 'controlChars';
const line = (max: number) => z.string().refine(singleLine, NO_CONTROLS).max(max, 'tooLong');

/** A mobile as typed: the lib normalises it and says `mobileInvalid` (one rule, in one place). */
const mobile = line(40).min(1, 'required');

const amount = z
  .union([z.int(), line(40)])
  .optional()
  .nullable()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v === '') return null;
    const s = toAsciiDigits(String(v)).replace(/[\s,٬]/g, '');
    if (!/^\d{1,19}$/.test(s) || BigInt(s) <= 0n || BigInt(s) > MAX_RIALS) {
      ctx.addIssue({ code: 'custom', message: 'amountInvalid' });
      return z.NEVER;
    }
    return BigInt(s);
  });

const operator = z.enum(OPERATORS, { error: 'operatorUnknown' });

/** `POST /api/v1/topups`: a product (a package or PIN) or an amount (a direct top-up of the operator). */
export const createTopupRequestSchema = z.strictObject({
  mobile: mobile.describe('The number to charge: 09xxxxxxxxx, +989…, Persian digits accepted'),
  operator: operator.optional().describe('Named when the number was ported; detected from the prefix otherwise'),
  product_id: z.uuid('productUnknown').optional().describe('A product from listTopupProducts; omit for a direct top-up of `amount`'),
  amount: amount.describe('Integer Rials; required for a direct top-up, else the product’s price (or one of its allowed amounts)'),
  order_id: orderIdSchema().describe('Your order id; unique per platform (and per test/live mode)'),
  callback_url: line(500).describe("Where the buyer returns after paying; must start with one of the platform's callback URLs"),
});
export type CreateTopupRequest = z.output<typeof createTopupRequestSchema>;

/** `GET /api/v1/topup/products`: an operator, or a mobile to detect it from. */
export const topupProductsQuerySchema = z.strictObject({
  operator: operator.optional(),
  mobile: line(40).optional(),
  kind: z.enum(['direct', 'wonderful', 'shoorangiz', 'pin', 'package']).optional(),
});

/** The hosted store's order form. */
export const storeOrderSchema = z.object({
  handle: z.string().regex(/^[a-z][a-z0-9-]{2,31}$/, 'notFound'),
  mobile,
  operator: operator.nullable().optional(),
  productId: z.uuid('productUnknown').nullable().optional(),
  amount,
});
export type StoreOrderInput = z.output<typeof storeOrderSchema>;

/** The merchant's store settings. */
export const storeSettingsSchema = z.object({
  platformId: z.uuid('required'),
  handle: handleSchema,
  title: z.string({ error: 'required' }).trim().refine(singleLine, NO_CONTROLS).min(2, 'required').max(120, 'tooLong'),
  enabled: z.boolean().default(true),
  supportPhone: optionalPhone,
});
export type StoreSettingsInput = z.output<typeof storeSettingsSchema>;

/** Staff's commission rate for an operator and kind, typed as a percent of the margin (0–100, two decimals). */
export const commissionSchema = z.object({
  operator: operator,
  kind: z.enum(['direct', 'wonderful', 'shoorangiz', 'pin', 'package']),
  percent: z.coerce.number({ error: 'numberInvalid' }).min(0, 'percentRange').max(100, 'percentRange'),
});
