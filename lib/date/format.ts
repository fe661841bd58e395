import { toJalaali } from 'jalaali-js';
import type { Locale } from '@/lib/i18n/config';

const TZ = 'Asia/Tehran';
/** Persian names of the Jalali months, Farvardin first. */
export const JALALI_MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];

/** Wall-clock parts of an instant in Tehran. */
function tehranParts(d: Date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TZ,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

export function toPersianDigits(s: string | number): string {
  return String(s).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
}

/** Jalali with Persian digits in Persian, Gregorian in English; always Tehran time. */
export function formatDate(d: Date, locale: Locale, opts: { time?: boolean } = {}): string {
  const p = tehranParts(d);
  const hhmm = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
  if (locale === 'fa') {
    const j = toJalaali(p.year, p.month, p.day);
    const text = `${j.jd} ${JALALI_MONTHS[j.jm - 1]} ${j.jy}${opts.time ? `، ساعت ${hhmm}` : ''}`;
    return toPersianDigits(text);
  }
  const date = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  return opts.time ? `${date}, ${hhmm}` : date;
}

/** Numeric Jalali date (۱۴۰۵/۰۹/۰۲) or ISO-like Gregorian (2026-11-23). */
export function formatShortDate(d: Date, locale: Locale): string {
  const p = tehranParts(d);
  if (locale === 'fa') {
    const j = toJalaali(p.year, p.month, p.day);
    return toPersianDigits(`${j.jy}/${String(j.jm).padStart(2, '0')}/${String(j.jd).padStart(2, '0')}`);
  }
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Digits in the locale's script (for mobiles, codes and counts shown as text). */
export function localDigits(s: string | number, locale: Locale): string {
  return locale === 'fa' ? toPersianDigits(s) : String(s);
}

/** Tehran wall-clock `HH:MM`, in the locale's digits. */
export function formatTime(d: Date, locale: Locale): string {
  const p = tehranParts(d);
  return localDigits(`${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`, locale);
}
