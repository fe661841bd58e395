'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { withdrawForSubBusinessAction } from '@/app/(portal)/split/actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { TwoFactorStepUp } from '@/components/two-factor/step-up';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { useSplitMessage } from '@/components/split/use-split-message';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { OutcomeNotice } from '@/components/ui/notice';
import { withdrawForSubBusinessSchema } from '@/lib/validation/split';

type Input = z.input<typeof withdrawForSubBusinessSchema>;

/** The marketplace asks for a payout of a sub-business's balance to the sub-business's own approved account. */
export function SubBusinessWithdraw({ beneficiaryId, name }: { beneficiaryId: string; name: string }) {
  const t = useTranslations('split.beneficiaries');
  const msg = useSplitMessage();
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { form, onSubmit, formErrorKey, pending } = useActionForm({
    schema: withdrawForSubBusinessSchema,
    defaultValues: { beneficiaryId, amount: '' } as Input,
    action: (v: Input) => {
      setDone(false);
      return withdrawForSubBusinessAction(v);
    },
    onSuccess: () => {
      setDone(true);
      form.reset({ beneficiaryId, amount: '' });
      router.refresh();
    },
  });
  return (
    <>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" data-testid="sub-business-withdraw" aria-label={t('withdrawFor', { name })}>
        <input type="hidden" {...form.register('beneficiaryId')} />
        <div className="flex flex-wrap items-end gap-3">
          <Field {...form.register('amount')} label={t('withdrawAmount')} error={msg(form.formState.errors.amount?.message)} digits autoComplete="off" />
          <Button type="submit" variant="secondary" pending={pending} data-testid="withdraw-for-sub-business">
            {t('withdraw')}
          </Button>
        </div>
        <OutcomeNotice error={msg(formErrorKey)} done={done ? t('withdrawn') : null} testId="sub-business-withdraw-outcome" />
      </form>
      {formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={onSubmit} />}
    </>
  );
}
