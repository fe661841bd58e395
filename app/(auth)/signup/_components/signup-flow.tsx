'use client';

import { useTranslations } from 'next-intl';
import { FinalStepForm } from '@/components/auth/final-step-form';
import { OtpFlow } from '@/components/auth/otp-flow';
import { NewPasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import { Field } from '@/components/ui/field';
import { completeSignupSchema } from '@/lib/validation/auth';
import { completeSignupAction, requestSignupCodeAction, verifySignupCodeAction } from '../../actions';
import { TextLink } from '@/components/ui/text-link';

const ACTIONS = { request: requestSignupCodeAction, verify: verifySignupCodeAction };

export function SignupFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('signup');
  const footer = (
    <p className="text-sm text-muted">
      {t('haveAccount')} <TextLink href="/login">{t('loginLink')}</TextLink>
    </p>
  );
  return <OtpFlow namespace="signup" otpLength={otpLength} actions={ACTIONS} FinalStep={DetailsStep} footer={footer} />;
}

function DetailsStep({ mobile, onRestart }: { mobile: string; onRestart: () => void }) {
  const t = useTranslations('signup');
  const f = useTranslations('fields');
  const state = useActionForm({
    schema: completeSignupSchema,
    defaultValues: { firstName: '', lastName: '', password: '' },
    action: completeSignupAction,
  });
  const { form, message } = state;
  const { errors } = form.formState;
  return (
    <FinalStepForm mobile={mobile} onRestart={onRestart} restartLabel={t('restart')} submitLabel={t('create')} state={state}>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field {...form.register('firstName')} label={f('firstName')} autoComplete="given-name" error={message(errors.firstName?.message)} autoFocus />
        <Field {...form.register('lastName')} label={f('lastName')} autoComplete="family-name" error={message(errors.lastName?.message)} />
      </div>
      <NewPasswordField {...form.register('password')} label={f('password')} error={message(errors.password?.message)} />
    </FinalStepForm>
  );
}
