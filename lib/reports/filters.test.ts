import { describe, expect, it } from 'vitest';
import { readFilters } from './filters';

describe('report amount filters', () => {
  it('reads the amounts in the reader’s unit and keeps them as Rials', () => {
    const toman = readFilters({ min: '۱۲٬۵۰۰', max: '20000' }, 'toman');
    const rial = readFilters({ min: '۱۲٬۵۰۰', max: '20000' });
    expect(toman.ok && [toman.filters.min, toman.filters.max]).toEqual([125_000n, 200_000n]);
    expect(rial.ok && [rial.filters.min, rial.filters.max]).toEqual([12_500n, 20_000n]);
  });

  it('refuses a minimum above the maximum in either unit', () => {
    const r = readFilters({ min: '300', max: '200' }, 'toman');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.max).toBe('maxBelowMin');
  });
});
