'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { TextareaField } from '@/components/ui/textarea-field';
import { decideDisputeSchema } from '@/lib/disputes/schemas';
import type { Result } from '@/lib/result';

type Input = z.input<typeof decideDisputeSchema>;

/** The bank's decision as staff record it: won (the hold returns) or lost (the payer is refunded), with the reason the merchant sees. */
export function DecideDisputeForm({ disputeId, action }: { disputeId: string; action: (input: Input) => Promise<Result<unknown>> }) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const { form, submit, intent, formError, message, pending } = useActionForm({
    schema: decideDisputeSchema,
    defaultValues: { disputeId, outcome: 'won', reason: '' },
    action: (v: Input) => action(v),
    onSuccess: () => router.refresh(),
  });
  return (
    <form noValidate className="flex flex-col gap-4" data-testid="decide-form" onSubmit={submit('won', { outcome: 'won' })}>
      <Notice tone="error" testId="form-error">
        {formError}
      </Notice>
      <TextareaField
        {...form.register('reason')}
        label={t('decisionReason')}
        hint={t('decisionHint')}
        rows={3}
        error={message(form.formState.errors.reason?.message)}
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={intent === 'won'} disabled={pending} data-testid="decide-won">
          {t('markWon')}
        </Button>
        <Button
          type="button"
          variant="danger"
          pending={intent === 'lost'}
          disabled={pending}
          onClick={submit('lost', { outcome: 'lost' })}
          data-testid="decide-lost"
        >
          {t('markLost')}
        </Button>
      </div>
    </form>
  );
}
