'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { inviteStaffSchema } from '@/lib/staff/schemas';
import { normalizeMobile } from '@/lib/validation/auth';
import { inviteStaffAction } from '../actions';
import { RoleBoxes } from './role-boxes';

/** Invite by mobile: the person then sets a password through "forgot password" (an SMS code proves the mobile). */
export function InviteForm() {
  const t = useTranslations('staff');
  const locale = useLocale() as Locale;
  const [done, setDone] = useState<string | null>(null);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: inviteStaffSchema,
    defaultValues: { mobile: '', firstName: '', lastName: '', roles: [] },
    action: (v) => inviteStaffAction(v),
    onSuccess: (_, v) => {
      setDone(t('invited', { mobile: `\u2066${localDigits(normalizeMobile(v.mobile) ?? v.mobile, locale)}\u2069` }));
      form.reset();
    },
  });
  const { errors } = form.formState;
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      data-testid="invite-staff"
      onSubmit={(e) => {
        setDone(null);
        return onSubmit(e);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id="invite-mobile" label={t('mobile')} digits autoComplete="off" {...form.register('mobile')} error={message(errors.mobile?.message)} />
        <Field id="invite-first" label={t('firstName')} autoComplete="off" {...form.register('firstName')} error={message(errors.firstName?.message)} />
        <Field id="invite-last" label={t('lastName')} autoComplete="off" {...form.register('lastName')} error={message(errors.lastName?.message)} />
      </div>
      <RoleBoxes idPrefix="invite" register={form.register('roles')} error={message(errors.roles?.message)} />
      <p className="text-sm text-muted">{t('inviteHow')}</p>
      <div>
        <Button type="submit" pending={pending}>
          {t('invite')}
        </Button>
      </div>
      <Notice tone="success">{done}</Notice>
      <Notice tone="error">{formError}</Notice>
    </form>
  );
}
