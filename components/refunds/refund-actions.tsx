'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { refundIdSchema } from '@/lib/refunds/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof refundIdSchema>;

/**
 * A refund waiting for the payer's account: send the payer a fresh link (shown here too, for a
 * payment with no mobile), or withdraw the refund (its amount returns to the balances it came from).
 */
export function RefundActions({
  refundId,
  resend,
  cancel,
}: {
  refundId: string;
  resend: (input: Input) => Promise<Result<{ payerLink: string | null }>>;
  cancel: (input: Input) => Promise<Result<unknown>>;
}) {
  const t = useTranslations('refunds');
  const router = useRouter();
  const [link, setLink] = useState<string | null>(null);
  const { submit, intent, formError, pending } = useActionForm({
    schema: refundIdSchema,
    defaultValues: { refundId },
    action: (v: Input, which: 'resend' | 'cancel' | undefined) => (which === 'cancel' ? cancel(v) : resend(v)),
    onSuccess: (data, _v, which) => {
      if (which === 'resend') setLink((data as { payerLink: string | null } | undefined)?.payerLink ?? null);
      else router.refresh();
    },
  });
  return (
    <form noValidate className="flex flex-col gap-1" onSubmit={submit('resend')}>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" className="min-h-9 px-3" pending={intent === 'resend'} disabled={pending} data-testid="refund-resend">
          {t('resend')}
        </Button>
        <Button
          type="button"
          variant="danger"
          className="min-h-9 px-3"
          pending={intent === 'cancel'}
          disabled={pending}
          onClick={submit('cancel')}
          data-testid="refund-cancel"
        >
          {t('cancel')}
        </Button>
      </div>
      {link && (
        <p className="break-all text-xs" dir="ltr" data-testid="refund-new-link">
          {link}
        </p>
      )}
      <div aria-live="polite">{formError && <p className="text-xs text-red-700">{formError}</p>}</div>
    </form>
  );
}
