'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { PAYOUT_STATES, payoutExportSchema } from '@/lib/payouts/export-schema';
import { fieldErrorsOf, type FieldErrors } from '@/lib/result';

/**
 * The staff payouts export: a plain GET form to the route, so the browser downloads the streamed
 * file itself (no blob in memory) and it works without JavaScript. With JavaScript, the route's
 * schema checks the fields first and keeps a bad range on the page, beside its field.
 */
export function PayoutExportForm({ from, to }: { from: string; to: string }) {
  const t = useTranslations('adminPayouts.export');
  const states = useTranslations('adminPayouts.payoutStates');
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const data = new FormData(e.currentTarget);
    const parsed = payoutExportSchema.safeParse({ from: data.get('from'), to: data.get('to'), state: data.getAll('state') });
    if (parsed.success) return setErrors({});
    e.preventDefault();
    setErrors(fieldErrorsOf(parsed.error));
  };
  const err = (k: string) => (errors[k] ? t(`errors.${errors[k]}` as never) : undefined);
  return (
    <form
      method="get"
      action="/api/admin/payouts/export"
      onSubmit={onSubmit}
      noValidate
      className="grid items-start gap-4 sm:grid-cols-2 lg:grid-cols-4"
      data-testid="payout-export-form"
    >
      <Field id="export-from" name="from" label={t('from')} defaultValue={from} placeholder={t('dateHint')} error={err('from')} digits autoComplete="off" />
      <Field id="export-to" name="to" label={t('to')} defaultValue={to} placeholder={t('dateHint')} error={err('to')} digits autoComplete="off" />
      <SelectField id="export-state" name="state" label={t('state')} defaultValue="" error={err('state')}>
        <option value="">{t('anyState')}</option>
        {PAYOUT_STATES.map((s) => (
          <option key={s} value={s}>
            {states(s)}
          </option>
        ))}
      </SelectField>
      <div className="self-end">
        <Button type="submit" variant="secondary" data-testid="payout-export-submit">
          {t('download')}
        </Button>
      </div>
    </form>
  );
}
