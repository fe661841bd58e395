'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { sandboxPayAction } from '../../actions';

export function BankForm({ token, cards }: { token: string; cards: [string, string][] }) {
  const t = useTranslations('sandbox');
  const te = useTranslations('errors');
  const locale = useLocale() as Locale;
  const [card, setCard] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<'pay' | 'cancel' | null>(null);

  async function go(cancel: boolean) {
    setPending(cancel ? 'cancel' : 'pay');
    setError(null);
    try {
      const r = await sandboxPayAction(cancel ? { token, cancel: true } : { token, card });
      if (r.ok && r.data) {
        window.location.assign(r.data.callbackUrl);
        return;
      }
      if (!r.ok) setError(r.error === 'cardInvalid' ? te('cardNumberInvalid') : r.error === 'alreadyDone' ? t('done') : t('notFound'));
    } catch {
      setError(te('network'));
    }
    setPending(null);
  }

  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void go(false);
      }}
    >
      <Field
        name="card"
        label={t('card')}
        inputMode="numeric"
        autoComplete="cc-number"
        dir="ltr"
        value={card}
        onChange={(e) => setCard(e.target.value)}
        hint={t('cardHint')}
      />
      <ul className="grid gap-2">
        {cards.map(([number, behaviour]) => (
          <li key={number}>
            <button
              type="button"
              onClick={() => setCard(number)}
              className="flex w-full min-h-11 items-center justify-between gap-3 rounded-lg border border-slate-300 bg-white px-3 text-sm hover:bg-slate-50"
              data-card={number}
            >
              <bdi dir="ltr" className="font-mono">
                {localDigits(number.replace(/(\d{4})(?=\d)/g, '$1 '), locale)}
              </bdi>
              <span>{t(`cards.${behaviour}` as 'cards.success')}</span>
            </button>
          </li>
        ))}
      </ul>
      <Notice tone="error">{error}</Notice>
      <div className="grid grid-cols-2 gap-3">
        <Button type="submit" pending={pending === 'pay'} disabled={pending !== null}>
          {t('pay')}
        </Button>
        <Button type="button" variant="secondary" pending={pending === 'cancel'} disabled={pending !== null} onClick={() => void go(true)}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
