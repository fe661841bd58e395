import { isValidJalaaliDate, toGregorian } from 'jalaali-js';
import { tehranIso } from '@/lib/date/tehran';
import { toAsciiDigits } from './digits';

/**
 * `1370/05/21` (Persian digits or dashes fine) → the same, normalised, if it is a real Jalali day in
 * the past. A file of its own: the payer's slip form uses it, and importing it from the customer
 * information schemas put the province list (~39 KB) into the pay page's bundle.
 */
export function normalizeJalaliDate(raw: string, now = new Date()): string | null {
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(toAsciiDigits(raw).trim());
  if (!m) return null;
  const [jy, jm, jd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (jy < 1280 || !isValidJalaaliDate(jy, jm, jd)) return null;
  const g = toGregorian(jy, jm, jd);
  // Not after today in Tehran (whose day starts 3½ hours before UTC's): today is fine at 01:00 too.
  if (Date.UTC(g.gy, g.gm - 1, g.gd) > Date.parse(tehranIso(now))) return null;
  return `${jy}/${String(jm).padStart(2, '0')}/${String(jd).padStart(2, '0')}`;
}
