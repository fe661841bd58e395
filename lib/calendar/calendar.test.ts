import { isLeapJalaaliYear, jalaaliMonthLength } from 'jalaali-js';
import { describe, expect, it } from 'vitest';
import data from '@/data/iran-holidays.json';
import { monthGrid, shiftMonth } from './grid';
import { holidayOn, isIsoDay, isoOfJalali, isSettlementDay, jalaliOfIso, settlementDayFrom, weekdayOf, withdrawableOn } from './holidays';

describe('Jalali conversion', () => {
  it('puts Nowruz on the known Gregorian days', () => {
    expect(isoOfJalali(1400, 1, 1)).toBe('2021-03-21');
    expect(isoOfJalali(1402, 1, 1)).toBe('2023-03-21');
    expect(isoOfJalali(1403, 1, 1)).toBe('2024-03-20');
    expect(isoOfJalali(1404, 1, 1)).toBe('2025-03-21');
    expect(isoOfJalali(1405, 1, 1)).toBe('2026-03-21');
    expect(jalaliOfIso('2026-03-21')).toEqual({ jy: 1405, jm: 1, jd: 1 });
  });

  it('knows leap years and the last day of Esfand', () => {
    expect(isLeapJalaaliYear(1403)).toBe(true);
    expect(isLeapJalaaliYear(1404)).toBe(false);
    expect(jalaaliMonthLength(1403, 12)).toBe(30);
    expect(jalaaliMonthLength(1404, 12)).toBe(29);
    expect(isoOfJalali(1403, 12, 30)).toBe('2025-03-20');
    expect(isoOfJalali(1404, 12, 29)).toBe('2026-03-20');
    expect(jalaliOfIso('2025-03-20')).toEqual({ jy: 1403, jm: 12, jd: 30 });
    // The first six months have 31 days, the next five 30.
    expect([1, 6, 7, 11].map((m) => jalaaliMonthLength(1405, m))).toEqual([31, 31, 30, 30]);
  });
});

describe('month grid', () => {
  it('lays Azar 1405 out in weeks from Saturday to Friday', () => {
    // 1 Azar 1405 is Sunday 22 November 2026: the week opens with 30 Aban.
    const weeks = monthGrid('jalali', { year: 1405, month: 9 });
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0][0]).toMatchObject({ iso: '2026-11-21', day: 30, inMonth: false, weekday: 0 });
    expect(weeks[0][1]).toMatchObject({ iso: '2026-11-22', day: 1, inMonth: true, weekday: 1 });
    const inMonth = weeks.flat().filter((c) => c.inMonth);
    expect(inMonth.map((c) => c.day)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(inMonth.at(-1)).toMatchObject({ iso: '2026-12-21', day: 30 });
    // Trailing days belong to Dey.
    expect(weeks[4].filter((c) => !c.inMonth).map((c) => c.day)).toEqual([1, 2, 3, 4]);
    expect(
      weeks
        .flat()
        .filter((c) => c.weekday === 6)
        .every((c) => weekdayOf(c.iso) === 6),
    ).toBe(true);
  });

  it('fills the first week with the previous month when the 1st is midweek', () => {
    // 1 Farvardin 1404 was a Friday: six days of Esfand 1403 come first.
    const weeks = monthGrid('jalali', { year: 1404, month: 1 });
    expect(weeks[0].map((c) => c.inMonth)).toEqual([false, false, false, false, false, false, true]);
    expect(weeks[0][0].day).toBe(25);
    expect(weeks[0][5]).toMatchObject({ day: 30, iso: '2025-03-20' }); // 30 Esfand of leap 1403
  });

  it('lays a Gregorian month out the same way for English', () => {
    const weeks = monthGrid('gregorian', { year: 2026, month: 2 });
    const inMonth = weeks.flat().filter((c) => c.inMonth);
    expect(inMonth).toHaveLength(28);
    expect(inMonth[0]).toMatchObject({ iso: '2026-02-01', weekday: 1 }); // a Sunday
  });

  it('moves between months and years', () => {
    expect(shiftMonth({ year: 1405, month: 12 }, 1)).toEqual({ year: 1406, month: 1 });
    expect(shiftMonth({ year: 1405, month: 1 }, -1)).toEqual({ year: 1404, month: 12 });
    expect(shiftMonth({ year: 1405, month: 9 }, -12)).toEqual({ year: 1404, month: 9 });
  });
});

describe('holidays file', () => {
  it('matches what was published for 1405: 25 days, 6 on a Thursday, 3 on a Friday', () => {
    const days = data.years['1405'].map((h) => isoOfJalali(...(h.date.split('/').map(Number) as [number, number, number])));
    expect(new Set(days).size).toBe(25);
    expect(days.filter((d) => weekdayOf(d) === 5)).toHaveLength(6);
    expect(days.filter((d) => weekdayOf(d) === 6)).toHaveLength(3);
    const months = data.years['1405'].map((h) => Number(h.date.slice(5, 7)));
    for (const none of [2, 7, 9]) expect(months).not.toContain(none);
    expect(months.filter((m) => m === 1)).toHaveLength(6);
    expect(months.filter((m) => m === 5)).toHaveLength(4);
    expect(months.filter((m) => m === 12)).toHaveLength(4);
  });

  it('covers the current and next Jalali year with valid dates', () => {
    expect(Object.keys(data.years)).toEqual(['1405', '1406']);
    for (const list of Object.values(data.years)) {
      for (const h of list) {
        const [jy, jm, jd] = h.date.split('/').map(Number);
        expect(jd).toBeLessThanOrEqual(jalaaliMonthLength(jy, jm));
        expect(h.fa && h.en).toBeTruthy();
      }
    }
  });

  it('tells real days from made-up ones', () => {
    expect(isIsoDay('2026-11-23')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', '1900-01-01', '9999-12-31', '', undefined, 20261123]) expect(isIsoDay(bad)).toBe(false);
  });

  it('marks Nowruz and no ordinary day', () => {
    expect(holidayOn('2026-03-21')?.en).toMatch(/Nowruz/);
    expect(holidayOn('2026-11-23')).toBeUndefined();
  });
});

describe('settlement days', () => {
  it('skips Fridays and holidays', () => {
    expect(isSettlementDay('2026-11-23')).toBe(true); // Monday 2 Azar
    expect(isSettlementDay('2026-11-27')).toBe(false); // Friday
    expect(isSettlementDay('2026-03-21')).toBe(false); // Nowruz
    // From Friday 29 Esfand 1404 (20 March 2026): Nowruz holidays 1–4 Farvardin, so Wednesday 5 Farvardin.
    expect(settlementDayFrom('2026-03-20')).toBe('2026-03-25');
  });

  it('says when money becomes withdrawable', () => {
    const now = new Date('2026-11-23T08:00:00Z'); // Monday 11:30 Tehran
    // Paid Monday 10:00 Tehran → Tuesday's run.
    expect(withdrawableOn(new Date('2026-11-23T06:30:00Z'), now)).toBe('2026-11-24');
    // Paid Thursday 23:00 Tehran → batch of Friday → Saturday.
    expect(withdrawableOn(new Date('2026-11-26T19:30:00Z'), now)).toBe('2026-11-28');
    // Paid Wednesday 21:00 Tehran → Thursday.
    expect(withdrawableOn(new Date('2026-11-25T17:30:00Z'), now)).toBe('2026-11-26');
    // Paid long ago and not settled yet → the next run.
    expect(withdrawableOn(new Date('2026-11-01T06:30:00Z'), now)).toBe('2026-11-24');
    // Before 09:00 on a working day, today's run is still to come.
    expect(withdrawableOn(new Date('2026-11-22T06:30:00Z'), new Date('2026-11-23T05:00:00Z'))).toBe('2026-11-23');
  });
});
