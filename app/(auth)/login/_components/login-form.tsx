'use client';

import { useTranslations } from 'next-intl';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { PasswordField } from '@/components/auth/password-field';
import { FormError } from '@/components/ui/notice';
import { loginAction } from '../../actions';
import { PageHeader } from '@/components/ui/page-header';
import { TextLink } from '@/components/ui/text-link';

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations('login');
  const f = useTranslations('fields');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    // Loaded when the form is first checked: zod and the validation helpers (37 kB gzipped) are not in
    // the sign-in page's first load, which every merchant, staff member and e2e sees first.
    schema: () => import('@/lib/validation/auth').then((m) => m.loginFormSchema),
    defaultValues: { mobile: '', password: '', callbackUrl },
    action: loginAction,
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <FormError>{formError}</FormError>
      <Field
        {...form.register('mobile')}
        label={t('identifier')}
        hint={t('identifierHint')}
        autoComplete="username"
        dir="ltr"
        error={message(errors.mobile?.message)}
        autoFocus
      />
      <PasswordField {...form.register('password')} label={f('password')} autoComplete="current-password" error={message(errors.password?.message)} />
      <Button type="submit" pending={pending}>
        {t('submit')}
      </Button>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <TextLink href="/forgot-password">{t('forgot')}</TextLink>
        <span className="text-muted">
          {t('noAccount')} <TextLink href="/signup">{t('signupLink')}</TextLink>
        </span>
      </div>
    </form>
  );
}
