import { z } from 'zod';
import { paymentSource, paymentState, SERVICE_IDS } from '@/db/schema';
import { parseAmount, type DisplayUnit } from '@/lib/money';
import { fieldErrorsOf } from '@/lib/result';
import { normalizeMobile } from '@/lib/validation/auth';
import { toAsciiDigits } from '@/lib/validation/digits';
import { formatJDay, instantRange, parseJalaliDay, presetRange, type JDay } from './jalali';
import { CONTROL_CHARS, singleLine } from '@/lib/validation/text';

/**
 * The transaction report's filters, read from the URL (so a report can be bookmarked and shared)
 * by the same schema in the form and on the server. Empty fields mean "any".
 */
export const PRESETS = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth'] as const;
export const SORTS = ['date_desc', 'date_asc', 'amount_desc', 'amount_asc'] as const;
export const STATES = paymentState.enumValues;
export const SOURCES = paymentSource.enumValues;
export type PaymentSource = (typeof SOURCES)[number];
export { SERVICE_IDS };

const opt = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional());

const jday = z.string().transform((raw, ctx) => {
  const d = parseJalaliDay(raw);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'dateInvalid' });
    return z.NEVER;
  }
  return d;
});

/** An amount typed in the reader's display unit (Toman or Rials), read as Rials on the server. */
const rialsIn = (unit: DisplayUnit) =>
  z.string().transform((raw, ctx) => {
    const r = parseAmount(raw, { unit });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.rials;
  });

/** The filters' schema for a reader whose amounts are in `unit` (the URL carries what they typed). */
export const filtersSchema = (unit: DisplayUnit) =>
  z
    .object({
      preset: opt(z.enum(PRESETS, { error: 'invalid' })),
      from: opt(jday),
      to: opt(jday),
      state: opt(z.enum(STATES, { error: 'invalid' })),
      platform: opt(z.uuid({ error: 'invalid' })),
      merchant: opt(z.uuid({ error: 'invalid' })),
      service: opt(z.enum(SERVICE_IDS, { error: 'invalid' })),
      product: opt(z.string().refine(singleLine, CONTROL_CHARS).max(64, 'tooLong')),
      source: opt(z.enum(SOURCES, { error: 'invalid' })),
      min: opt(rialsIn(unit)),
      max: opt(rialsIn(unit)),
      tracking: opt(
        z
          .string()
          .transform((v) => toAsciiDigits(v))
          .pipe(z.string().regex(/^\d{1,11}$/, 'trackingInvalid')),
      ),
      order: opt(z.string().refine(singleLine, CONTROL_CHARS).max(64, 'tooLong')),
      mobile: opt(
        z.string().transform((v, ctx) => {
          const m = normalizeMobile(v);
          if (!m) {
            ctx.addIssue({ code: 'custom', message: 'mobileInvalid' });
            return z.NEVER;
          }
          return m;
        }),
      ),
      card: opt(
        z
          .string()
          .transform((v) => toAsciiDigits(v))
          .pipe(z.string().regex(/^\d{4}$/, 'cardLast4Invalid')),
      ),
      sort: opt(z.enum(SORTS, { error: 'invalid' })),
      after: opt(z.string().max(200)),
      before: opt(z.string().max(200)),
    })
    .superRefine((f, ctx) => {
      if (f.from && f.to && formatJDay(f.from) > formatJDay(f.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'rangeReversed' });
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'maxBelowMin' });
    });

export const transactionFiltersSchema = filtersSchema('rial');

export type TransactionFilters = z.output<typeof transactionFiltersSchema>;

/**
 * Reads a URL's query: the filters, or the field errors to show next to the form's fields.
 * `unit`: the unit the reader typed the amount filters in (a merchant's display unit), so the
 * same link means the same amounts on the page and in its exports.
 */
export function readFilters(query: Record<string, string | string[] | undefined>, unit: DisplayUnit = 'rial') {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') flat[k] = v;
  const parsed = (unit === 'rial' ? transactionFiltersSchema : filtersSchema(unit)).safeParse(flat);
  if (parsed.success) return { ok: true as const, filters: parsed.data, raw: flat };
  return { ok: false as const, errors: fieldErrorsOf(parsed.error), raw: flat };
}

/** The instants a filter's dates (or preset) cover: [start, end), either side open. */
export function dateWindow(f: TransactionFilters, now = new Date()): { start?: Date; end?: Date; from?: JDay; to?: JDay } {
  if (f.preset) {
    const r = presetRange(f.preset, now);
    return { ...instantRange(r.from, r.to), ...r };
  }
  const out: { start?: Date; end?: Date; from?: JDay; to?: JDay } = { from: f.from, to: f.to };
  if (f.from) out.start = instantRange(f.from, f.from).start;
  if (f.to) out.end = instantRange(f.to, f.to).end;
  return out;
}

/** The filters as a query string (without the cursor), for links, exports and bookmarks. */
export function filtersQuery(raw: Record<string, string>, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (v && k !== 'after' && k !== 'before') q.set(k, v);
  for (const [k, v] of Object.entries(extra)) {
    if (v) q.set(k, v);
    else q.delete(k);
  }
  return q.toString();
}
