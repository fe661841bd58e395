import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { TEHRAN_OFFSET_MS } from '@/lib/date/tehran';
import { toAsciiDigits } from '@/lib/validation/digits';

/**
 * Jalali days as instants: a day starts at 00:00 Tehran time. Iran keeps UTC+03:30 all year
 * (no daylight saving since 2022), so a day is always 24 hours.
 */
const DAY_MS = 86_400_000;

export type JDay = { jy: number; jm: number; jd: number };

export function parseJalaliDay(raw: string): JDay | null {
  const m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(toAsciiDigits(raw).trim());
  if (!m) return null;
  const [jy, jm, jd] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return jy >= 1300 && jy <= 1500 && isValidJalaaliDate(jy, jm, jd) ? { jy, jm, jd } : null;
}

export function formatJDay(d: JDay): string {
  return `${d.jy}/${String(d.jm).padStart(2, '0')}/${String(d.jd).padStart(2, '0')}`;
}

/** 00:00 Tehran of a Jalali day, as an instant. */
export function startOfJDay(d: JDay): Date {
  const g = toGregorian(d.jy, d.jm, d.jd);
  return new Date(Date.UTC(g.gy, g.gm - 1, g.gd) - TEHRAN_OFFSET_MS);
}

/** The Jalali day an instant falls on in Tehran. */
export function jdayOf(at: Date): JDay {
  const t = new Date(at.getTime() + TEHRAN_OFFSET_MS);
  return toJalaali(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(d: JDay, n: number): JDay {
  return jdayOf(new Date(startOfJDay(d).getTime() + n * DAY_MS + 1));
}

export type Preset = 'today' | 'yesterday' | 'last7' | 'thisMonth' | 'lastMonth';

/** A preset as Jalali days [from, to], both inclusive. */
export function presetRange(preset: Preset, now = new Date()): { from: JDay; to: JDay } {
  const today = jdayOf(now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const y = addDays(today, -1);
      return { from: y, to: y };
    }
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: { ...today, jd: 1 }, to: { ...today, jd: jalaaliMonthLength(today.jy, today.jm) } };
    case 'lastMonth': {
      const jy = today.jm === 1 ? today.jy - 1 : today.jy;
      const jm = today.jm === 1 ? 12 : today.jm - 1;
      return { from: { jy, jm, jd: 1 }, to: { jy, jm, jd: jalaaliMonthLength(jy, jm) } };
    }
  }
}

/** Jalali days [from, to] as instants [start, end). */
export function instantRange(from: JDay, to: JDay): { start: Date; end: Date } {
  return { start: startOfJDay(from), end: new Date(startOfJDay(to).getTime() + DAY_MS) };
}
