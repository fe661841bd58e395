import { toGregorian, toJalaali } from 'jalaali-js';
import { DISPLAY_TIME_ZONE, type Locale } from '@/lib/i18n/config';

/** Tehran's zone: business days, and wall-clock times typed as Tehran's (events), are shown in it. */
export const TEHRAN = 'Asia/Tehran';
/** Persian names of the Jalali months, Farvardin first. */
export const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock parts of an instant in a time zone (Tehran unless told). */
function wallParts(d: Date, timeZone = TEHRAN) {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    partsFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function toPersianDigits(s: string | number): string {
  return String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
}

/**
 * Jalali with Persian digits in Persian, Gregorian in English and Turkish.
 *
 * A date alone is a business day, and business days are Tehran days in every language (settlement,
 * reports, the calendar): so without `time` the day is Tehran's, and a Tehran midnight is never
 * shown as the day before. With `time` it is an instant on the reader's clock (Istanbul for
 * Turkish, `DISPLAY_TIME_ZONE`), unless `zone` says whose wall clock it was entered in.
 *
 * Persian `۱ فروردین ۱۴۰۵، ساعت ۰۰:۵۹`; English `21 March 2026, 00:59`; Turkish `21 Mart 2026`,
 * with time `21.03.2026 00:29`.
 */
export function formatDate(d: Date, locale: Locale, opts: { time?: boolean; zone?: string } = {}): string {
  const zone = opts.zone ?? (opts.time ? DISPLAY_TIME_ZONE[locale] : TEHRAN);
  const p = wallParts(d, zone);
  const hhmm = `${pad(p.hour)}:${pad(p.minute)}`;
  if (locale === 'fa') {
    const j = toJalaali(p.year, p.month, p.day);
    const text = `${j.jd} ${JALALI_MONTHS[j.jm - 1]} ${j.jy}${opts.time ? `، ساعت ${hhmm}` : ''}`;
    return toPersianDigits(text);
  }
  if (locale === 'tr') {
    if (opts.time) return `${pad(p.day)}.${pad(p.month)}.${p.year} ${hhmm}`;
    return new Intl.DateTimeFormat('tr-TR', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  }
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  return opts.time ? `${date}, ${hhmm}` : date;
}

/** The Tehran business day of an instant, numeric: ۱۴۰۵/۰۹/۰۲ in Persian, 2026-11-23 in English, 23.11.2026 in Turkish. */
export function formatShortDate(d: Date, locale: Locale): string {
  const p = wallParts(d);
  if (locale === 'fa') {
    const j = toJalaali(p.year, p.month, p.day);
    return toPersianDigits(`${j.jy}/${pad(j.jm)}/${pad(j.jd)}`);
  }
  if (locale === 'tr') return `${pad(p.day)}.${pad(p.month)}.${p.year}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** An ISO business day (`2026-11-23`) as the reader reads it: ۱۴۰۵/۰۹/۰۲, 2026-11-23, 23.11.2026. */
export function formatIsoDay(iso: string, locale: Locale): string {
  return formatShortDate(new Date(`${iso}T12:00:00Z`), locale);
}

/**
 * A slip's deposit day as the reader reads it. The payer picks it on a Jalali calendar and it is kept
 * as written (`1405-09-11`); a Gregorian day (year above 1700) is taken as it is.
 */
export function formatDepositDay(day: string, locale: Locale): string {
  const [y, m, d] = day.split('-').map(Number);
  if (y > 1700) return formatIsoDay(day, locale);
  const g = toGregorian(y, m, d);
  return formatIsoDay(`${g.gy}-${pad(g.gm)}-${pad(g.gd)}`, locale);
}

/** Digits in the locale's script (for mobiles, codes and counts shown as text): Persian digits in Persian only. */
export function localDigits(s: string | number, locale: Locale): string {
  return locale === 'fa' ? toPersianDigits(s) : String(s);
}

/** Wall-clock `HH:MM` on the reader's clock (or `zone`'s), in the locale's digits. */
export function formatTime(d: Date, locale: Locale, zone: string = DISPLAY_TIME_ZONE[locale]): string {
  const p = wallParts(d, zone);
  return localDigits(`${pad(p.hour)}:${pad(p.minute)}`, locale);
}
