'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { refundIdSchema } from '@/lib/refunds/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof refundIdSchema>;

/** Staff make a new single-use link for a refund's payer and read it out (the old link stops working). */
export function PayerLinkButton({ refundId, action }: { refundId: string; action: (input: Input) => Promise<Result<{ payerLink: string }>> }) {
  const t = useTranslations('refunds');
  const [link, setLink] = useState<string | null>(null);
  const { onSubmit, formError, pending } = useActionForm({
    schema: refundIdSchema,
    defaultValues: { refundId },
    action: (v: Input) => action(v),
    onSuccess: (data) => setLink(data?.payerLink ?? null),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2">
      <Notice tone="error">{formError}</Notice>
      <div>
        <Button type="submit" variant="secondary" pending={pending} data-testid="staff-payer-link">
          {t('newPayerLink')}
        </Button>
      </div>
      {link && (
        <p className="break-all text-sm" dir="ltr" data-testid="staff-payer-link-value">
          {link}
        </p>
      )}
    </form>
  );
}
