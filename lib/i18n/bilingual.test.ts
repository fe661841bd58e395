import { describe, expect, it } from 'vitest';
import { SANDBOX_REASONS } from '@/lib/gateways/sandbox';
import { inLocale } from './bilingual';

describe('inLocale', () => {
  it('shows the Persian half to Persian readers and the English half to the others', () => {
    expect(inLocale(SANDBOX_REASONS.insufficient, 'fa')).toBe('موجودی کافی نیست');
    expect(inLocale(SANDBOX_REASONS.insufficient, 'en')).toBe('Insufficient balance');
    expect(inLocale(SANDBOX_REASONS.lost, 'tr')).toBe('Lost card');
  });

  it('leaves a text of one language alone, brackets and all', () => {
    expect(inLocale('موجودی کافی نیست', 'en')).toBe('موجودی کافی نیست');
    expect(inLocale('Declined (code 51)', 'fa')).toBe('Declined (code 51)');
    expect(inLocale('The bank did not answer in time', 'fa')).toBe('The bank did not answer in time');
    expect(inLocale('کارت (کد ۵۱)', 'en')).toBe('کارت (کد ۵۱)');
  });
});
