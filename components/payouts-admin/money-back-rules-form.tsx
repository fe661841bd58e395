'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { useSavedForm } from '@/components/forms/use-saved-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { moneyBackRulesSchema } from '@/lib/payouts/staff-schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof moneyBackRulesSchema>;

/** Refunds and disputes: whether a refund gives the payment's fee back (pro rata), and the fee charged when a dispute is lost. */
export function MoneyBackRulesForm({
  current,
  action,
}: {
  current: { refundReturnsFee: boolean; disputeFee: string };
  action: (input: Input) => Promise<Result>;
}) {
  const t = useTranslations('refunds.rules');
  const { form, onSubmit, formError, message, pending, saved } = useSavedForm({ schema: moneyBackRulesSchema, defaultValues: current, action });
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="grid max-w-xl gap-4" data-testid="money-back-rules">
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" {...form.register('refundReturnsFee')} className="mt-1 size-4" />
        <span>
          <span className="block font-medium">{t('refundReturnsFee')}</span>
          <span className="block text-muted">{t('refundReturnsFeeHint')}</span>
        </span>
      </label>
      <Field
        {...form.register('disputeFee')}
        digits
        label={t('disputeFee')}
        hint={t('disputeFeeHint')}
        error={message(form.formState.errors.disputeFee?.message)}
      />
      <div>
        <Button type="submit" pending={pending}>
          {t('save')}
        </Button>
      </div>
      <Notice tone={formError ? 'error' : 'success'} testId="money-back-note">
        {formError ?? (saved ? t('saved') : null)}
      </Notice>
    </form>
  );
}
