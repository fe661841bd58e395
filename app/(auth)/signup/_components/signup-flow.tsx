'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { RequestCodeStep, VerifyCodeStep, type CodeSent } from '@/components/auth/otp-steps';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { completeSignupSchema } from '@/lib/validation/auth';
import { completeSignupAction, requestSignupCodeAction, verifySignupCodeAction } from '../../actions';
import { StepHeader } from '@/components/auth/step-header';

export function SignupFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('signup');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [verified, setVerified] = useState(false);
  const step = !sent ? 1 : !verified ? 2 : 3;

  return (
    <div className="flex flex-col gap-5">
      <StepHeader title={t('title')} subtitle={t(`step${step}`)} step={step} total={3} />
      {step === 1 && <RequestCodeStep action={requestSignupCodeAction} onSent={setSent} submitLabel={t('sendCode')} />}
      {step === 2 && sent && (
        <VerifyCodeStep
          sent={sent}
          otpLength={otpLength}
          verify={verifySignupCodeAction}
          resend={requestSignupCodeAction}
          onVerified={() => setVerified(true)}
          onChangeMobile={() => setSent(null)}
        />
      )}
      {step === 3 && <DetailsStep onRestart={() => { setSent(null); setVerified(false); }} />}
      <p className="text-sm text-muted">
        {t('haveAccount')}{' '}
        <Link href="/login" className="font-medium text-brand-700 underline-offset-4 hover:underline">
          {t('loginLink')}
        </Link>
      </p>
    </div>
  );
}

function DetailsStep({ onRestart }: { onRestart: () => void }) {
  const t = useTranslations('signup');
  const f = useTranslations('fields');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: completeSignupSchema,
    defaultValues: { firstName: '', lastName: '', password: '' },
    action: completeSignupAction,
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <Notice tone="error" testId="form-error">
        {formError && (
          <>
            {formError}{' '}
            <button type="button" onClick={onRestart} className="font-semibold underline">
              {t('restart')}
            </button>
          </>
        )}
      </Notice>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field {...form.register('firstName')} label={f('firstName')} autoComplete="given-name" error={message(errors.firstName?.message)} autoFocus />
        <Field {...form.register('lastName')} label={f('lastName')} autoComplete="family-name" error={message(errors.lastName?.message)} />
      </div>
      <Field
        {...form.register('password')}
        label={f('password')}
        type="password"
        autoComplete="new-password"
        dir="ltr"
        hint={f('passwordHint')}
        error={message(errors.password?.message)}
      />
      <Button type="submit" pending={pending}>
        {t('create')}
      </Button>
    </form>
  );
}
