import { describe, expect, it } from 'vitest';
import { SANDBOX_REASONS } from '@/lib/gateways/sandbox';
import { LOOKUP_ERRORS } from '@/lib/ivr';
import { inLocale } from './bilingual';

describe('the phone plays the reader’s half of the core’s bilingual texts', () => {
  it('splits every look-up error and every decline reason into its Persian and English halves', () => {
    for (const text of [...Object.values(LOOKUP_ERRORS), ...Object.values(SANDBOX_REASONS)]) {
      const fa = inLocale(text, 'fa');
      const en = inLocale(text, 'en');
      expect(fa).toMatch(/^[\u0600-\u06ff\u200c\s،.]+$/);
      expect(en).toMatch(/^[A-Za-z ,]+\.$/);
    }
    expect(inLocale(LOOKUP_ERRORS[5], 'en')).toBe('Too many wrong attempts.');
    expect(inLocale(SANDBOX_REASONS.insufficient, 'fa')).toBe('موجودی کافی نیست');
  });

  it('keeps a text that is not in the two-language shape whole', () => {
    expect(inLocale('Declined by the issuer', 'fa')).toBe('Declined by the issuer');
    expect(inLocale('', 'en')).toBe('');
  });
});
