'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { z } from 'zod';
import type { Result } from '@/lib/result';
import type { slipDecisionSchema } from '@/lib/validation/payments';

/** Confirm a slip (it then counts) or reject it with a reason; the merchant's or staff's action. */
export function SlipDecision({ paymentId, action }: { paymentId: string; action: (input: z.input<typeof slipDecisionSchema>) => Promise<Result> }) {
  const t = useTranslations('linkReport');
  const te = useTranslations('errors');
  const router = useRouter();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function decide(approve: boolean) {
    setPending(true);
    setError(null);
    try {
      const r = await action({ paymentId, approve, reason });
      if (r.ok) router.refresh();
      else {
        const key = r.error ?? Object.values(r.fieldErrors ?? {})[0];
        setError(key && te.has(key) ? te(key) : te('unknown'));
      }
    } catch {
      setError(te('network'));
    }
    setPending(false);
  }
  return (
    <div className="flex flex-col gap-2">
      {rejecting ? (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor={`reason-${paymentId}`}>
            {t('rejectReason')}
          </label>
          <input
            id={`reason-${paymentId}`}
            className="min-h-9 rounded-lg border border-slate-300 px-2 text-sm"
            placeholder={t('rejectReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button type="button" variant="danger" className="min-h-9" pending={pending} onClick={() => decide(false)}>
            {t('reject')}
          </Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button type="button" className="min-h-9" pending={pending} onClick={() => decide(true)}>
            {t('confirm')}
          </Button>
          <Button type="button" variant="secondary" className="min-h-9" onClick={() => setRejecting(true)}>
            {t('reject')}
          </Button>
        </div>
      )}
      <p aria-live="polite" className="text-xs text-red-700">
        {error}
      </p>
    </div>
  );
}
