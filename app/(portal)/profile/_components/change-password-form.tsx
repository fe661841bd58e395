'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { changePasswordSchema } from '@/lib/validation/auth';
import { changePasswordAction } from '../../actions';

export function ChangePasswordForm() {
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
      <Notice tone="error" testId="form-error">
        {formError}
      </Notice>
      <Field
        {...form.register('currentPassword')}
        label={f('currentPassword')}
        type="password"
        autoComplete="current-password"
        dir="ltr"
        error={message(errors.currentPassword?.message)}
      />
      <Field
        {...form.register('newPassword')}
        label={f('newPassword')}
        type="password"
        autoComplete="new-password"
        dir="ltr"
        hint={f('passwordHint')}
        error={message(errors.newPassword?.message)}
      />
      <Button type="submit" pending={pending} className="self-start">
        {t('savePassword')}
      </Button>
      <Notice tone="success" testId="password-changed">
        {done ? t('passwordChangedOk') : null}
      </Notice>
    </form>
  );
}
