'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { openDisputeSchema } from '@/lib/disputes/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof openDisputeSchema>;

/** Staff record a bank complaint: the payment's tracking code, the amount, the bank's reason, reference and days to answer. */
export function OpenDisputeForm({ action }: { action: (input: Input) => Promise<Result<{ id: string }>> }) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: openDisputeSchema,
    defaultValues: { trackingCode: '', amount: '', reason: '', bankReference: '', days: '7' },
    action: (v: Input) => action(v),
    onSuccess: (data) => router.push(`/admin/disputes/${data?.id}`),
  });
  const msg = (key: string | undefined) => (key && t.has(`errors.${key}`) ? t(`errors.${key}` as 'errors.paymentNotFound') : message(key));
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" data-testid="open-dispute-form">
      <div className="sm:col-span-2">
        <Notice tone="error" testId="form-error">
          {formError}
        </Notice>
      </div>
      <Field {...form.register('trackingCode')} digits label={t('trackingCode')} autoComplete="off" error={msg(errors.trackingCode?.message)} />
      <Field {...form.register('amount')} digits label={t('amountRial')} hint={t('amountHint')} autoComplete="off" error={msg(errors.amount?.message)} />
      <div className="sm:col-span-2">
        <Field {...form.register('reason')} label={t('bankReason')} error={msg(errors.reason?.message)} maxLength={300} />
      </div>
      <Field {...form.register('bankReference')} label={t('bankReference')} dir="ltr" autoComplete="off" error={msg(errors.bankReference?.message)} />
      <Field {...form.register('days')} digits label={t('days')} hint={t('daysHint')} autoComplete="off" error={msg(errors.days?.message)} />
      <div className="sm:col-span-2">
        <Button type="submit" pending={pending} data-testid="open-dispute-submit">
          {t('open')}
        </Button>
      </div>
    </form>
  );
}
