'use client';

import { useLocale } from 'next-intl';
import { bankOfSheba, normalizeSheba } from '@/lib/validation/identifiers';

/** The bank a sheba being typed belongs to, in the reader's language, once it is complete and valid. */
export function useShebaBank(sheba: string | undefined | null): string | null {
  const locale = useLocale();
  const s = sheba ? normalizeSheba(sheba) : null;
  const b = s ? bankOfSheba(s) : null;
  return b ? (locale === 'fa' ? b.name : b.nameEn) : null;
}
