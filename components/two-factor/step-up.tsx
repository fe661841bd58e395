'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { twoFactorCodeInputSchema } from '@/lib/validation/two-factor';

export type StepUpAction = (v: z.input<typeof twoFactorCodeInputSchema>) => Promise<ActionResult>;

/**
 * The code prompt of a sensitive action: a form that answered `twoFactorStale` shows this (its
 * own `<form>`, so place it outside the refused form), and `onVerified` submits that form again.
 *
 *   {formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={onSubmit} />}
 */
export function TwoFactorStepUp({ action, onVerified }: { action: StepUpAction; onVerified: () => unknown }) {
  const t = useTranslations('twoFactor');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: twoFactorCodeInputSchema,
    defaultValues: { code: '' },
    action,
    onSuccess: () => onVerified(),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 rounded-xl border border-brand-100 bg-brand-50 p-4" data-testid="two-factor-step-up">
      <p className="text-sm font-semibold">{t('stepUpTitle')}</p>
      <p className="text-sm text-muted">{t('stepUpIntro')}</p>
      <FormError>{formError}</FormError>
      <Field
        {...form.register('code')}
        label={t('code')}
        autoComplete="one-time-code"
        dir="ltr"
        error={message(form.formState.errors.code?.message)}
        autoFocus
      />
      <Button type="submit" pending={pending}>
        {t('stepUpVerify')}
      </Button>
    </form>
  );
}
