'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { OtpFlow } from '@/components/auth/otp-flow';
import { PasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { completeSignupSchema } from '@/lib/validation/auth';
import { completeSignupAction, requestSignupCodeAction, verifySignupCodeAction } from '../../actions';

export function SignupFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('signup');
  return (
    <OtpFlow
      title={t('title')}
      subtitles={[t('step1'), t('step2'), t('step3')]}
      sendLabel={t('sendCode')}
      otpLength={otpLength}
      request={requestSignupCodeAction}
      verify={verifySignupCodeAction}
      finalStep={(mobile, restart) => <DetailsStep mobile={mobile} onRestart={restart} />}
      footer={
        <p className="text-sm text-muted">
          {t('haveAccount')}{' '}
          <Link href="/login" className="font-medium text-brand-700 underline-offset-4 hover:underline">
            {t('loginLink')}
          </Link>
        </p>
      }
    />
  );
}

function DetailsStep({ mobile, onRestart }: { mobile: string; onRestart: () => void }) {
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
      <input type="text" name="username" autoComplete="username" value={mobile} readOnly hidden />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field {...form.register('firstName')} label={f('firstName')} autoComplete="given-name" error={message(errors.firstName?.message)} autoFocus />
        <Field {...form.register('lastName')} label={f('lastName')} autoComplete="family-name" error={message(errors.lastName?.message)} />
      </div>
      <PasswordField
        {...form.register('password')}
        label={f('password')}
        autoComplete="new-password"
        hint={f('passwordHint')}
        error={message(errors.password?.message)}
      />
      <Button type="submit" pending={pending}>
        {t('create')}
      </Button>
    </form>
  );
}
