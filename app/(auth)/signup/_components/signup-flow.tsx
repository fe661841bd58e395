'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { FinalStepForm } from '@/components/auth/final-step-form';
import { OtpFlow } from '@/components/auth/otp-flow';
import type { CodeSent } from '@/components/auth/otp-steps';
import { NewPasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { ChoiceCard } from '@/components/ui/choice-card';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import { TextLink } from '@/components/ui/text-link';
import { completeEmailSignupSchema, completeSignupSchema, requestEmailSignupCodeSchema } from '@/lib/validation/auth';
import {
  completeEmailSignupAction,
  completeSignupAction,
  requestEmailSignupCodeAction,
  requestSignupCodeAction,
  resendEmailSignupCodeAction,
  verifySignupCodeAction,
} from '../../actions';

const ACTIONS = { request: requestSignupCodeAction, verify: verifySignupCodeAction };
/** Türkiye: the first code goes by the e-mail form below; "resend" goes to the same address. */
const EMAIL_ACTIONS = { request: resendEmailSignupCodeAction, verify: verifySignupCodeAction };
const EMAIL_STEPS = ['step1Email', 'step2Email', 'step3'] as const;

type Country = 'IR' | 'TR';

/**
 * Sign-up: an Iranian merchant by mobile and SMS code; a Turkish company by e-mail address and an
 * e-mailed code, with its Turkish mobile (which our SMS cannot reach) kept for the account.
 */
export function SignupFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('signup');
  const [country, setCountry] = useState<Country>('IR');
  const footer = (
    <p className="text-sm text-muted">
      {t('haveAccount')} <TextLink href="/login">{t('loginLink')}</TextLink>
    </p>
  );
  const choice = (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-medium">{t('country')}</legend>
      <div className="grid grid-cols-2 gap-3">
        {(['IR', 'TR'] as const).map((c) => (
          <ChoiceCard key={c} name="country" value={c} checked={country === c} onChoose={() => setCountry(c)}>
            {t(c === 'IR' ? 'countryIR' : 'countryTR')}
          </ChoiceCard>
        ))}
      </div>
    </fieldset>
  );
  return country === 'IR' ? (
    <OtpFlow key="IR" namespace="signup" otpLength={otpLength} actions={ACTIONS} FinalStep={DetailsStep} footer={footer} choice={choice} />
  ) : (
    <OtpFlow
      key="TR"
      namespace="signup"
      otpLength={otpLength}
      actions={EMAIL_ACTIONS}
      RequestStep={EmailRequestStep}
      subtitles={EMAIL_STEPS}
      FinalStep={EmailDetailsStep}
      footer={footer}
      choice={choice}
    />
  );
}

function EmailRequestStep({ onSent, submitLabel }: { onSent: (s: CodeSent) => void; submitLabel: string }) {
  const t = useTranslations('signup');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: requestEmailSignupCodeSchema,
    defaultValues: { email: '', mobile: '' },
    action: requestEmailSignupCodeAction,
    onSuccess: (data) => data && onSent(data),
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormError>{formError}</FormError>
      <Field
        {...form.register('email')}
        label={t('email')}
        type="email"
        inputMode="email"
        autoComplete="email"
        dir="ltr"
        error={message(errors.email?.message)}
        autoFocus
      />
      <Field
        {...form.register('mobile')}
        label={t('mobileTR')}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        dir="ltr"
        placeholder="+90 532 123 45 67"
        hint={t('mobileTRHint')}
        error={message(errors.mobile?.message)}
      />
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

type DetailsField = 'firstName' | 'lastName' | 'password';

/** The names and password of step 3, shared by both countries' forms. */
function NameAndPassword({
  register,
  errors,
}: {
  register: (name: DetailsField) => UseFormRegisterReturn<DetailsField>;
  errors: Partial<Record<DetailsField, string>>;
}) {
  const f = useTranslations('fields');
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field {...register('firstName')} label={f('firstName')} autoComplete="given-name" error={errors.firstName} autoFocus />
        <Field {...register('lastName')} label={f('lastName')} autoComplete="family-name" error={errors.lastName} />
      </div>
      <NewPasswordField {...register('password')} label={f('password')} error={errors.password} />
    </>
  );
}

function DetailsStep({ mobile, onRestart }: { mobile: string; onRestart: () => void }) {
  const t = useTranslations('signup');
  const state = useActionForm({
    schema: completeSignupSchema,
    defaultValues: { firstName: '', lastName: '', password: '' },
    action: completeSignupAction,
  });
  const { errors } = state.form.formState;
  return (
    <FinalStepForm mobile={mobile} onRestart={onRestart} restartLabel={t('restart')} submitLabel={t('create')} state={state}>
      <NameAndPassword
        register={(n) => state.form.register(n)}
        errors={{
          firstName: state.message(errors.firstName?.message),
          lastName: state.message(errors.lastName?.message),
          password: state.message(errors.password?.message),
        }}
      />
    </FinalStepForm>
  );
}

function EmailDetailsStep({ mobile, sent, onRestart }: { mobile: string; sent: CodeSent; onRestart: () => void }) {
  const t = useTranslations('signup');
  const state = useActionForm({
    schema: completeEmailSignupSchema,
    defaultValues: { firstName: '', lastName: '', password: '', mobile: sent.phone ?? '' },
    action: completeEmailSignupAction,
  });
  const { errors } = state.form.formState;
  return (
    <FinalStepForm mobile={mobile} onRestart={onRestart} restartLabel={t('restart')} submitLabel={t('create')} state={state}>
      <input type="hidden" {...state.form.register('mobile')} />
      <NameAndPassword
        register={(n) => state.form.register(n)}
        errors={{
          firstName: state.message(errors.firstName?.message),
          lastName: state.message(errors.lastName?.message),
          password: state.message(errors.password?.message),
        }}
      />
    </FinalStepForm>
  );
}
