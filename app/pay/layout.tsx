import { getTranslations } from 'next-intl/server';
import { Suspense, type ReactNode } from 'react';
import { setLocaleAction } from '@/app/actions/locale';
import { ClientMessages } from '@/components/i18n/client-messages';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';

/** The payer's pages: no login, mobile first, nothing but the payment. */
export default async function PayLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('shell');
  return (
    <ClientMessages area="pay">
      <div className="flex min-h-dvh flex-col bg-slate-50">
        <header className="flex items-center justify-between px-4 py-3 print:hidden">
          <span className="text-base font-extrabold text-brand-700">{t('brand')}</span>
          <Suspense>
            <LocaleSwitcher setLocale={setLocaleAction} />
          </Suspense>
        </header>
        <main id="main" className="flex flex-1 justify-center px-3 pb-12 pt-2 sm:pt-6">
          <div className="w-full max-w-lg">{children}</div>
        </main>
      </div>
    </ClientMessages>
  );
}
