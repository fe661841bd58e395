import { z } from 'zod';

/** What an order id may hold: our gateways, the top-up provider and PayStar take these, and they never need escaping. */
export const ORDER_ID_RE = /^[A-Za-z0-9_.:-]+$/;

/**
 * A merchant's order id (payments, top-ups, IVR invoices): 1 to `max` letters, digits and
 * _ . : - only. The API answers its own words by default; a form passes its `errors.*` keys.
 * PayStar's IVR takes at most 50 characters, hence `max`.
 */
export function orderIdSchema({
  max = 64,
  required,
  tooLong,
  invalid = 'letters, digits and _ . : - only',
}: { max?: number; required?: string; tooLong?: string; invalid?: string } = {}) {
  return z.string().min(1, required).max(max, tooLong).regex(ORDER_ID_RE, invalid);
}
