import { z } from 'zod';
import { CONTROL_CHARS, singleLine } from './text';

/**
 * The fragments most input schemas start from, so each field says only what is its own: its
 * length, its messages, its normaliser. Messages are keys under `errors.*`.
 */

/** One line of free text: trimmed, no control character (`text.ts`); empty is fine until a `.min` says otherwise. */
export const line = () => z.string().trim().refine(singleLine, CONTROL_CHARS);

/** A line that must be there: `required` when missing or empty, `tooLong` (or the field's own message) past `max`. */
export const requiredLine = (max: number, tooLong = 'tooLong') =>
  z.string({ error: 'required' }).trim().refine(singleLine, CONTROL_CHARS).min(1, 'required').max(max, tooLong);

/** Refuses the value a transform is reading, with `message`. */
export function refuse(ctx: z.RefinementCtx, message: string): never {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
}

/** A required line that `normalize` puts in its one canonical form (a sheba, a Jalali day); `message` when it cannot, or past `max`. */
export function normalizedLine(normalize: (raw: string) => string | null, message: string, max: number) {
  return requiredLine(max, message).transform((raw, ctx) => normalize(raw) || refuse(ctx, message));
}

/**
 * A normaliser as a schema for forms with optional parts: empty is `required` (or stays '' when
 * not required), anything else must normalise, `message` when it cannot.
 */
export function normalised(normalise: (raw: string) => string | null, message: string, opts: { required: boolean } = { required: true }) {
  return z
    .string({ error: 'required' })
    .refine(singleLine, CONTROL_CHARS)
    .max(64, message)
    .transform((raw, ctx) => {
      const trimmed = raw.trim();
      if (trimmed === '') {
        if (opts.required) ctx.addIssue({ code: 'custom', message: 'required' });
        return '';
      }
      return normalise(trimmed) ?? refuse(ctx, message);
    });
}
