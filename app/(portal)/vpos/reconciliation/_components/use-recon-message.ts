'use client';

import { useTranslations } from 'next-intl';

/** A refusal key in words: the reconciliation's wording when there is one, the shared catalogue's otherwise. */
export function useReconMessage() {
  const t = useTranslations('vposRecon.errors');
  const te = useTranslations('errors');
  return (key: string | null | undefined): string | undefined => {
    if (!key) return undefined;
    if (t.has(key)) return t(key);
    return te.has(key) ? te(key) : te('unknown');
  };
}
