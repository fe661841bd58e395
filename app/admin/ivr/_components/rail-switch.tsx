'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { setIvrRailAction } from '@/app/admin/ivr/actions';
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
        <div role="group" aria-label={t('confirmTitle')} className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-2">
          <p className="text-xs text-amber-900">{t(`confirm.${to}`, { name: isolate(name) })}</p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" className="min-h-9 px-3" pending={pending} onClick={() => void go()} data-testid="rail-confirm">
              {t('switchNow')}
            </Button>
            <Button type="button" variant="secondary" className="min-h-9 px-3" disabled={pending} onClick={() => setConfirm(false)}>
              {ti('back')}
            </Button>
          </div>
        </div>
      )}
      <div aria-live="polite">{error && <p className="text-xs text-red-700">{msg(error)}</p>}</div>
    </div>
  );
}
