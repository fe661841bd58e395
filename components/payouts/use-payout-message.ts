'use client';

import { useTranslations } from 'next-intl';

/**
 * Payout refusals in the words of this page: limits with their figures (the minimum, the
 * balance) under `payouts.errors.*`, anything else through the form's own `errors.*` lookup.
 */
export function usePayoutMessage(fallback: (key: string | undefined | null) => string | undefined, values: Record<string, string> = {}) {
  const t = useTranslations('payouts.errors');
  return (key: string | undefined | null) => (key && t.has(key) ? t(key, values) : fallback(key));
}
