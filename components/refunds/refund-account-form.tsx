'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { ShebaField } from '@/components/payouts/sheba-field';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { refundAccountSchema } from '@/lib/refunds/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof refundAccountSchema>;

/** The payer's sheba and name for a refund; the bank shows as soon as the sheba is valid. Once sent, the link is spent. */
export function RefundAccountForm({
  token,
  defaultHolder,
  action,
}: {
  token: string;
  defaultHolder: string;
  action: (input: Input) => Promise<Result<unknown>>;
}) {
  const t = useTranslations('refundAccount');
  const [sent, setSent] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: refundAccountSchema,
    defaultValues: { token, sheba: '', holderName: defaultHolder },
    action: (v: Input) => action(v),
    onSuccess: () => setSent(true),
  });
  const sheba = useWatch({ control: form.control, name: 'sheba' });
  const { errors } = form.formState;
  if (sent) {
    return (
      <Notice tone="success" testId="refund-account-sent">
        {t('sent')}
      </Notice>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" data-testid="refund-account-form">
      <Notice tone="error" testId="form-error">
        {formError}
      </Notice>
      <ShebaField registration={form.register('sheba')} value={sheba} namespace="refundAccount" error={message(errors.sheba?.message)} />
      <Field {...form.register('holderName')} label={t('holder')} hint={t('holderHint')} error={message(errors.holderName?.message)} />
      <Button type="submit" pending={pending} data-testid="refund-account-submit">
        {t('submit')}
      </Button>
    </form>
  );
}
