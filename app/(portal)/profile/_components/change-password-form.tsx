'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { NewPasswordField, PasswordField } from '@/components/auth/password-field';
import { FormError, Notice } from '@/components/ui/notice';
import { changePasswordSchema } from '@/lib/validation/auth';
import { changePasswordAction } from '../../actions';

/** `mobile` fills a hidden username field so password managers update the right entry. */
export function ChangePasswordForm({ mobile }: { mobile: string }) {
  const t = useTranslations('profile');
  const f = useTranslations('fields');
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: changePasswordSchema,
    defaultValues: { currentPassword: '', newPassword: '' },
    action: async (v) => {
      setDone(false);
      return changePasswordAction(v);
    },
    onSuccess: () => {
      setDone(true);
      form.reset();
    },
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-md flex-col gap-5">
      <FormError>{formError}</FormError>
      <input type="text" name="username" autoComplete="username" value={mobile} readOnly hidden />
      <PasswordField
        {...form.register('currentPassword')}
        label={f('currentPassword')}
        autoComplete="current-password"
        error={message(errors.currentPassword?.message)}
      />
      <NewPasswordField {...form.register('newPassword')} label={f('newPassword')} error={message(errors.newPassword?.message)} />
      <Button type="submit" pending={pending} className="self-start">
        {t('savePassword')}
      </Button>
      <Notice tone="success" testId="password-changed">
        {done ? t('passwordChangedOk') : null}
      </Notice>
    </form>
  );
}
