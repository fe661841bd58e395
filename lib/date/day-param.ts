import { toGregorian } from 'jalaali-js';
import { parseJalaliDay } from '@/lib/reports/jalali';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * A day typed into a list's date filter, as the ISO day the lists filter by: Jalali
 * (`1405/09/10`, Persian digits welcome) or Gregorian (`2026-12-01`, or Turkish `01.12.2026`), told apart by the year.
 * Days that do not exist (`2026-02-30`, `1405/12/31`) are null rather than rolled over.
 */
export function dayParam(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const s = toAsciiDigits(raw).trim();
  // Turkish writes days as dd.MM.yyyy (`01.12.2026`): the year last, so it cannot be mistaken.
  const tr = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (tr) return dayParam(`${tr[3]}-${tr[2]}-${tr[1]}`);
  const g = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (!g) return null;
  const [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
  if (y >= 1900 && y <= 2200) {
    const at = new Date(Date.UTC(y, m - 1, d));
    return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d ? at.toISOString().slice(0, 10) : null;
  }
  const j = parseJalaliDay(s);
  if (!j) return null;
  const { gy, gm, gd } = toGregorian(j.jy, j.jm, j.jd);
  return `${gy}-${String(gm).padStart(2, '0')}-${String(gd).padStart(2, '0')}`;
}
