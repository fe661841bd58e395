'use client';

import { useTranslations } from 'next-intl';
import { FinalStepForm } from '@/components/auth/final-step-form';
import { OtpFlow } from '@/components/auth/otp-flow';
import { NewPasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import { completeResetSchema } from '@/lib/validation/auth';
import { completeResetAction, requestResetCodeAction, verifyResetCodeAction } from '../../actions';
import { TextLink } from '@/components/ui/text-link';

const ACTIONS = { request: requestResetCodeAction, verify: verifyResetCodeAction };

export function ResetFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('reset');
  const footer = (
    <TextLink href="/login" className="text-sm">
      {t('backToLogin')}
    </TextLink>
  );
  return <OtpFlow namespace="reset" otpLength={otpLength} actions={ACTIONS} FinalStep={NewPasswordStep} footer={footer} />;
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
