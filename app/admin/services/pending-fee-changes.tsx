'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { decideFeeChangeSchema } from '@/lib/staff/schemas';
import { decideFeeChangeAction } from './actions';
import { TwoFactorStepUp } from '@/components/two-factor/step-up';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';

export type PendingFeeView = { id: string; service: string; rule: string; proposer: string; mine: boolean };

/**
 * Fee changes waiting for a second operations approver. The proposer sees that another member must
 * approve (and may withdraw); anyone else approves or rejects. The server refuses the proposer's
 * approval whatever this page shows.
 */
export function PendingFeeChanges({ changes, canDecide }: { changes: PendingFeeView[]; canDecide: boolean }) {
  return (
    <ul className="flex flex-col divide-y divide-slate-100" data-testid="pending-fee-changes">
      {changes.map((c) => (
        <PendingFeeChange key={c.id} change={c} canDecide={canDecide} />
      ))}
    </ul>
  );
}

function PendingFeeChange({ change: c, canDecide }: { change: PendingFeeView; canDecide: boolean }) {
  const t = useTranslations('staff');
  const router = useRouter();
  const { form, submit, intent, formError, formErrorKey, pending } = useActionForm({
    schema: decideFeeChangeSchema,
    defaultValues: { changeId: c.id, approve: true },
    action: (v) => decideFeeChangeAction(v),
    onSuccess: () => router.refresh(),
  });
  return (
    <li className="flex flex-col gap-2 py-3" data-testid={`fee-change-${c.id}`}>
      <p className="text-sm">
        <span className="font-semibold">
          <bdi>{c.service}</bdi>
        </span>
        {' — '}
        <bdi>{c.rule}</bdi>
      </p>
      <p className="text-sm text-muted">{t('proposedBy', { name: `\u2068${c.proposer}\u2069` })}</p>
      {c.mine ? <p className="text-sm text-amber-800">{t('waitingForSecond')}</p> : null}
      {canDecide ? (
        <form noValidate className="flex flex-wrap gap-2" onSubmit={(e) => e.preventDefault()}>
          <input type="hidden" {...form.register('changeId')} />
          <Button
            type="button"
            aria-label={`${t('approve')}: ${c.service}`}
            pending={intent === 'approve'}
            disabled={pending}
            onClick={(e) => void submit('approve', { approve: true })(e)}
          >
            {t('approve')}
          </Button>
          <Button
            type="button"
            variant="secondary"
            aria-label={`${c.mine ? t('withdraw') : t('reject')}: ${c.service}`}
            pending={intent === 'reject'}
            disabled={pending}
            onClick={(e) => void submit('reject', { approve: false })(e)}
          >
            {c.mine ? t('withdraw') : t('reject')}
          </Button>
        </form>
      ) : null}
      <Notice tone="error">{formError}</Notice>
      {formErrorKey === 'twoFactorStale' && <TwoFactorStepUp action={stepUpAction} onVerified={() => submit('approve', { approve: true })()} />}
    </li>
  );
}
