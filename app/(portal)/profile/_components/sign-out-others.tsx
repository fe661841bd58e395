'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { OutcomeNotice } from '@/components/ui/notice';
import { signOutOthersAction } from '../../actions';

const noInput = z.object({});

export function SignOutOthers() {
  const t = useTranslations('profile');
  const [done, setDone] = useState(false);
  const { onSubmit, formError, pending } = useActionForm({
    schema: noInput,
    defaultValues: {},
    action: signOutOthersAction,
    onSuccess: () => setDone(true),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col items-start gap-4">
      <p className="text-sm text-muted">{t('sessionsBody')}</p>
      <Button type="submit" variant="secondary" pending={pending}>
        {t('signOutOthers')}
      </Button>
      <OutcomeNotice error={formError} done={done ? t('signedOutOthers') : null} testId="sessions-note" />
    </form>
  );
}
