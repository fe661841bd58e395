'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { TwoFactorStepUp, type StepUpAction } from '@/components/two-factor/step-up';
import { ApproveRejectForm } from '@/components/ui/approve-reject';
import type { Result } from '@/lib/result';

const schema = z.object({ approve: z.boolean(), reason: z.string().max(300, 'tooLong').optional() });
type Input = z.input<typeof schema>;

/** Approve, or reject with a reason: a payout request or a destination account. */
export function Decision({
  id,
  label,
  action,
  stepUp,
}: {
  id: string;
  /** What is decided, for the buttons' accessible names ("Approve payout of …"). */
  label: string;
  action: (input: { approve: boolean; reason?: string }) => Promise<Result<unknown>>;
  /** The code prompt when an approval asks for a fresh authenticator code (`twoFactorStale`). */
  stepUp?: StepUpAction;
}) {
  const t = useTranslations('adminPayouts');
  const router = useRouter();
  const { form, submit, intent, formErrorKey, message, pending } = useActionForm({
    schema,
    defaultValues: { approve: true, reason: '' },
    action: (v: Input) => action({ approve: v.approve, reason: v.reason ?? '' }) as Promise<Result>,
    onSuccess: () => router.refresh(),
  });
  const { errors } = form.formState;
  // "Already decided" in the shared catalogue speaks of profiles; this form says it of payouts and accounts.
  const error = formErrorKey === 'alreadyDecided' ? t('alreadyDecided') : (message(errors.reason?.message) ?? message(formErrorKey));
  const approve = submit('approve', { approve: true });
  return (
    <>
      <ApproveRejectForm
        id={id}
        reason={form.register('reason')}
        onApprove={approve}
        onReject={submit('reject', { approve: false })}
        error={error}
        invalid={!!errors.reason}
        labels={{ approve: t('approve'), reject: t('reject'), reason: t('rejectReason') }}
        pending={{ approve: intent === 'approve', reject: intent === 'reject', any: pending }}
        describe={label}
      />
      {stepUp && formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUp} onVerified={() => approve()} />}
    </>
  );
}
