'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { RequestCodeStep, VerifyCodeStep, type CodeSent } from '@/components/auth/otp-steps';
import { StepHeader } from '@/components/auth/step-header';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { completeResetSchema } from '@/lib/validation/auth';
import { completeResetAction, requestResetCodeAction, verifyResetCodeAction } from '../../actions';

export function ResetFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('reset');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [verified, setVerified] = useState(false);
  const step = !sent ? 1 : !verified ? 2 : 3;
  return (
    <div className="flex flex-col gap-5">
      <StepHeader title={t('title')} subtitle={t(`step${step}`)} step={step} total={3} />
      {step === 1 && <RequestCodeStep action={requestResetCodeAction} onSent={setSent} submitLabel={t('sendCode')} />}
      {step === 2 && sent && (
        <VerifyCodeStep
          sent={sent}
          otpLength={otpLength}
          verify={verifyResetCodeAction}
          resend={requestResetCodeAction}
          onVerified={() => setVerified(true)}
          onChangeMobile={() => setSent(null)}
        />
      )}
      {step === 3 && <NewPasswordStep onRestart={() => { setSent(null); setVerified(false); }} />}
      <Link href="/login" className="text-sm font-medium text-brand-700 underline-offset-4 hover:underline">
        {t('backToLogin')}
      </Link>
    </div>
  );
}

function NewPasswordStep({ onRestart }: { onRestart: () => void }) {
  const t = useTranslations('reset');
  const f = useTranslations('fields');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: completeResetSchema,
    defaultValues: { password: '' },
    action: completeResetAction,
  });
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
      <Field
        {...form.register('password')}
        label={f('newPassword')}
        type="password"
        autoComplete="new-password"
        dir="ltr"
        hint={f('passwordHint')}
        error={message(form.formState.errors.password?.message)}
        autoFocus
      />
      <Button type="submit" pending={pending}>
        {t('save')}
      </Button>
    </form>
  );
}
