import { describe, expect, it } from 'vitest';
import { dayParam } from './day-param';

describe('dayParam', () => {
  it('reads Jalali days, Persian digits too, as ISO days', () => {
    expect(dayParam('1405/09/10')).toBe('2026-12-01');
    expect(dayParam('۱۴۰۵/۰۹/۱۰')).toBe('2026-12-01');
  });
  it('reads Gregorian days', () => {
    expect(dayParam('2026-12-01')).toBe('2026-12-01');
    expect(dayParam('2026/1/5')).toBe('2026-01-05');
  });
  it('reads days as Turkish writes them (dd.MM.yyyy)', () => {
    expect(dayParam('01.12.2026')).toBe('2026-12-01');
    expect(dayParam('5.1.2026')).toBe('2026-01-05');
    expect(dayParam('30.02.2026')).toBeNull();
  });
  it('refuses days that do not exist and anything else', () => {
    expect(dayParam('2026-02-30')).toBeNull();
    expect(dayParam('1405/12/31')).toBeNull();
    expect(dayParam('tomorrow')).toBeNull();
    expect(dayParam('')).toBeNull();
    expect(dayParam(undefined)).toBeNull();
  });
});
