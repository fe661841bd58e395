'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { setLocaleAction } from '@/app/actions/locale';
import { locales } from '@/lib/i18n/config';

export function LocaleSwitcher() {
  const t = useTranslations('shell');
  const current = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div role="group" aria-label={t('language')} className="inline-flex rounded-lg border border-slate-300 bg-white p-0.5 text-sm">
      {locales.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === current}
          disabled={pending}
          onClick={() =>
            start(async () => {
              await setLocaleAction(l);
              router.refresh();
            })
          }
          className={`rounded-md px-3 py-1 ${l === current ? 'bg-brand-600 font-semibold text-white' : 'text-ink hover:bg-slate-100'}`}
        >
          {l === 'fa' ? 'فارسی' : 'English'}
        </button>
      ))}
    </div>
  );
}
