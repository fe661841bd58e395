'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';

/**
 * A refusal key in words: the virtual POS wording when there is one (`vpos.errors.*`), the shared
 * catalogue's otherwise. `left` (kuruş, from a refused refund) is shown as lira.
 */
export function useVposMessage() {
  const t = useTranslations('vpos.errors');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  return (key: string | null | undefined, params: Record<string, string | number> = {}): string | undefined => {
    if (!key) return undefined;
    const values = { ...params };
    if (typeof values.left === 'string' && /^\d+$/.test(values.left)) values.left = formatMoney(BigInt(values.left), 'TRY', locale);
    if (t.has(key)) return t(key as 'vposAmount', values as never);
    return te.has(key) ? te(key as 'unknown', values as never) : te('unknown');
  };
}
