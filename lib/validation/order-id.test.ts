import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createPaymentRequestSchema } from '@/lib/api/schemas';
import { createIvrInvoiceRequestSchema, phoneSaleSchema } from '@/lib/ivr/schemas';
import { createTopupRequestSchema } from '@/lib/topup/schemas';

/** The first message the schema gives for `order_id`, or null when it takes the value. */
function orderIdError(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse({ order_id: value });
  if (r.success) return null;
  return r.error.issues.find((i) => i.path[0] === 'order_id')?.message ?? null;
}

describe('the order id', () => {
  // The API answers its own words (a client reads them); the IVR screens and the IVR API give `errors.*` keys.
  const api = { tooShort: 'Too small: expected string to have >=1 characters', tooLong: 'Too big: expected string to have <=64 characters' };
  it.each([
    ['createPayment', createPaymentRequestSchema],
    ['createTopup', createTopupRequestSchema],
  ])('%s: 1 to 64 letters, digits and _ . : -, in the API’s words', (_, schema) => {
    for (const ok of ['A', 'ORD-1', 'A_b.c:d-1', 'x'.repeat(64)]) expect(orderIdError(schema, ok), ok).toBeNull();
    expect(orderIdError(schema, '')).toBe(api.tooShort);
    expect(orderIdError(schema, 'x'.repeat(65))).toBe(api.tooLong);
    for (const bad of ['a b', 'a*b', 'سفارش', 'a\u0000b', 'a/b']) expect(orderIdError(schema, bad), bad).toBe('letters, digits and _ . : - only');
  });

  it.each([
    ['createIvrInvoice', createIvrInvoiceRequestSchema],
    ['phoneSale', phoneSaleSchema],
  ])('%s: 1 to 50 (PayStar’s limit), as message keys', (_, schema) => {
    for (const ok of ['A', 'ORD-1', 'A_b.c:d-1', 'x'.repeat(50)]) expect(orderIdError(schema, ok), ok).toBeNull();
    expect(orderIdError(schema, 'x'.repeat(51))).toBe('tooLong');
    for (const bad of ['a b', 'a*b', 'سفارش', 'a\u0000b', 'a/b']) expect(orderIdError(schema, bad), bad).toBe('orderIdInvalid');
  });

  it('is required by the IVR API, and may be left blank on the phone-sale form (one is made)', () => {
    expect(orderIdError(createIvrInvoiceRequestSchema, '')).toBe('required');
    expect(orderIdError(phoneSaleSchema, '')).toBeNull();
    expect(orderIdError(phoneSaleSchema, undefined)).toBeNull();
    expect(phoneSaleSchema.shape.order_id.parse('')).toBeNull();
    expect(phoneSaleSchema.shape.order_id.parse('INV-1')).toBe('INV-1');
  });
});
