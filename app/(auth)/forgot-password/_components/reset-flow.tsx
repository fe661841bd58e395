'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { OtpFlow } from '@/components/auth/otp-flow';
import { PasswordField } from '@/components/auth/password-field';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { completeResetSchema } from '@/lib/validation/auth';
import { completeResetAction, requestResetCodeAction, verifyResetCodeAction } from '../../actions';

export function ResetFlow({ otpLength }: { otpLength: number }) {
  const t = useTranslations('reset');
  return (
    <OtpFlow
      title={t('title')}
      subtitles={[t('step1'), t('step2'), t('step3')]}
      sendLabel={t('sendCode')}
      otpLength={otpLength}
      request={requestResetCodeAction}
      verify={verifyResetCodeAction}
      finalStep={(mobile, restart) => <NewPasswordStep mobile={mobile} onRestart={restart} />}
      footer={
        <Link href="/login" className="text-sm font-medium text-brand-700 underline-offset-4 hover:underline">
          {t('backToLogin')}
        </Link>
      }
    />
  );
}

function NewPasswordStep({ mobile, onRestart }: { mobile: string; onRestart: () => void }) {
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
      <input type="text" name="username" autoComplete="username" value={mobile} readOnly hidden />
      <PasswordField
        {...form.register('password')}
        label={f('newPassword')}
        autoComplete="new-password"
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
