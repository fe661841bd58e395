'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { LOCALE_NAMES, locales, type Locale } from '@/lib/i18n/config';

/**
 * `setLocale` is the server action that remembers the choice (`app/actions/locale.ts`), passed in
 * by the page. Setting a cookie in an action makes Next render the current page again in that
 * same response, so the page arrives in the new language with the action's answer: no
 * `router.refresh()` after it (which rendered the whole page a second time and had every menu
 * link prefetched twice: about half the switch's time).
 */
export function LocaleSwitcher({ setLocale }: { setLocale: (input: { locale: Locale }) => Promise<unknown> }) {
  const t = useTranslations('shell');
  const current = useLocale();
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
              await setLocale({ locale: l });
            })
          }
          className={`rounded-md px-3 py-1 ${l === current ? 'bg-brand-600 font-semibold text-white' : 'text-ink hover:bg-slate-100'}`}
        >
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
