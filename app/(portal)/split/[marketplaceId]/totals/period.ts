import { dayParam } from '@/lib/date/day-param';
import { formatIsoDay, localDigits } from '@/lib/date/format';
import { tehranIso, tehranStartOf } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { formatJDay, jdayOf } from '@/lib/reports/jalali';

/**
 * The totals' period from the URL (days typed in either calendar), defaulting to the last 30
 * Tehran days up to today; a reversed range is swapped rather than refused.
 */
export function totalsPeriod(sp: { from?: string; to?: string }, now = new Date()): { from: string; to: string; invalid: boolean } {
  const from = dayParam(sp.from);
  const to = dayParam(sp.to);
  const invalid = Boolean((sp.from && !from) || (sp.to && !to));
  const a = from ?? tehranIso(new Date(now.getTime() - 29 * 86_400_000));
  const b = to ?? tehranIso(now);
  return a <= b ? { from: a, to: b, invalid } : { from: b, to: a, invalid };
}

/** An ISO day as the reader types it: Jalali in Persian, Gregorian in English. */
export function dayInput(iso: string, locale: Locale): string {
  return locale === 'fa' ? formatJDay(jdayOf(tehranStartOf(iso))) : iso;
}

/** An ISO day as the reader reads it. */
export function dayLabel(iso: string, locale: Locale): string {
  if (locale === 'tr') return formatIsoDay(iso, locale);
  return localDigits(dayInput(iso, locale), locale);
}
