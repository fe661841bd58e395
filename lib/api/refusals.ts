import { parseAmount } from '@/lib/money';
import type { Err } from '@/lib/result';
import { ApiError } from './http';

/**
 * How the money endpoints (payouts, refunds) turn a request and a `lib` refusal into API errors:
 * the same amount rules as the payments API, the same 400 with a stable code per refusal and the
 * field it is about, and a required Idempotency-Key where a retry must never move money twice.
 */

export const invalid = (fields: Record<string, string>, code = 'validation_failed', message = 'Some fields are not valid') =>
  new ApiError(400, code, message, fields);

/** A refusal of `lib` (a key under `errors.*`) → its stable API code and message. */
export type Refusals = Record<string, [code: string, message: string | ((params: Err['params']) => string)]>;

/** Integer Rials from a JSON integer or a string of digits (Persian digits accepted); anything else is a 400 on `amount`. */
export function apiAmount(raw: number | string): bigint {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) throw invalid({ amount: 'amountInvalid' });
  const parsed = parseAmount(String(raw));
  if (!parsed.ok) throw invalid({ amount: parsed.error });
  return parsed.rials;
}

/**
 * The API error for a refused `lib` call, when its first field error is one of `refusals`: a 400
 * with that code and the field under its API name (`fieldNames` renames camelCase fields).
 */
export function refusalError(r: Err, refusals: Refusals, fieldNames: Record<string, string> = {}): ApiError | null {
  const [field, why] = Object.entries(r.fieldErrors ?? {})[0] ?? [];
  const refusal = why ? refusals[why] : undefined;
  if (!field || !why || !refusal) return null;
  const [code, message] = refusal;
  return invalid({ [fieldNames[field] ?? field]: why }, code, typeof message === 'function' ? message(r.params) : message);
}

/** Before the body is read: a request that moves money must say how to recognise its retries. */
export function requireIdempotencyKey(req: Request, why: string) {
  if (req.headers.get('idempotency-key') === null) throw new ApiError(400, 'idempotency_key_required', `Send an Idempotency-Key header: ${why}`);
}
