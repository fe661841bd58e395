'use client';

import { useTranslations } from 'next-intl';
import { FinalStepForm } from '@/components/auth/final-step-form';
import { OtpFlow } from '@/components/auth/otp-flow';
import { NewPasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import type { CodeSent } from '@/components/auth/otp-steps';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { completeResetSchema, requestResetCodeSchema } from '@/lib/validation/auth';
import { completeResetAction, requestResetCodeAction, verifyResetCodeAction } from '../../actions';
import { TextLink } from '@/components/ui/text-link';

const ACTIONS = { request: requestResetCodeAction, verify: verifyResetCodeAction };
const STEPS = ['step1Any', 'step2Any', 'step3'] as const;

export function ResetFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('reset');
  const footer = (
    <TextLink href="/login" className="text-sm">
      {t('backToLogin')}
    </TextLink>
  );
  return (
    <OtpFlow
      namespace="reset"
      otpLength={otpLength}
      actions={ACTIONS}
      RequestStep={IdentifierStep}
      subtitles={STEPS}
      FinalStep={NewPasswordStep}
      footer={footer}
    />
  );
}

/** The account's mobile (Iranian or Turkish) or e-mail address; the code goes by the account's own channels. */
function IdentifierStep({ onSent, submitLabel }: { onSent: (s: CodeSent) => void; submitLabel: string }) {
  const t = useTranslations('login');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: requestResetCodeSchema,
    defaultValues: { mobile: '' },
    action: requestResetCodeAction,
    onSuccess: (data) => data && onSent(data),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormError>{formError}</FormError>
      <Field
        {...form.register('mobile')}
        label={t('identifier')}
        hint={t('identifierHint')}
        autoComplete="username"
        dir="ltr"
        error={message(form.formState.errors.mobile?.message)}
        autoFocus
      />
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

function NewPasswordStep({ mobile, onRestart }: { mobile: string; onRestart: () => void }) {
  const t = useTranslations('reset');
  const f = useTranslations('fields');
  const state = useActionForm({ schema: completeResetSchema, defaultValues: { password: '' }, action: completeResetAction });
  return (
    <FinalStepForm mobile={mobile} onRestart={onRestart} restartLabel={t('restart')} submitLabel={t('save')} state={state}>
      <NewPasswordField
        {...state.form.register('password')}
        label={f('newPassword')}
        error={state.message(state.form.formState.errors.password?.message)}
        autoFocus
      />
    </FinalStepForm>
  );
}
