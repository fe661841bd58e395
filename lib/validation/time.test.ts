import { describe, expect, it } from 'vitest';
import { normalizeTimeOfDay, timeOfDay } from './time';
import { maskTime } from '@/components/ui/time-field';

describe('normalizeTimeOfDay', () => {
  it('reads the ways people type a 24-hour time', () => {
    expect(['14:30', '۱۴:۳۰', '٠٩:٠٥', '9:05', '0905', '905', '14.30', ' 00:00 ', '23:59'].map(normalizeTimeOfDay)).toEqual([
      '14:30',
      '14:30',
      '09:05',
      '09:05',
      '09:05',
      '09:05',
      '14:30',
      '00:00',
      '23:59',
    ]);
  });

  it('refuses what is not a time of day', () => {
    expect(['24:00', '7:60', '2pm', '2:30 PM', '1:2', '', '12345'].map(normalizeTimeOfDay)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('timeOfDay schema', () => {
  it('normalises, keeps empty as not given, and refuses with timeInvalid', () => {
    expect(timeOfDay.parse('۹:۰۵')).toBe('09:05');
    expect(timeOfDay.parse('')).toBe('');
    const r = timeOfDay.safeParse('25:00');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('timeInvalid');
  });
});

describe('maskTime (what the time field keeps while typing)', () => {
  it('keeps digits and one colon, puts the colon into four digits, and reads Persian digits', () => {
    expect(maskTime('1430')).toBe('14:30');
    expect(maskTime('۱۴۳۰')).toBe('14:30');
    expect(maskTime('14:3')).toBe('14:3');
    expect(maskTime('14.30')).toBe('14:30');
    expect(maskTime('ab1')).toBe('1');
    expect(maskTime('1:2:3')).toBe('1:23');
    expect(maskTime('14:305')).toBe('14:30');
  });
});
