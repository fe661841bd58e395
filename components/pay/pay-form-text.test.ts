import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { payFormWords } from './pay-form-text';

const catalogues = { fa, en, tr } as const;

describe('payFormWords: the words the server makes for the pay form read as the catalogue says', () => {
  it.each(Object.keys(catalogues) as Locale[])('%s', (locale) => {
    const t = createTranslator({ locale, messages: catalogues[locale], namespace: 'pay' });
    const translate = t as unknown as Parameters<typeof payFormWords>[0];
    const words = payFormWords(translate, locale, { unit: 'toman', min: 10_000n, max: 500_000_000n, lockedAmount: false });
    expect(words.amountLabel).toBe(t('amount', { unit: t('unit.toman') }));
    expect(words.amountHint).toBe(t('amountRange', { min: formatAmount(10_000n, locale, 'toman'), max: formatAmount(500_000_000n, locale, 'toman') }));
    // The button as the payer types an amount, and before any.
    const amount = formatAmount(1_234_560n, locale, 'toman');
    expect(`${words.payNow[0]}${amount}${words.payNow[1]}`).toBe(t('payNow', { amount }));
    expect(`${words.payNow[0]}${words.payNow[1]}`.trim()).toBe(t('payNow', { amount: '' }).trim());
    expect(words.payNow.join('')).not.toContain('{');

    expect(payFormWords(translate, locale, { unit: 'rial', min: 5n, max: 5n, lockedAmount: true }).amountHint).toBe(t('lockedAmount'));
    expect(payFormWords(translate, locale, { unit: 'rial', min: 5n, max: 5n, lockedAmount: false }).amountHint).toBeUndefined();
  });
});
