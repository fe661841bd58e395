import { toGregorian, toJalaali } from 'jalaali-js';
import data from '@/data/iran-holidays.json';
import { TEHRAN_OFFSET_MS, tehranIso } from '@/lib/date/tehran';

/**
 * Iran's official holidays (data/iran-holidays.json, with its sources) and the settlement days
 * that follow from them: Shaparak settles on working days only — not on Fridays, not on an
 * official holiday.
 */
export type Holiday = { date: string; fa: string; en: string; estimated?: boolean };

/** A day as `YYYY-MM-DD` in the Gregorian calendar (a Tehran day; no time, no zone). */
export type IsoDay = string;

const byIso = new Map<IsoDay, Holiday>();
for (const list of Object.values(data.years) as Holiday[][]) {
  for (const h of list) {
    const [jy, jm, jd] = h.date.split('/').map(Number);
    byIso.set(isoOfJalali(jy, jm, jd), h);
  }
}

/** The Jalali years the file covers. */
export const HOLIDAY_YEARS = Object.keys(data.years).map(Number);

/** A real Gregorian day `YYYY-MM-DD` between 1921 and 2121 (the Jalali years 1300–1500), not 30 February. */
export function isIsoDay(v: unknown): v is IsoDay {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || v < '1921-03-21' || v > '2121-03-20') return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function isoOfJalali(jy: number, jm: number, jd: number): IsoDay {
  const g = toGregorian(jy, jm, jd);
  return isoOf(g.gy, g.gm, g.gd);
}

export function isoOf(gy: number, gm: number, gd: number): IsoDay {
  return `${gy}-${String(gm).padStart(2, '0')}-${String(gd).padStart(2, '0')}`;
}

export function jalaliOfIso(iso: IsoDay): { jy: number; jm: number; jd: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return toJalaali(y, m, d);
}

/** 0 = Saturday … 6 = Friday: the Iranian week. */
export function weekdayOf(iso: IsoDay): number {
  const [y, m, d] = iso.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1) % 7;
}

export function addIsoDays(iso: IsoDay, n: number): IsoDay {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function holidayOn(iso: IsoDay): Holiday | undefined {
  return byIso.get(iso);
}

export function isFriday(iso: IsoDay): boolean {
  return weekdayOf(iso) === 6;
}

/** A day Shaparak settles on: neither a Friday nor an official holiday. */
export function isSettlementDay(iso: IsoDay): boolean {
  return !isFriday(iso) && !byIso.has(iso);
}

/** The first settlement day on or after `iso`. */
export function settlementDayFrom(iso: IsoDay): IsoDay {
  let d = iso;
  // At most a Nowruz week plus a Friday in a row; the bound only guards against bad data.
  for (let i = 0; i < 30 && !isSettlementDay(d); i++) d = addIsoDays(d, 1);
  return d;
}

/**
 * The day money that completed at `completedAt` becomes withdrawable, seen at `now`: what
 * completes by 22:00 is due at 09:00 on the next settlement day; a holiday or Friday pushes it on.
 */
export function withdrawableOn(completedAt: Date, now = new Date()): IsoDay {
  // After 22:00 Tehran a payment belongs to the next day's batch.
  return dueForBatch(tehranIso(new Date(completedAt.getTime() + 2 * 3600_000)), now);
}

/** The settlement day of a batch (payments completed from 22:00 the day before to 22:00 that day). */
export function dueForBatch(batchDay: IsoDay, now = new Date()): IsoDay {
  let due = settlementDayFrom(addIsoDays(batchDay, 1));
  // A run that should have taken it has passed (e.g. the money is late): the next run takes it.
  const today = tehranIso(now);
  const ranToday = new Date(now.getTime() + TEHRAN_OFFSET_MS).getUTCHours() >= 9;
  const nextRun = settlementDayFrom(ranToday ? addIsoDays(today, 1) : today);
  if (due < nextRun) due = nextRun;
  return due;
}
