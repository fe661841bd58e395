'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { resendWebhookSchema } from '@/lib/validation/payments';
import { resendWebhookAction } from '../../payments/actions';

export function ResendButton({ eventId, platformId }: { eventId: string; platformId: string }) {
  const t = useTranslations('webhookEvents');
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { onSubmit, pending } = useActionForm({
    schema: resendWebhookSchema,
    defaultValues: { eventId, platformId },
    action: async (v) => {
      const r = await resendWebhookAction(v);
      router.refresh();
      return r;
    },
    onSuccess: () => setDone(true),
  });
  return (
    <form noValidate className="inline-flex items-center gap-2" onSubmit={onSubmit}>
      <Button type="submit" variant="ghost" className="min-h-9 px-2" pending={pending}>
        {t('resend')}
      </Button>
      <span aria-live="polite" className="text-xs text-muted">
        {done ? t('resent') : null}
      </span>
    </form>
  );
}
