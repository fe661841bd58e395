'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { ApproveRejectForm } from '@/components/ui/approve-reject';
import type { Result } from '@/lib/result';
import { slipDecisionSchema } from '@/lib/validation/payments';

type Input = z.input<typeof slipDecisionSchema>;

/** Confirm a slip (it then counts) or reject it with a reason; the merchant's or staff's action. */
export function SlipDecision({ paymentId, action }: { paymentId: string; action: (input: Input) => Promise<Result> }) {
  const t = useTranslations('linkReport');
  const router = useRouter();
  const { form, submit, formError, message, pending } = useActionForm({
    schema: slipDecisionSchema,
    defaultValues: { paymentId, approve: true, reason: '' },
    action: (v: Input) => action({ paymentId, approve: v.approve, reason: v.reason ?? '' }),
    onSuccess: () => router.refresh(),
  });
  const { errors } = form.formState;
  // A refused payment id (gone, decided meanwhile) is told here too: the form has one message line.
  const error = message(errors.reason?.message ?? errors.paymentId?.message) ?? formError;
  return (
    <ApproveRejectForm
      id={paymentId}
      reason={form.register('reason')}
      onApprove={submit('approve', { approve: true })}
      onReject={submit('reject', { approve: false })}
      error={error}
      invalid={!!errors.reason}
      labels={{ approve: t('confirm'), reject: t('reject'), reason: t('rejectReason') }}
      pending={{ approve: pending, reject: pending, any: false }}
    />
  );
}
