import { isValidJalaaliDate, toGregorian } from 'jalaali-js';
import { z } from 'zod';
import { payoutState } from '@/db/schema/payouts';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * The staff payouts export's input, one schema for the form on /admin/payouts and the route:
 * from/to (both days counted; none = the current Jalali month), states, one merchant or platform.
 * Days are typed Jalali (1300–1500, as staff in Persian write them) or Gregorian (YYYY-MM-DD), in
 * any digits, and leave as Gregorian `YYYY-MM-DD`.
 */
export const MAX_RANGE_DAYS = 366;
export const PAYOUT_STATES = payoutState.enumValues;
const DAY_MS = 86_400_000;

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function parseExportDay(raw: string): string | null {
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(toAsciiDigits(raw).trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y >= 1300 && y <= 1500) {
    if (!isValidJalaaliDate(y, mo, d)) return null;
    const g = toGregorian(y, mo, d);
    return iso(g.gy, g.gm, g.gd);
  }
  if (y < 1921 || y > 2121) return null;
  const day = iso(y, mo, d);
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day ? day : null;
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

const day = z.string().transform((raw, ctx) => {
  const d = parseExportDay(raw);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'dateInvalid' });
    return z.NEVER;
  }
  return d;
});
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const states = z.preprocess(
  (v) => {
    const list = (Array.isArray(v) ? v : [v]).filter((s) => typeof s === 'string' && s.trim() !== '');
    return list.length ? list : undefined;
  },
  z
    .array(z.enum(PAYOUT_STATES, { error: 'invalid' }))
    .max(PAYOUT_STATES.length, 'invalid')
    .optional(),
);

export const payoutExportSchema = z
  .object({
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
    state: states,
    merchant: z.preprocess(blankToUndefined, z.uuid({ error: 'invalid' }).optional()),
    platform: z.preprocess(blankToUndefined, z.uuid({ error: 'invalid' }).optional()),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'rangeReversed' });
    else if (f.from && f.to && daysBetween(f.from, f.to) > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: 'rangeTooLong' });
  });
export type PayoutExportInput = z.input<typeof payoutExportSchema>;
export type PayoutExportFilters = z.output<typeof payoutExportSchema>;
