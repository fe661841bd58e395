import { addIsoDays, holidayOn, weekdayOf, type IsoDay } from '@/lib/calendar/holidays';
import { tehranIso, tehranStartOf } from '@/lib/date/tehran';

/**
 * Support's working clock: the hours in which an answer is owed. Default: Saturday–Wednesday
 * 08:00–17:00 and Thursday 08:00–13:00 Tehran time, Friday closed, and closed on the official
 * holidays of data/iran-holidays.json (the same loader as the settlement calendar). Tehran keeps
 * UTC+03:30 all year, so a day is always 24 hours and the arithmetic is plain offsets.
 *
 * SLA clocks (a ticket's first answer, a payer's inquiry escalating to staff after one working
 * day) are `addWorkingMinutes(created, target)`; time left is `workingMinutesBetween(now, due)`.
 */

/** Open minutes of a day, from 00:00 Tehran: `[open, close)`; null when closed all day. */
export type DayHours = { open: number; close: number } | null;

/** Hours by Iranian weekday: index 0 = Saturday … 6 = Friday. */
export type WorkingHours = {
  week: readonly [DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours];
  /** Whether official holidays are closed days (default true). */
  closedOnHolidays: boolean;
};

const full: DayHours = { open: 8 * 60, close: 17 * 60 };

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  week: [full, full, full, full, full, { open: 8 * 60, close: 13 * 60 }, null],
  closedOnHolidays: true,
};

/** One working day's worth of minutes on a full day (what "within a working day" means). */
export const WORKING_DAY_MINUTES = 9 * 60;

const MIN = 60_000;
/** More than a year of closed days in a row is a broken schedule, not a long holiday. */
const MAX_DAYS = 800;

/** The open window of a Tehran day as instants, or null when the day is closed. */
export function workingWindow(day: IsoDay, hours: WorkingHours = DEFAULT_WORKING_HOURS): { open: Date; close: Date } | null {
  const h = hours.week[weekdayOf(day)];
  if (!h || h.close <= h.open) return null;
  if (hours.closedOnHolidays && holidayOn(day)) return null;
  const base = tehranStartOf(day).getTime();
  return { open: new Date(base + h.open * MIN), close: new Date(base + h.close * MIN) };
}

/** Whether support is open at `at`. */
export function isWorkingTime(at: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): boolean {
  const w = workingWindow(tehranIso(at), hours);
  return !!w && at >= w.open && at < w.close;
}

/** `at` itself when support is open then, otherwise the next moment it opens. */
export function nextWorkingMoment(at: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  let day = tehranIso(at);
  for (let i = 0; i < MAX_DAYS; i++, day = addIsoDays(day, 1)) {
    const w = workingWindow(day, hours);
    if (!w || at >= w.close) continue;
    return at > w.open ? at : w.open;
  }
  throw new Error('working hours: no open day within the search bound');
}

/**
 * The instant `minutes` working minutes after `start`. Time outside working hours does not count:
 * a start on a Friday evening begins counting when support next opens. Ending exactly at closing
 * time gives the closing time (not the next morning). `minutes` may be fractional; 0 gives `start`.
 */
export function addWorkingMinutes(start: Date, minutes: number, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('addWorkingMinutes: minutes must be a finite number ≥ 0');
  if (Number.isNaN(start.getTime())) throw new RangeError('addWorkingMinutes: invalid start');
  if (minutes === 0) return new Date(start.getTime());
  let left = minutes * MIN;
  let day = tehranIso(start);
  for (let i = 0; i < MAX_DAYS; i++, day = addIsoDays(day, 1)) {
    const w = workingWindow(day, hours);
    if (!w || start >= w.close) continue;
    const from = Math.max(start.getTime(), w.open.getTime());
    const avail = w.close.getTime() - from;
    if (left <= avail) return new Date(from + left);
    left -= avail;
  }
  throw new Error('working hours: no open day within the search bound');
}

/**
 * Working minutes from `a` to `b` (the open time between them, possibly fractional). Negative when
 * `b` is before `a`, so "time left until due" reads naturally as overdue below zero.
 */
export function workingMinutesBetween(a: Date, b: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) throw new RangeError('workingMinutesBetween: invalid date');
  if (b < a) return -workingMinutesBetween(b, a, hours);
  let total = 0;
  const lastDay = tehranIso(b);
  for (let day = tehranIso(a); day <= lastDay; day = addIsoDays(day, 1)) {
    const w = workingWindow(day, hours);
    if (!w) continue;
    const from = Math.max(a.getTime(), w.open.getTime());
    const to = Math.min(b.getTime(), w.close.getTime());
    if (to > from) total += to - from;
  }
  return total / MIN;
}
