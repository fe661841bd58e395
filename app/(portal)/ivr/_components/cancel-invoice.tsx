'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelIvrInvoiceAction } from '@/app/(portal)/ivr/actions';
import { ConfirmStep } from '@/components/money/confirm-step';
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
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void cancel();
          }}
        >
          <ConfirmStep
            id={`cancel-${code}`}
            level={3}
            title={t('cancelConfirmTitle', { code })}
            note={t('cancelConfirm', { code })}
            confirmLabel={t('cancelYes')}
            backLabel={t('back')}
            danger
            pending={pending}
            onBack={() => setStep('idle')}
            submitTestId="cancel-confirm"
          />
        </form>
      )}
      <div aria-live="polite">{error && <p className="text-xs text-red-700">{msg(error)}</p>}</div>
    </div>
  );
}
