'use client';

import { useTranslations } from 'next-intl';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/ui/field';
import { useShebaBank } from './use-sheba-bank';

/**
 * A sheba typed left to right; once it is complete and valid, the hint names its bank. Its words
 * (`sheba`, `shebaHint`, `bankIs`) come from the page's namespace: a merchant's and a payer's differ.
 */
export function ShebaField({
  registration,
  value,
  namespace,
  error,
}: {
  registration: UseFormRegisterReturn;
  /** The sheba as typed so far (watched by the form). */
  value: string | undefined;
  namespace: 'payouts' | 'refundAccount';
  error?: string;
}) {
  const t = useTranslations(namespace);
  const bank = useShebaBank(value);
  const label = t('sheba');
  const hint = t('shebaHint');
  const bankIs = (b: string) => t('bankIs', { bank: b });
  return (
    <Field
      {...registration}
      label={label}
      dir="ltr"
      autoComplete="off"
      placeholder="IR00 0000 0000 0000 0000 0000 00"
      hint={bank ? <span data-testid="sheba-bank">{bankIs(bank)}</span> : hint}
      error={error}
    />
  );
}
