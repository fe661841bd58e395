'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { rollIvrSecretAction } from '@/app/(portal)/ivr/actions';
import { SecretReveal } from '@/components/services/secret-reveal';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { useIvrMessage } from '@/components/ivr/use-ivr-message';

/**
 * One IVR secret (the credential or the trunk id): its prefix, and a roll behind a confirm step,
 * since the old one stops working at once. The new one is shown this once, with a copy button.
 */
export function RollSecret({ platformId, kind, prefix }: { platformId: string; kind: 'credential' | 'trunk'; prefix: string | null }) {
  const t = useTranslations('ivr');
  const msg = useIvrMessage();
  const router = useRouter();
  const [step, setStep] = useState<'idle' | 'confirm'>('idle');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  async function roll() {
    setPending(true);
    setError(null);
    try {
      const r = await rollIvrSecretAction({ platformId, kind });
      if (r.ok && r.data) {
        setSecret(r.data.secret);
        setStep('idle');
        router.refresh();
      } else if (!r.ok) setError(r.error ?? 'unknown');
    } catch {
      setError('network');
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-3 rounded-xl border border-slate-200 p-4 text-sm" data-testid={`secret-${kind}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-semibold">{t(`secrets.${kind}`)}</p>
          <p className="mt-1 text-xs text-muted">{t(`secrets.${kind}Hint`)}</p>
        </div>
        {prefix ? (
          <code dir="ltr" className="rounded bg-slate-100 px-2 py-1" data-testid="secret-prefix">
            {`${prefix}…`}
          </code>
        ) : (
          <span className="text-xs text-muted" data-testid="secret-none">
            {t('secrets.none')}
          </span>
        )}
      </div>
      {secret && (
        <>
          <SecretReveal label={t(`secrets.new.${kind}`)} secret={secret} />
          <p className="text-xs font-medium text-amber-900" data-testid="secret-warning">
            {t('secrets.oldStopped')}
          </p>
        </>
      )}
      {step === 'idle' ? (
        <Button type="button" variant="secondary" className="self-start" onClick={() => setStep('confirm')} data-testid={`roll-${kind}`}>
          {prefix ? t('secrets.roll') : t('secrets.make')}
        </Button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void roll();
          }}
        >
          <ConfirmStep
            id={`secret-${kind}`}
            level={3}
            title={t('secrets.confirmTitle')}
            note={prefix ? t(`secrets.confirm.${kind}`) : t('secrets.confirmFirst')}
            confirmLabel={prefix ? t('secrets.rollNow') : t('secrets.make')}
            backLabel={t('back')}
            pending={pending}
            onBack={() => setStep('idle')}
            submitTestId={`roll-${kind}-confirm`}
          />
        </form>
      )}
      <div aria-live="polite">{error && <p className="text-xs text-red-700">{msg(error)}</p>}</div>
    </div>
  );
}
