import { z } from 'zod';
import { toAsciiDigits } from './digits';
import { CONTROL_CHARS, singleLine } from './text';

/**
 * A wall-clock time on the 24-hour clock as people type it — `14:30`, `۱۴:۳۰`, `9:05`, `0905`,
 * `14.30` — as `HH:MM`, or null when it is not a time of day (`24:00`, `7:60`, `2pm`).
 */
export function normalizeTimeOfDay(raw: string): string | null {
  const m = /^(\d{1,2})[:.٫]?(\d{2})$/.exec(toAsciiDigits(raw).trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** An optional 24-hour time (`''` when not given), normalised to `HH:MM`; the form's `TimeField` and the server share it. */
export const timeOfDay = z
  .string()
  .trim()
  .refine(singleLine, CONTROL_CHARS)
  .transform((v) => (v === '' ? '' : (normalizeTimeOfDay(v) ?? v)))
  .refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'timeInvalid');
