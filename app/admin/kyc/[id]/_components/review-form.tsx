'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { navigateAway, useActionForm } from '@/components/forms/use-action-form';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { OutcomeNotice } from '@/components/ui/notice';
import { decideKycSchema } from '@/lib/validation/kyc';
import { decideKycAction, nextKycAction } from '../../actions';
import { TwoFactorStepUp } from '@/components/two-factor/step-up';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';

/** `isolate`: a value in another script's direction (a Turkish trade name in a Persian page), shown in its own. */
export type ReviewRow = { key: string; label: string; value: string; isolate?: boolean };
type Doc = { id: string; key: string; label: string; isImage: boolean; name: string };
type Step = 'idle' | 'approve' | 'approveNext' | 'reject';

/**
 * Approve, approve and open the next profile in the queue, or reject with reasons: each behind a
 * confirm step that says what will happen. The reason boxes (per field and overall) appear only
 * once the reviewer chooses to reject. `arrived`: this page was opened by "approve and open the
 * next", whose success is told here.
 */
export function ReviewForm({
  profileId,
  canDecide,
  rows,
  documents,
  merchantName,
  arrived,
}: {
  profileId: string;
  canDecide: boolean;
  rows: ReviewRow[];
  documents: Doc[];
  merchantName: string;
  arrived?: boolean;
}) {
  const t = useTranslations('adminKyc');
  const router = useRouter();
  const [step, setStep] = useState<Step>('idle');
  const [done, setDone] = useState<'approve' | 'reject' | 'approveNext' | null>(arrived ? 'approveNext' : null);
  const { form, submit, intent, formError, formErrorKey, pending } = useActionForm({
    schema: decideKycSchema,
    defaultValues: { profileId, decision: 'approve', fieldReasons: {}, note: '' } as z.input<typeof decideKycSchema>,
    action: async (v, which: Step | undefined) => {
      const note = v.note ?? '';
      const fieldReasons = v.decision === 'reject' ? v.fieldReasons : {};
      const r = await decideKycAction(which === 'reject' ? { profileId, decision: 'reject', fieldReasons, note } : { profileId, decision: 'approve' });
      // A refusal by the schema names a field (a note too long); the form tells it in its one message either way.
      return r.ok ? r : { ...r, error: r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'invalid', fieldErrors: undefined };
    },
    onSuccess: async (_, __, which) => {
      if (which === 'approveNext') {
        const next = await nextKycAction({ after: profileId });
        const id = next.ok ? next.data?.id : null;
        return navigateAway(id ? `/admin/kyc/${id}?approved=1` : '/admin/kyc?approved=1');
      }
      setStep('idle');
      setDone(which === 'approve' || which === 'reject' ? which : null);
      router.refresh();
    },
  });
  const rejecting = canDecide && step === 'reject';
  // Reasons are keyed by field path (`identity.address`): kept as one record, not as nested form fields.
  const reasons = (form.watch('fieldReasons' as never) as unknown as Record<string, string> | undefined) ?? {};
  const open = (s: Step) => () => {
    setDone(null);
    setStep(s);
  };

  const reasonInput = (key: string, label: string) =>
    rejecting && (
      <input
        aria-label={t('reasonFor', { field: label })}
        name={`reason-${key}`}
        value={reasons[key] ?? ''}
        onChange={(e) => form.setValue('fieldReasons' as never, { ...reasons, [key]: e.target.value } as never)}
        maxLength={500}
        placeholder={t('reasonPlaceholder')}
        className="min-h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm"
      />
    );
  const written = Object.values(reasons).filter((v) => v.trim()).length;

  return (
    <>
      <Card title={t('fields')}>
        <dl className="divide-y divide-slate-100">
          {rows.map((r) => (
            <div key={r.key} className={`grid gap-2 py-2.5 sm:items-center ${rejecting ? 'sm:grid-cols-[12rem_1fr_16rem]' : 'sm:grid-cols-[12rem_1fr]'}`}>
              <dt className="text-sm text-muted">{r.label}</dt>
              <dd className="break-words font-medium" data-testid={`value-${r.key}`}>
                {r.isolate ? <bdi>{r.value}</bdi> : r.value}
              </dd>
              {rejecting && <dd>{reasonInput(r.key, r.label)}</dd>}
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t('documents')}>
        {documents.length === 0 ? (
          <p className="text-sm text-muted">{t('noDocuments')}</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {documents.map((d) => (
              <li key={d.id} className="flex flex-col gap-2 rounded-lg border border-slate-200 p-3">
                <p className="text-sm font-medium">{d.label}</p>
                {d.isImage ? (
                  // eslint-disable-next-line @next/next/no-img-element -- a private, per-user file; the image optimiser must not cache it
                  <img src={`/api/kyc/documents/${d.id}`} alt={d.label} className="max-h-64 rounded border border-slate-200 object-contain" />
                ) : null}
                <a href={`/api/kyc/documents/${d.id}`} target="_blank" rel="noreferrer" className="text-sm text-brand-700 underline">
                  {t('openDocument', { name: d.name })}
                </a>
                {reasonInput(d.key, d.label)}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {canDecide && (
        <Card title={t('decision')}>
          {step === 'idle' ? (
            <div className="flex flex-wrap gap-3">
              <Button type="button" onClick={open('approveNext')} data-testid="kyc-approve-next">
                {t('approveNext')}
              </Button>
              <Button type="button" variant="secondary" onClick={open('approve')} data-testid="kyc-approve">
                {t('approveOnly')}
              </Button>
              <Button type="button" variant="danger" onClick={open('reject')} data-testid="kyc-reject">
                {t('rejectStart')}
              </Button>
            </div>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void submit(step, { decision: step === 'reject' ? 'reject' : 'approve' } as Partial<z.input<typeof decideKycSchema>>)();
              }}
            >
              <ConfirmStep
                id="kyc"
                level={3}
                title={step === 'reject' ? t('confirmRejectTitle', { name: merchantName }) : t('confirmApproveTitle', { name: merchantName })}
                note={step === 'reject' ? t('confirmRejectNote') : step === 'approveNext' ? t('confirmApproveNextNote') : t('confirmApproveNote')}
                confirmLabel={step === 'reject' ? t('rejectConfirm') : step === 'approveNext' ? t('approveNext') : t('approveOnly')}
                backLabel={t('back')}
                danger={step === 'reject'}
                pending={pending || intent !== null}
                onBack={() => setStep('idle')}
                submitTestId="kyc-confirm-submit"
                field={
                  step === 'reject' && (
                    <div className="flex flex-col gap-1.5">
                      <p className="text-sm text-muted" data-testid="kyc-reasons-written">
                        {t('reasonsWritten', { count: written })}
                      </p>
                      <label htmlFor="kyc-note" className="text-sm font-medium">
                        {t('note')}
                      </label>
                      <textarea
                        id="kyc-note"
                        {...form.register('note')}
                        maxLength={2000}
                        rows={3}
                        className="w-full rounded-lg border border-slate-300 bg-white p-3 text-sm"
                      />
                    </div>
                  )
                }
              />
            </form>
          )}
          {/* An approval asks for a fresh authenticator code: the prompt, then the same approval again. */}
          {formErrorKey === 'twoFactorStale' && step !== 'idle' && step !== 'reject' && (
            <div className="mt-4">
              <TwoFactorStepUp action={stepUpAction} onVerified={() => submit(step, { decision: 'approve' } as Partial<z.input<typeof decideKycSchema>>)()} />
            </div>
          )}
        </Card>
      )}
      <OutcomeNotice
        error={formError}
        done={done === 'approve' ? t('approved') : done === 'reject' ? t('rejected') : done === 'approveNext' ? t('approvedOpenedNext') : null}
        testId="decision-note"
      />
    </>
  );
}
