import { describe, expect, it } from 'vitest';
import { tehranStartOf } from './tehran';
import { formatDate, formatIsoDay, formatShortDate, formatTime, localDigits, TEHRAN, toPersianDigits } from './format';

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

  it('shows Gregorian dates in Turkish: dd.MM.yyyy, the long form with Turkish month names', () => {
    expect(formatShortDate(nowruz, 'tr')).toBe('21.03.2026');
    expect(formatDate(nowruz, 'tr')).toBe('21 Mart 2026');
    expect(formatDate(new Date('2026-08-31T09:00:00Z'), 'tr')).toBe('31 Ağustos 2026');
    expect(formatDate(new Date('2026-02-10T09:00:00Z'), 'tr')).toBe('10 Şubat 2026');
    expect(formatIsoDay('2026-12-01', 'tr')).toBe('01.12.2026');
    expect(localDigits(1405, 'tr')).toBe('1405');
  });

  it("shows an instant's clock in Istanbul time in Turkish, and business days as Tehran's", () => {
    // 21:29Z is 00:59 in Tehran (UTC+3:30) and 00:29 in Istanbul (UTC+3).
    expect(formatDate(nowruz, 'tr', { time: true })).toBe('21.03.2026 00:29');
    expect(formatTime(nowruz, 'tr')).toBe('00:29');
    expect(formatTime(nowruz, 'en')).toBe('00:59');
    // 20:45Z: already 21 March in Tehran, still 20 March in Istanbul.
    const between = new Date('2026-03-20T20:45:00Z');
    expect(formatDate(between, 'tr', { time: true })).toBe('20.03.2026 23:45');
    // A day alone is a Tehran business day: a Tehran midnight is not shown as the day before.
    expect(formatDate(tehranStartOf('2026-03-21'), 'tr')).toBe('21 Mart 2026');
    expect(formatShortDate(tehranStartOf('2026-03-21'), 'tr')).toBe('21.03.2026');
    // Wall-clock times typed as Tehran's (events) are shown on Tehran's clock when asked.
    expect(formatDate(nowruz, 'tr', { time: true, zone: TEHRAN })).toBe('21.03.2026 00:59');
    expect(formatTime(nowruz, 'tr', TEHRAN)).toBe('00:59');
  });

  it('converts digits', () => {
    expect(toPersianDigits('09121234567')).toBe('۰۹۱۲۱۲۳۴۵۶۷');
  });
});
