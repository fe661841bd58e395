'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormError, Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { GIVABLE_ROLES, inviteSchema } from '@/lib/teams/schemas';
import { inviteMemberAction } from '../actions';

/** The owner's (or an admin's) invitation: a mobile and the role the person will have. */
export function InviteForm() {
  const t = useTranslations('team');
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, message, pending } = useActionForm({
    schema: inviteSchema,
    defaultValues: { mobile: '', role: 'developer' },
    action: async (v) => {
      setDone(false);
      return inviteMemberAction(v);
    },
    onSuccess: () => {
      setDone(true);
      form.reset();
      router.refresh();
    },
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4 sm:flex-row sm:flex-wrap sm:items-start" data-testid="invite-form">
      <FormError>{formError}</FormError>
      <Field
        {...form.register('mobile')}
        label={t('mobile')}
        digits
        autoComplete="off"
        placeholder="09121234567"
        error={message(errors.mobile?.message)}
        className="sm:w-56"
      />
      <SelectField
        {...form.register('role')}
        label={t('role')}
        error={message(errors.role?.message)}
        options={GIVABLE_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      />
      <Button type="submit" pending={pending} className="sm:mt-7" data-testid="invite-submit">
        {t('invite')}
      </Button>
      <Notice tone="success" testId="invite-done">
        {done ? t('invited') : null}
      </Notice>
    </form>
  );
}
