'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FileField, postFile } from '@/components/ui/file-field';
import { Notice } from '@/components/ui/notice';
import type { Result } from '@/lib/result';

const sentSchema = z.object({ batchId: z.string() });

/** Marks the batch sent to the bank (its payouts approved → sent). */
export function MarkSent({ batchId, action }: { batchId: string; action: (input: { batchId: string }) => Promise<Result<{ sent: number }>> }) {
  const t = useTranslations('adminPayouts');
  const router = useRouter();
  const { onSubmit, formError, pending } = useActionForm({
    schema: sentSchema,
    defaultValues: { batchId },
    action: () => action({ batchId }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-2">
      <div>
        <Button type="submit" pending={pending}>
          {t('markSent')}
        </Button>
      </div>
      <Notice tone="error">{formError}</Notice>
    </form>
  );
}

const settleSchema = z.object({
  outcome: z.enum(['paid', 'returned']),
  bankRef: z.string().max(60, 'tooLong').optional(),
  reason: z.string().max(300, 'tooLong').optional(),
});
type SettleInput = { batchId: string; payoutId: string; outcome: 'paid' | 'returned'; bankRef?: string; reason?: string };

/** One payout paid (with the bank's reference) or returned (with the reason), by hand. */
export function SettleRow({
  batchId,
  payoutId,
  label,
  action,
}: {
  batchId: string;
  payoutId: string;
  label: string;
  action: (input: SettleInput) => Promise<Result>;
}) {
  const t = useTranslations('adminPayouts');
  const router = useRouter();
  const { form, submit, intent, formErrorKey, message, pending } = useActionForm({
    schema: settleSchema,
    defaultValues: { outcome: 'paid', bankRef: '', reason: '' },
    action: (v) => action({ batchId, payoutId, outcome: v.outcome, bankRef: v.bankRef || undefined, reason: v.reason || undefined }),
    onSuccess: () => router.refresh(),
  });
  const { errors } = form.formState;
  const error =
    formErrorKey === 'alreadyDecided' ? t('alreadySettled') : (message(errors.reason?.message) ?? message(errors.bankRef?.message) ?? message(formErrorKey));
  const errorId = `settle-${payoutId}-error`;
  return (
    <form noValidate className="flex flex-col gap-2" onSubmit={(e) => void submit('paid', { outcome: 'paid' })(e)} data-testid={`settle-${payoutId}`}>
      <div className="flex flex-wrap items-center gap-2">
        <input
          {...form.register('bankRef')}
          aria-label={t('bankRefFor', { label })}
          placeholder={t('bankRef')}
          dir="ltr"
          className="min-h-9 w-36 rounded-lg border border-slate-300 px-2 text-sm"
        />
        <Button type="submit" className="min-h-9" pending={intent === 'paid'} disabled={pending} aria-label={`${t('markPaid')}: ${label}`}>
          {t('markPaid')}
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <input
          {...form.register('reason')}
          aria-label={t('returnReasonFor', { label })}
          placeholder={t('returnReason')}
          aria-describedby={error ? errorId : undefined}
          className="min-h-9 w-36 rounded-lg border border-slate-300 px-2 text-sm"
        />
        <Button
          type="button"
          variant="danger"
          className="min-h-9"
          pending={intent === 'returned'}
          disabled={pending}
          onClick={(e) => void submit('returned', { outcome: 'returned' })(e)}
          aria-label={`${t('markReturned')}: ${label}`}
        >
          {t('markReturned')}
        </Button>
      </div>
      <p id={errorId} aria-live="polite" className="text-xs text-red-700">
        {error}
      </p>
    </form>
  );
}

type Summary = { paid: number; returned: number; unchanged: number; closed: boolean; errors: { line: number; error: string }[] };

/** The bank's result file (CSV or Excel): every row it can match is settled; what it could not read is listed by line. */
export function ResultUpload({ batchId }: { batchId: string }) {
  const t = useTranslations('adminPayouts');
  const te = useTranslations('errors');
  const router = useRouter();
  const [summary, setSummary] = useState<Summary | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <FileField
        name="file"
        id="result-file"
        label={t('resultFile')}
        hint={t('resultFileHint')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        chooseLabel={t('chooseResultFile')}
        doneText={t('resultApplied')}
        onPick={() => setSummary(null)}
        upload={async (file) => {
          const r = await postFile<Summary>(`/api/admin/payouts/batches/${batchId}/results`, { file });
          if (!r.ok) return { ok: false, error: te.has(r.code) ? te(r.code) : te('unknown') };
          setSummary(r.data);
          router.refresh();
          return { ok: true };
        }}
      />
      <Notice tone={summary?.errors.length ? 'error' : 'success'} testId="result-summary">
        {summary && (
          <>
            <p>{t('resultSummary', { paid: summary.paid, returned: summary.returned, unchanged: summary.unchanged })}</p>
            {summary.errors.length > 0 && (
              <ul className="mt-1 list-disc ps-5">
                {summary.errors.map((e) => (
                  <li key={`${e.line}-${e.error}`}>{t(`resultErrors.${e.error}`, { line: e.line })}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </Notice>
    </div>
  );
}
