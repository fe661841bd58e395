'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import type { Result } from '@/lib/result';

const schema = z.object({ approve: z.boolean(), reason: z.string().max(300, 'tooLong').optional() });
type Input = z.input<typeof schema>;

/** Approve, or reject with a reason: a payout request or a destination account. */
export function Decision({
  id,
  label,
  action,
}: {
  id: string;
  /** What is decided, for the buttons' accessible names ("Approve payout of …"). */
  label: string;
  action: (input: { approve: boolean; reason?: string }) => Promise<Result<unknown>>;
}) {
  const t = useTranslations('adminPayouts');
  const router = useRouter();
  const [rejecting, setRejecting] = useState(false);
  const { form, submit, intent, formErrorKey, message, pending } = useActionForm({
    schema,
    defaultValues: { approve: true, reason: '' },
    action: (v: Input) => action({ approve: v.approve, reason: v.reason ?? '' }) as Promise<Result>,
    onSuccess: () => router.refresh(),
  });
  const reasonId = `reason-${id}`;
  const { errors } = form.formState;
  // "Already decided" in the shared catalogue speaks of profiles; this form says it of payouts and accounts.
  const error = formErrorKey === 'alreadyDecided' ? t('alreadyDecided') : (message(errors.reason?.message) ?? message(formErrorKey));
  const approve = submit('approve', { approve: true });
  const reject = submit('reject', { approve: false });
  return (
    <form
      noValidate
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        void (rejecting ? reject : approve)(e);
      }}
    >
      {rejecting ? (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={reasonId}>
            {t('rejectReason')}
          </label>
          <input
            id={reasonId}
            {...form.register('reason')}
            className="min-h-9 rounded-lg border border-slate-300 px-2 text-sm"
            placeholder={t('rejectReason')}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={error ? `${reasonId}-error` : undefined}
          />
          <Button type="submit" variant="danger" className="min-h-9" pending={intent === 'reject'} disabled={pending} aria-label={`${t('reject')}: ${label}`}>
            {t('reject')}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="submit" className="min-h-9" pending={intent === 'approve'} disabled={pending} aria-label={`${t('approve')}: ${label}`}>
            {t('approve')}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9" onClick={() => setRejecting(true)} aria-label={`${t('reject')}: ${label}`}>
            {t('reject')}
          </Button>
        </div>
      )}
      <p id={`${reasonId}-error`} aria-live="polite" className="text-xs text-red-700">
        {error}
      </p>
    </form>
  );
}
