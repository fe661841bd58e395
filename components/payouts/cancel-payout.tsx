'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { cancelPayoutSchema } from '@/lib/payouts/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof cancelPayoutSchema>;

/** Takes back a request staff have not decided yet; the amount returns to withdrawable. */
export function CancelPayout({ payoutId, action }: { payoutId: string; action: (input: Input) => Promise<Result<unknown>> }) {
  const t = useTranslations('payouts');
  const router = useRouter();
  const { onSubmit, formError, pending } = useActionForm({
    schema: cancelPayoutSchema,
    defaultValues: { payoutId },
    action: (v: Input) => action(v),
    onSuccess: () => router.refresh(),
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-1">
      <Button type="submit" variant="danger" className="min-h-9 px-3" pending={pending} data-testid="cancel-payout">
        {t('cancel')}
      </Button>
      <div aria-live="polite">{formError && <p className="text-xs text-red-700">{formError}</p>}</div>
    </form>
  );
}
