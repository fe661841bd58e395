'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { OutcomeNotice } from '@/components/ui/notice';
import { decideKycSchema } from '@/lib/validation/kyc';
import { decideKycAction } from '../../actions';

/** `isolate`: a value in another script's direction (a Turkish trade name in a Persian page), shown in its own. */
export type ReviewRow = { key: string; label: string; value: string; isolate?: boolean };
type Doc = { id: string; key: string; label: string; isImage: boolean; name: string };

/** Every field with room for a reason; approve, or reject with the reasons written. */
export function ReviewForm({ profileId, canDecide, rows, documents }: { profileId: string; canDecide: boolean; rows: ReviewRow[]; documents: Doc[] }) {
  const t = useTranslations('adminKyc');
  const router = useRouter();
  const [done, setDone] = useState<'approve' | 'reject' | null>(null);
  const { form, submit, intent, formError, pending } = useActionForm({
    schema: decideKycSchema,
    defaultValues: { profileId, decision: 'approve', fieldReasons: {}, note: '' } as z.input<typeof decideKycSchema>,
    action: async (v, which) => {
      const note = v.note ?? '';
      const fieldReasons = v.decision === 'reject' ? v.fieldReasons : {};
      const r = await decideKycAction(which === 'reject' ? { profileId, decision: 'reject', fieldReasons, note } : { profileId, decision: 'approve', note });
      // A refusal by the schema names a field (a note too long); the form tells it in its one message either way.
      return r.ok ? r : { ...r, error: r.error ?? Object.values(r.fieldErrors ?? {})[0] ?? 'invalid', fieldErrors: undefined };
    },
    onSuccess: (_, __, which) => {
      setDone(which === 'approve' || which === 'reject' ? which : null);
      router.refresh();
    },
  });
  // Reasons are keyed by field path (`identity.address`): kept as one record, not as nested form fields.
  const reasons = (form.watch('fieldReasons' as never) as unknown as Record<string, string> | undefined) ?? {};
  const decide = (decision: 'approve' | 'reject') => () => {
    setDone(null);
    void submit(decision, { decision } as Partial<z.input<typeof decideKycSchema>>)();
  };

  const reasonInput = (key: string, label: string) =>
    canDecide && (
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

  return (
    <>
      <Card title={t('fields')}>
        <dl className="divide-y divide-slate-100">
          {rows.map((r) => (
            <div key={r.key} className="grid gap-2 py-2.5 sm:grid-cols-[12rem_1fr_16rem] sm:items-center">
              <dt className="text-sm text-muted">{r.label}</dt>
              <dd className="break-words font-medium" data-testid={`value-${r.key}`}>
                {r.isolate ? <bdi>{r.value}</bdi> : r.value}
              </dd>
              <dd>{reasonInput(r.key, r.label)}</dd>
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
          <label htmlFor="kyc-note" className="text-sm font-medium">
            {t('note')}
          </label>
          <textarea
            id="kyc-note"
            {...form.register('note')}
            maxLength={2000}
            rows={3}
            className="mt-1.5 w-full rounded-lg border border-slate-300 bg-white p-3 text-sm"
          />
          <div className="mt-4 flex flex-wrap gap-3">
            <Button type="button" onClick={decide('approve')} pending={intent === 'approve'} disabled={pending}>
              {t('approve')}
            </Button>
            <Button type="button" variant="danger" onClick={decide('reject')} pending={intent === 'reject'} disabled={pending}>
              {t('reject')}
            </Button>
          </div>
        </Card>
      )}
      <OutcomeNotice error={formError} done={done === 'approve' ? t('approved') : done === 'reject' ? t('rejected') : null} testId="decision-note" />
    </>
  );
}
