'use client';

import { useTranslations } from 'next-intl';

/**
 * A refusal key in words: the phone-payment wording when there is one (an amount below PayStar's
 * minimum, a duplicate order id), the shared catalogue's otherwise.
 */
export function useIvrMessage() {
  const t = useTranslations('ivr.errors');
  const te = useTranslations('errors');
  return (key: string | null | undefined): string | undefined => {
    if (!key) return undefined;
    if (t.has(key)) return t(key);
    return te.has(key) ? te(key) : te('unknown');
  };
}
