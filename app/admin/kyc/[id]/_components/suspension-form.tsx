'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { OutcomeNotice } from '@/components/ui/notice';
import { suspendKycSchema } from '@/lib/validation/kyc';
import { suspendKycAction } from '../../actions';

/**
 * Suspend an approved business (with the reason the merchant reads) or lift its suspension: each
 * after a confirm step naming the business and saying what stops or comes back.
 */
export function SuspensionForm({
  profileId,
  name,
  suspended,
  since,
}: {
  profileId: string;
  name: string;
  suspended: boolean;
  /** "Suspended on … Reason: …", when suspended. */
  since?: string;
}) {
  const t = useTranslations('adminKyc');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const verb = suspended ? 'reinstate' : 'suspend';
  const { form, submit, intent, formError, message, pending } = useActionForm({
    schema: suspendKycSchema,
    defaultValues: suspended ? { profileId, action: 'reinstate' } : { profileId, action: 'suspend', reason: '' },
    action: (v) => suspendKycAction(v),
    onSuccess: (_, v) => {
      setOpen(false);
      setDone(t(v.action === 'suspend' ? 'suspendedDone' : 'reinstatedDone'));
      router.refresh();
    },
  });
  const reasonError = 'reason' in form.formState.errors ? message((form.formState.errors as { reason?: { message?: string } }).reason?.message) : null;
  const b = (chunks: ReactNode) => <bdi>{chunks}</bdi>;
  const reasonId = `suspend-reason-${profileId}`;
  return (
    <Card title={t('suspendSection')}>
      <div className="flex flex-col gap-3 text-sm" data-testid="suspension">
        {suspended ? <p className="font-medium text-amber-900">{since}</p> : <p className="text-muted">{t('suspendIntro')}</p>}
        {!open ? (
          <div>
            <Button type="button" variant="secondary" className="min-h-11" onClick={() => (setDone(null), setOpen(true))} data-testid={`${verb}-start`}>
              {t(verb)}
            </Button>
          </div>
        ) : (
          <form noValidate onSubmit={(e) => void submit(verb, suspended ? { action: 'reinstate' } : { action: 'suspend' })(e)}>
            <ConfirmStep
              id={`kyc-${verb}-${profileId}`}
              level={3}
              title={t.rich(suspended ? 'reinstateTitle' : 'suspendTitle', { name, b })}
              note={t(suspended ? 'reinstateNote' : 'suspendNote')}
              confirmLabel={t(verb)}
              backLabel={t('back')}
              danger={!suspended}
              pending={intent === verb || pending}
              onBack={() => setOpen(false)}
              submitTestId={`${verb}-confirm`}
              field={
                suspended ? undefined : (
                  <div className="flex flex-col gap-1">
                    <label htmlFor={reasonId} className="text-sm font-medium">
                      {t('suspendReason')}
                    </label>
                    <textarea
                      id={reasonId}
                      {...form.register('reason' as never)}
                      maxLength={1000}
                      rows={3}
                      aria-invalid={reasonError ? true : undefined}
                      aria-describedby={reasonError ? `${reasonId}-error` : undefined}
                      className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm"
                    />
                    <p id={`${reasonId}-error`} aria-live="polite" className="text-xs text-red-700">
                      {reasonError}
                    </p>
                  </div>
                )
              }
            />
          </form>
        )}
        <OutcomeNotice error={formError} done={done} testId="suspension-note" />
      </div>
    </Card>
  );
}
