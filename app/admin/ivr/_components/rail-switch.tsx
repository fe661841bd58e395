'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { setIvrRailAction } from '@/app/admin/ivr/actions';
import { ConfirmStep } from '@/components/money/confirm-step';
import { Button } from '@/components/ui/button';
import { isolate } from '@/components/ivr/bidi';
import { useIvrMessage } from '@/components/ivr/use-ivr-message';

type Rail = 'sandbox' | 'paystar';

/** Staff move a platform's phone payments to the other rail, after saying which and what it means. */
export function RailSwitch({ platformId, name, rail }: { platformId: string; name: string; rail: Rail }) {
  const t = useTranslations('adminIvr');
  const ti = useTranslations('ivr');
  const msg = useIvrMessage();
  const router = useRouter();
  const to: Rail = rail === 'sandbox' ? 'paystar' : 'sandbox';
  const [confirm, setConfirm] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function go() {
    setPending(true);
    setError(null);
    try {
      const r = await setIvrRailAction({ platformId, rail: to });
      if (r.ok) {
        setConfirm(false);
        router.refresh();
      } else setError(r.error ?? 'unknown');
    } catch {
      setError('network');
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-2" data-testid="rail-switch">
      {!confirm ? (
        <Button type="button" variant="secondary" className="min-h-9 self-start px-3" onClick={() => setConfirm(true)} data-testid="rail-start">
          {t('switchTo', { rail: ti(`rails.${to}`) })}
        </Button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void go();
          }}
        >
          <ConfirmStep
            id={`rail-${platformId}`}
            level={3}
            title={t('confirmTitle')}
            note={t(`confirm.${to}`, { name: isolate(name) })}
            confirmLabel={t('switchNow')}
            backLabel={ti('back')}
            pending={pending}
            onBack={() => setConfirm(false)}
            submitTestId="rail-confirm"
          />
        </form>
      )}
      <div aria-live="polite">{error && <p className="text-xs text-red-700">{msg(error)}</p>}</div>
    </div>
  );
}
