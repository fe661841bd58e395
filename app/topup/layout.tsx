import type { ReactNode } from 'react';
import { setLocaleAction } from '@/app/actions/locale';
import { ClientMessages } from '@/components/i18n/client-messages';
import { LocaleSwitcher } from '@/components/shell/locale-switcher';

/**
 * The hosted top-up store: no login, no navigation chrome (it is opened inside merchants' apps'
 * web views), mobile first; nothing but the store. Works without cookies: the language switch
 * below is the only thing that sets one, and Persian is the default without it.
 */
export default function TopupLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages area="topup">
      <div className="flex min-h-dvh flex-col bg-slate-50">
        <main id="main" className="flex flex-1 justify-center px-3 pb-6 pt-3 sm:pt-8">
          <div className="w-full max-w-lg">{children}</div>
        </main>
        <footer className="flex justify-center pb-6 print:hidden">
          <LocaleSwitcher setLocale={setLocaleAction} />
        </footer>
      </div>
    </ClientMessages>
  );
}
