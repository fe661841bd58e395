'use client';

import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/ui/field';
import { useShebaBank } from './use-sheba-bank';

/** A sheba typed left to right; once it is complete and valid, the hint names its bank. */
export function ShebaField({
  registration,
  value,
  label,
  hint,
  bankIs,
  error,
}: {
  registration: UseFormRegisterReturn;
  /** The sheba as typed so far (watched by the form). */
  value: string | undefined;
  label: string;
  hint: string;
  bankIs: (bank: string) => string;
  error?: string;
}) {
  const bank = useShebaBank(value);
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
