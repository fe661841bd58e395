'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { ConfirmRow } from '@/components/money/confirm-row';
import { TwoFactorStepUp, type StepUpAction } from '@/components/two-factor/step-up';
import { ApproveRejectForm, DecisionOutcomes, useDecisionOutcome } from '@/components/ui/approve-reject';
import { Notice } from '@/components/ui/notice';
import type { Result } from '@/lib/result';
import { slipDecisionSchema } from '@/lib/validation/payments';

type Input = z.input<typeof slipDecisionSchema>;

/**
 * Wraps a list of slips: the success message of the last decision, announced, above the list
 * (the decided row leaves the queue, or loses its buttons). Without it a decision's message
 * shows in its own row.
 */
export function SlipOutcomes({ children }: { children: ReactNode }) {
  return <DecisionOutcomes testId="slip-outcome">{children}</DecisionOutcomes>;
}

/**
 * Confirm a slip (the amount is credited to the merchant's balance) or reject it with a reason
 * (the payer is told): the merchant's or staff's action, each after a confirm step that shows the
 * amount and what will happen. `amount` is formatted by the page in the list's unit.
 */
export function SlipDecision({
  paymentId,
  action,
  amount,
  payer,
  trackingCode,
  stepUp,
}: {
  paymentId: string;
  action: (input: Input) => Promise<Result>;
  amount?: string;
  payer?: string | null;
  trackingCode?: string;
  /** Staff's confirm asks for a fresh authenticator code (`twoFactorStale`): the prompt, then the confirm again. */
  stepUp?: StepUpAction;
}) {
  const t = useTranslations('linkReport');
  const ts = useTranslations('slipDecision');
  const router = useRouter();
  const announce = useDecisionOutcome();
  const [done, setDone] = useState<string | null>(null);
  const { form, submit, intent, formError, formErrorKey, message, pending } = useActionForm({
    schema: slipDecisionSchema,
    defaultValues: { paymentId, approve: true, reason: '' },
    action: (v: Input) => action({ paymentId, approve: v.approve, reason: v.reason ?? '' }),
    onSuccess: (_, v) => {
      const text = v.approve ? ts('confirmed', { amount: amount ?? '' }) : ts('rejected');
      if (announce) announce(text);
      else setDone(text);
      router.refresh();
    },
  });
  const { errors } = form.formState;
  // A refused payment id (gone, decided meanwhile) is told here too: the form has one message line.
  const error = message(errors.reason?.message ?? errors.paymentId?.message) ?? formError;
  if (done) return <Notice tone="success">{done}</Notice>;
  const what = amount ? <bdi>{amount}</bdi> : null;
  const approve = submit('approve', { approve: true });
  return (
    <>
      <ApproveRejectForm
        id={paymentId}
        reason={form.register('reason')}
        onApprove={approve}
        onReject={submit('reject', { approve: false })}
        error={error}
        invalid={!!errors.reason}
        labels={{ approve: t('confirm'), reject: t('reject'), reason: t('rejectReason') }}
        pending={{ approve: intent === 'approve', reject: intent === 'reject', any: pending }}
        describe={trackingCode}
        confirm={{
          approve: { title: ts('approveTitle'), note: ts('approveNote'), confirm: ts('approveConfirm') },
          reject: { title: ts('rejectTitle'), note: ts('rejectNote'), confirm: ts('rejectConfirm') },
          rows: (what || payer || trackingCode) && (
            <>
              {what && <ConfirmRow label={ts('amount')} value={what} strong testId="slip-confirm-amount" />}
              {payer && <ConfirmRow label={ts('payer')} value={<bdi>{payer}</bdi>} />}
              {trackingCode && <ConfirmRow label={ts('trackingCode')} value={<bdi>{trackingCode}</bdi>} />}
            </>
          ),
          back: ts('back'),
        }}
      />
      {stepUp && formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUp} onVerified={() => approve()} />}
    </>
  );
}
