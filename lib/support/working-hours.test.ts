import { describe, expect, it } from 'vitest';
import { holidayOn, isoOfJalali, weekdayOf } from '@/lib/calendar/holidays';
import { tehranInstant } from '@/lib/date/tehran';
import {
  addWorkingMinutes,
  DEFAULT_WORKING_HOURS,
  isWorkingTime,
  nextWorkingMoment,
  workingMinutesBetween,
  workingWindow,
  WORKING_DAY_MINUTES,
} from './working-hours';

const t = (date: string, time: string) => tehranInstant(date, time);

describe('the calendar these tests rely on', () => {
  it('has the weekdays and holidays the cases assume', () => {
    expect(weekdayOf('2026-12-03')).toBe(5); // Thursday
    expect(weekdayOf('2026-12-04')).toBe(6); // Friday
    expect(isoOfJalali(1405, 10, 1)).toBe('2026-12-22'); // a Tuesday holiday
    expect(holidayOn('2026-12-22')).toBeTruthy();
    expect(weekdayOf('2026-12-22')).toBe(3);
    expect(isoOfJalali(1405, 11, 3)).toBe('2027-01-23'); // a Saturday holiday, after a Friday
    expect(holidayOn('2027-01-23')).toBeTruthy();
    expect(weekdayOf('2027-01-23')).toBe(0);
    expect(holidayOn('2026-12-21')).toBeUndefined();
  });
});

describe('working windows', () => {
  it('opens Saturday–Wednesday 08:00–17:00 and Thursday 08:00–13:00 Tehran (UTC+03:30)', () => {
    const sat = workingWindow('2026-12-05');
    expect(sat?.open.toISOString()).toBe('2026-12-05T04:30:00.000Z');
    expect(sat?.close.toISOString()).toBe('2026-12-05T13:30:00.000Z');
    const thu = workingWindow('2026-12-03');
    expect(thu?.close.toISOString()).toBe('2026-12-03T09:30:00.000Z');
  });

  it('is closed on Fridays and on holidays', () => {
    expect(workingWindow('2026-12-04')).toBeNull();
    expect(workingWindow('2026-12-22')).toBeNull();
    expect(workingWindow('2026-12-22', { ...DEFAULT_WORKING_HOURS, closedOnHolidays: false })).not.toBeNull();
  });

  it('keeps +03:30 in summer too (no daylight saving since 2022)', () => {
    // 2027-06-01 is a Tuesday: opens 08:00 Tehran = 04:30 UTC, as in December.
    expect(workingWindow('2027-06-01')?.open.toISOString()).toBe('2027-06-01T04:30:00.000Z');
    expect(addWorkingMinutes(t('2027-06-01', '16:00'), 120).toISOString()).toBe(t('2027-06-02', '09:00').toISOString());
  });

  it('says when support is open', () => {
    expect(isWorkingTime(t('2026-12-02', '08:00'))).toBe(true);
    expect(isWorkingTime(t('2026-12-02', '16:59'))).toBe(true);
    expect(isWorkingTime(t('2026-12-02', '17:00'))).toBe(false);
    expect(isWorkingTime(t('2026-12-03', '13:30'))).toBe(false);
    expect(isWorkingTime(t('2026-12-04', '10:00'))).toBe(false);
    expect(nextWorkingMoment(t('2026-12-03', '14:00')).toISOString()).toBe(t('2026-12-05', '08:00').toISOString());
    expect(nextWorkingMoment(t('2026-12-02', '10:00')).toISOString()).toBe(t('2026-12-02', '10:00').toISOString());
  });
});

describe('addWorkingMinutes', () => {
  it('adds within a day', () => {
    expect(addWorkingMinutes(t('2026-12-02', '09:00'), 90).toISOString()).toBe(t('2026-12-02', '10:30').toISOString());
  });

  it('ends at closing time rather than the next morning when the minutes run out exactly', () => {
    expect(addWorkingMinutes(t('2026-12-02', '08:00'), WORKING_DAY_MINUTES).toISOString()).toBe(t('2026-12-02', '17:00').toISOString());
  });

  it('counts only five hours on a Thursday and skips the Friday', () => {
    // Thursday 12:00 + 9h: 1h on Thursday, Friday closed, 8h on Saturday → Saturday 16:00.
    expect(addWorkingMinutes(t('2026-12-03', '12:00'), 540).toISOString()).toBe(t('2026-12-05', '16:00').toISOString());
  });

  it('skips a holiday', () => {
    // Monday 10:00 + 9h: 7h Monday, Tuesday 2026-12-22 holiday, 2h Wednesday → Wednesday 10:00.
    expect(addWorkingMinutes(t('2026-12-21', '10:00'), 540).toISOString()).toBe(t('2026-12-23', '10:00').toISOString());
  });

  it('skips a Friday followed by a holiday', () => {
    // Thursday 2027-01-21 09:00: 4h; Friday closed; Saturday 2027-01-23 holiday; 5h Sunday → 13:00.
    expect(addWorkingMinutes(t('2027-01-21', '09:00'), 540).toISOString()).toBe(t('2027-01-24', '13:00').toISOString());
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(addWorkingMinutes(t('2026-12-02', '06:00'), 60).toISOString()).toBe(t('2026-12-02', '09:00').toISOString());
    expect(addWorkingMinutes(t('2026-12-02', '20:00'), 60).toISOString()).toBe(t('2026-12-03', '09:00').toISOString());
    expect(addWorkingMinutes(t('2026-12-04', '11:00'), 60).toISOString()).toBe(t('2026-12-05', '09:00').toISOString());
    // Just after midnight UTC but still the Tehran evening before (23:45 Tehran = 20:15 UTC).
    expect(addWorkingMinutes(new Date('2026-12-02T20:15:00Z'), 30).toISOString()).toBe(t('2026-12-03', '08:30').toISOString());
  });

  it('returns the start for zero minutes and refuses negative or non-finite minutes', () => {
    const s = t('2026-12-04', '11:00');
    expect(addWorkingMinutes(s, 0).getTime()).toBe(s.getTime());
    expect(() => addWorkingMinutes(s, -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(s, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only open time, across a Thursday half-day, a Friday and a holiday', () => {
    expect(workingMinutesBetween(t('2026-12-02', '09:00'), t('2026-12-02', '10:30'))).toBe(90);
    expect(workingMinutesBetween(t('2026-12-03', '12:00'), t('2026-12-05', '16:00'))).toBe(540);
    expect(workingMinutesBetween(t('2026-12-21', '10:00'), t('2026-12-23', '10:00'))).toBe(540);
    expect(workingMinutesBetween(t('2027-01-21', '09:00'), t('2027-01-24', '13:00'))).toBe(540);
    expect(workingMinutesBetween(t('2026-12-04', '00:00'), t('2026-12-04', '23:59'))).toBe(0);
  });

  it('is negative when the second instant is earlier (overdue)', () => {
    expect(workingMinutesBetween(t('2026-12-02', '10:30'), t('2026-12-02', '09:00'))).toBe(-90);
  });

  it('inverts addWorkingMinutes from any start during open hours', () => {
    const starts = [t('2026-12-02', '08:00'), t('2026-12-03', '12:59'), t('2027-01-21', '09:00'), t('2026-12-21', '16:30')];
    for (const s of starts) {
      for (const m of [1, 59, 300, 540, 1080, 5000]) {
        expect(workingMinutesBetween(s, addWorkingMinutes(s, m))).toBe(m);
      }
    }
  });
});
