'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { ConfirmStep } from '@/components/money/confirm-step';
import { ApproveRejectForm, useDecisionOutcome } from '@/components/ui/approve-reject';
import { Button } from '@/components/ui/button';
import { decidePlatformSchema } from '@/lib/validation/platforms';
import { decidePlatformAction } from './actions';

/**
 * Approve or reject a waiting platform, or suspend a live one: each after a confirm step that says
 * what will happen; the reason box appears only for rejecting or suspending. The outcome is told
 * above the lists (`DecisionOutcomes`), where the platform moves.
 */
export function PlatformDecision({ platformId, name, mode }: { platformId: string; name: string; mode: 'decide' | 'suspend' }) {
  const t = useTranslations('adminPlatforms');
  const router = useRouter();
  const announce = useDecisionOutcome();
  const [suspending, setSuspending] = useState(false);
  const { form, submit, intent, formError, message, pending } = useActionForm({
    schema: decidePlatformSchema,
    defaultValues: { platformId, action: mode === 'decide' ? 'approve' : 'suspend', reason: '' },
    action: (v) => decidePlatformAction(v),
    onSuccess: (_, v) => {
      announce?.(t(v.action === 'approve' ? 'approvedDone' : v.action === 'reject' ? 'rejectedDone' : 'suspendedDone', { name: isolated }));
      setSuspending(false);
      router.refresh();
    },
  });
  // Refused (another staff member decided it meanwhile): the list shows the platform as it now is.
  const error = formError ?? message(form.formState.errors.reason?.message);
  const reasonId = `reason-${platformId}`;
  // The name keeps its own direction (a Latin name in a Persian sentence).
  const b = (chunks: ReactNode) => <bdi>{chunks}</bdi>;
  const isolated = `\u2068${name}\u2069`;

  if (mode === 'decide') {
    return (
      <div className="mt-3">
        <ApproveRejectForm
          id={platformId}
          reason={form.register('reason')}
          onApprove={submit('approve', { action: 'approve', reason: '' })}
          onReject={submit('reject', { action: 'reject' })}
          error={error}
          invalid={!!form.formState.errors.reason}
          labels={{ approve: t('approve'), reject: t('reject'), reason: t('rejectReason') }}
          pending={{ approve: intent === 'approve', reject: intent === 'reject', any: pending }}
          describe={name}
          confirm={{
            approve: { title: t.rich('approveTitle', { name, b }), note: t('approveNote'), confirm: t('approve') },
            reject: { title: t.rich('rejectTitle', { name, b }), note: t('rejectNote'), confirm: t('reject') },
            back: t('back'),
          }}
        />
      </div>
    );
  }
  return (
    <div className="mt-3">
      {!suspending ? (
        <Button
          type="button"
          variant="secondary"
          className="min-h-9"
          onClick={() => setSuspending(true)}
          aria-label={`${t('suspend')}: ${name}`}
          data-testid="suspend-start"
        >
          {t('suspend')}
        </Button>
      ) : (
        <form noValidate onSubmit={(e) => void submit('suspend', { action: 'suspend' })(e)}>
          <ConfirmStep
            id={`suspend-${platformId}`}
            level={3}
            title={t.rich('suspendTitle', { name, b })}
            note={t('suspendNote')}
            confirmLabel={t('suspend')}
            backLabel={t('back')}
            danger
            pending={intent === 'suspend'}
            onBack={() => setSuspending(false)}
            submitTestId="suspend-confirm"
            field={
              <div className="flex flex-col gap-1">
                <label htmlFor={reasonId} className="text-sm font-medium">
                  {t('suspendReason')}
                </label>
                <input
                  id={reasonId}
                  {...form.register('reason')}
                  maxLength={1000}
                  aria-invalid={form.formState.errors.reason ? true : undefined}
                  aria-describedby={error ? `${reasonId}-error` : undefined}
                  className="min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm"
                />
              </div>
            }
          />
        </form>
      )}
      <p id={`${reasonId}-error`} aria-live="polite" className="mt-1 text-xs text-red-700">
        {mode === 'suspend' ? error : null}
      </p>
    </div>
  );
}
