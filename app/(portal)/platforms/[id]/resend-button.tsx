'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { resendWebhookAction } from '../../payments/actions';

export function ResendButton({ eventId, platformId }: { eventId: string; platformId: string }) {
  const t = useTranslations('webhookEvents');
  const router = useRouter();
  const [state, setState] = useState<'idle' | 'pending' | 'done' | 'error'>('idle');
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="ghost"
        className="min-h-9 px-2"
        pending={state === 'pending'}
        onClick={async () => {
          setState('pending');
          const r = await resendWebhookAction(eventId, platformId).catch(() => ({ ok: false }));
          setState(r.ok ? 'done' : 'error');
          router.refresh();
        }}
      >
        {t('resend')}
      </Button>
      <span aria-live="polite" className="text-xs text-muted">
        {state === 'done' ? t('resent') : null}
      </span>
    </span>
  );
}
