'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { sendTestEventAction } from '../actions';

type Said = { tone: 'success' | 'error'; text: string };

/** Sends one signed `test` event to the saved webhook address and says what the endpoint answered. */
export function TestEventButton({ platformId }: { platformId: string }) {
  const t = useTranslations('platformTabs');
  const tw = useTranslations('webhookEvents');
  const locale = useLocale() as Locale;
  const router = useRouter();
  const [pending, start] = useTransition();
  const [said, setSaid] = useState<Said | null>(null);
  const send = () =>
    start(async () => {
      setSaid(null);
      let r: Awaited<ReturnType<typeof sendTestEventAction>>;
      try {
        r = await sendTestEventAction({ platformId });
      } catch {
        setSaid({ tone: 'error', text: t('failed') });
        return;
      }
      if (!r.ok) {
        const code = 'error' in r ? r.error : undefined;
        setSaid({ tone: 'error', text: code === 'noEndpoint' ? t('noEndpoint') : code === 'tooSoon' ? t('tooSoon') : t('failed') });
        return;
      }
      const d = r.data;
      if (d.outcome === 'delivered')
        setSaid({ tone: 'success', text: t('testDelivered', { status: localDigits(d.status ?? 0, locale), ms: localDigits(d.latencyMs ?? 0, locale) }) });
      else if (d.status !== null) setSaid({ tone: 'error', text: t('testRefused', { status: localDigits(d.status, locale) }) });
      else
        setSaid({
          tone: 'error',
          text: t('testNoAnswer', { reason: tw(d.failure === 'addressNotAllowed' ? 'failure.addressNotAllowed' : 'failure.connectFailed') }),
        });
      router.refresh();
    });
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-muted">{t('testEventHint')}</p>
      <div>
        <Button type="button" variant="secondary" pending={pending} onClick={send} data-testid="send-test-event">
          {t('testEvent')}
        </Button>
      </div>
      <Notice tone={said?.tone ?? 'success'} testId="test-event-result">
        {said?.text ?? null}
      </Notice>
    </div>
  );
}
