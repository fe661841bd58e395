import { jalaaliMonthLength } from 'jalaali-js';
import { addIsoDays, isoOf, isoOfJalali, jalaliOfIso, weekdayOf, type IsoDay } from './holidays';

export type CalendarSystem = 'jalali' | 'gregorian';

export type GridCell = {
  iso: IsoDay;
  /** Day of the month in the grid's calendar. */
  day: number;
  inMonth: boolean;
  /** 0 = Saturday … 6 = Friday. */
  weekday: number;
};

export type MonthRef = { year: number; month: number };

export function monthLength(system: CalendarSystem, { year, month }: MonthRef): number {
  if (system === 'jalali') return jalaaliMonthLength(year, month);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function firstIsoOf(system: CalendarSystem, { year, month }: MonthRef): IsoDay {
  return system === 'jalali' ? isoOfJalali(year, month, 1) : isoOf(year, month, 1);
}

export function monthOfIso(system: CalendarSystem, iso: IsoDay): MonthRef {
  if (system === 'jalali') {
    const j = jalaliOfIso(iso);
    return { year: j.jy, month: j.jm };
  }
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) };
}

export function shiftMonth({ year, month }: MonthRef, n: number): MonthRef {
  const i = year * 12 + (month - 1) + n;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/**
 * A month as whole weeks from Saturday to Friday (the Iranian week, in both calendars), with
 * the neighbouring months' days filling the first and last weeks.
 */
export function monthGrid(system: CalendarSystem, ref: MonthRef): GridCell[][] {
  const first = firstIsoOf(system, ref);
  const len = monthLength(system, ref);
  const lead = weekdayOf(first);
  const total = Math.ceil((lead + len) / 7) * 7;
  const start = addIsoDays(first, -lead);
  const weeks: GridCell[][] = [];
  for (let i = 0; i < total; i++) {
    const iso = addIsoDays(start, i);
    const inMonth = i >= lead && i < lead + len;
    const day = system === 'jalali' ? jalaliOfIso(iso).jd : Number(iso.slice(8, 10));
    if (i % 7 === 0) weeks.push([]);
    weeks[weeks.length - 1].push({ iso, day, inMonth, weekday: i % 7 });
  }
  return weeks;
}
