'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/actions/result';
import { twoFactorLoginSchema } from '@/lib/validation/two-factor';

/** The second step of signing in: a code from the app (or a recovery code), and "remember this device". */
export function TwoFactorCodeForm({ action, next }: { action: (v: z.input<typeof twoFactorLoginSchema>) => Promise<ActionResult>; next: string }) {
  const t = useTranslations('twoFactor');
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: twoFactorLoginSchema,
    defaultValues: { code: '', remember: false },
    action,
    onSuccess: () => navigateAway(next),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
      <FormError>{formError}</FormError>
      <Field
        {...form.register('code')}
        label={t('code')}
        hint={t('codeHint')}
        autoComplete="one-time-code"
        dir="ltr"
        error={message(form.formState.errors.code?.message)}
        autoFocus
      />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register('remember')} className="size-4" />
        {t('remember')}
      </label>
      <Button type="submit" pending={pending}>
        {t('verify')}
      </Button>
    </form>
  );
}
