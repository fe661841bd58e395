import { describe, expect, it } from 'vitest';
import { formatDate, formatShortDate, toPersianDigits } from './format';

describe('dates', () => {
  // 2026-03-20T20:29:00Z is 00:59 on 1 Farvardin 1405 in Tehran (UTC+3:30): the day turns in Tehran, not in UTC.
  const nowruz = new Date('2026-03-20T21:29:00Z');

  it('shows Jalali dates with Persian digits in Persian, in Tehran time', () => {
    expect(formatShortDate(nowruz, 'fa')).toBe('۱۴۰۵/۰۱/۰۱');
    expect(formatDate(nowruz, 'fa', { time: true })).toBe('۱ فروردین ۱۴۰۵، ساعت ۰۰:۵۹');
  });

  it('shows Gregorian dates in English', () => {
    expect(formatShortDate(nowruz, 'en')).toBe('2026-03-21');
    expect(formatDate(nowruz, 'en')).toBe('21 March 2026');
  });

  it('converts digits', () => {
    expect(toPersianDigits('09121234567')).toBe('۰۹۱۲۱۲۳۴۵۶۷');
  });
});
