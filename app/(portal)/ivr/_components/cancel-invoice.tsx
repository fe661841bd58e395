'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelIvrInvoiceAction } from '@/app/(portal)/ivr/actions';
import { Button } from '@/components/ui/button';
import { useIvrMessage } from '@/components/ivr/use-ivr-message';

/** Withdraws an unpaid invoice after a confirm step: a caller who keys it later hears "wrong invoice id". */
export function CancelInvoice({ invoiceId, code }: { invoiceId: string; code: string }) {
  const t = useTranslations('ivr');
  const msg = useIvrMessage();
  const router = useRouter();
  const [step, setStep] = useState<'idle' | 'confirm'>('idle');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setPending(true);
    setError(null);
    try {
      const r = await cancelIvrInvoiceAction({ invoiceId });
      if (r.ok) {
        setStep('idle');
        router.refresh();
      } else setError(r.error ?? 'unknown');
    } catch {
      setError('network');
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-2" data-testid="cancel-invoice">
      {step === 'idle' ? (
        <Button type="button" variant="danger" className="min-h-9 self-start px-3" onClick={() => setStep('confirm')} data-testid="cancel-start">
          {t('cancel')}
        </Button>
      ) : (
        <div role="group" aria-label={t('cancelConfirmTitle', { code })} className="flex flex-col gap-2 rounded-lg border border-red-200 bg-red-50 p-2">
          <p className="text-xs text-red-900">{t('cancelConfirm', { code })}</p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="danger" className="min-h-9 px-3" pending={pending} onClick={() => void cancel()} data-testid="cancel-confirm">
              {t('cancelYes')}
            </Button>
            <Button type="button" variant="secondary" className="min-h-9 px-3" disabled={pending} onClick={() => setStep('idle')}>
              {t('back')}
            </Button>
          </div>
        </div>
      )}
      <div aria-live="polite">{error && <p className="text-xs text-red-700">{msg(error)}</p>}</div>
    </div>
  );
}
