import { describe, expect, it } from 'vitest';
import { dirOf, isLocale, LOCALE_NAMES } from './config';
import { formatInteger, formatPercent } from './numbers';

describe('numbers in the reader’s language', () => {
  it('groups thousands the way each language does', () => {
    expect(formatInteger(1_234_567, 'fa')).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatInteger(1_234_567, 'en')).toBe('1,234,567');
    expect(formatInteger(1_234_567n, 'tr')).toBe('1.234.567');
    expect(formatInteger(999, 'tr')).toBe('999');
    expect(formatInteger(-1_000, 'tr')).toBe('−1.000');
  });

  it('writes percents with the sign where each language puts it', () => {
    expect(formatPercent(12.5, 'fa')).toBe('۱۲٫۵٪');
    expect(formatPercent(12.5, 'en')).toBe('12.5%');
    expect(formatPercent(12.5, 'tr')).toBe('%12,5');
    expect(formatPercent(40, 'tr')).toBe('%40');
  });
});

describe('languages', () => {
  it('offers Turkish, left to right, by its own name', () => {
    expect(isLocale('tr')).toBe(true);
    expect(dirOf('tr')).toBe('ltr');
    expect(dirOf('fa')).toBe('rtl');
    expect(LOCALE_NAMES.tr).toBe('Türkçe');
  });
});
