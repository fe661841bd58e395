import type { z } from 'zod';
import { fieldErrorsOf, type FieldErrors } from '@/lib/result';

/** What every server action answers. `error` and field messages are keys under `errors.*`. */
export type ActionResult<T = undefined> =
  { ok: true; data?: T } | { ok: false; error?: string; fieldErrors?: FieldErrors; params?: Record<string, number | string> };

export function invalid(error: z.ZodError): ActionResult<never> {
  return { ok: false, fieldErrors: fieldErrorsOf(error) };
}
