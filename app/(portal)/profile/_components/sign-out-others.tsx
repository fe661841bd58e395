'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { signOutOthersAction } from '../../actions';

export function SignOutOthers() {
  const t = useTranslations('profile');
  const te = useTranslations('errors');
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-4">
      <p className="text-sm text-muted">{t('sessionsBody')}</p>
      <Button
        variant="secondary"
        pending={pending}
        onClick={() =>
          start(async () => {
            try {
              const r = await signOutOthersAction();
              setNote(r.ok ? { tone: 'success', text: t('signedOutOthers') } : { tone: 'error', text: te('unknown') });
            } catch {
              setNote({ tone: 'error', text: te('network') });
            }
          })
        }
      >
        {t('signOutOthers')}
      </Button>
      <Notice tone={note?.tone ?? 'success'} testId="sessions-note">
        {note?.text}
      </Notice>
    </div>
  );
}
