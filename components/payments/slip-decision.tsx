'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import type { Result } from '@/lib/result';
import { slipDecisionSchema } from '@/lib/validation/payments';

type Input = z.input<typeof slipDecisionSchema>;

/** Confirm a slip (it then counts) or reject it with a reason; the merchant's or staff's action. */
export function SlipDecision({ paymentId, action }: { paymentId: string; action: (input: Input) => Promise<Result> }) {
  const t = useTranslations('linkReport');
  const router = useRouter();
  const [rejecting, setRejecting] = useState(false);
  const { form, submit, formError, message, pending } = useActionForm({
    schema: slipDecisionSchema,
    defaultValues: { paymentId, approve: true, reason: '' },
    action: (v: Input) => action({ paymentId, approve: v.approve, reason: v.reason ?? '' }),
    onSuccess: () => router.refresh(),
  });
  const reasonId = `reason-${paymentId}`;
  const { errors } = form.formState;
  // A refused payment id (gone, decided meanwhile) is told here too: the form has one message line.
  const error = message(errors.reason?.message ?? errors.paymentId?.message) ?? formError;
  const approve = submit('approve', { approve: true });
  const reject = submit('reject', { approve: false });
  return (
    <form
      noValidate
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        // Enter in the reason field rejects: it is the only button then.
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
          <Button type="submit" variant="danger" className="min-h-9" pending={pending}>
            {t('reject')}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="submit" className="min-h-9" pending={pending}>
            {t('confirm')}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9" onClick={() => setRejecting(true)}>
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
