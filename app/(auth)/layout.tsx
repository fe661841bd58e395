import { getTranslations } from 'next-intl/server';
import { Suspense, type ReactNode } from 'react';
import { setLocaleAction } from '@/app/actions/locale';
import { ClientMessages } from '@/components/i18n/client-messages';
import { PublicHeader } from '@/components/shell/public-header';

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations('shell');
  return (
    <ClientMessages area="auth">
      <div className="flex min-h-dvh flex-col">
        <Suspense>
          <PublicHeader className="px-6 py-4" brand={<span className="text-lg font-extrabold text-brand-700">{t('brand')}</span>} setLocale={setLocaleAction} />
        </Suspense>
        <main className="flex flex-1 items-start justify-center px-4 pb-16 pt-6 sm:items-center sm:pt-0">
          <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
        </main>
      </div>
    </ClientMessages>
  );
}
