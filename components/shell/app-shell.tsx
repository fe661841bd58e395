import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import type { Locale } from '@/lib/i18n/config';
import { LocaleSwitcher } from './locale-switcher';
import { NavLink } from './nav-link';

/** `badge` is a short count shown after the label (e.g. unread messages), with `badgeLabel` for screen readers. */
export type NavItem = { href: string; label: string; icon: ReactNode; badge?: string; badgeLabel?: string };

/**
 * Sidebar + header shared by the merchant portal and the admin section. The server actions it
 * offers (sign out, language) are passed in by the layout: components never import from `app/`.
 */
export async function AppShell({
  nav,
  userName,
  area,
  sidebar,
  signOut,
  setLocale,
  children,
}: {
  nav: NavItem[];
  userName: string;
  area: string;
  sidebar?: ReactNode;
  signOut: (formData: FormData) => Promise<unknown>;
  setLocale: (input: { locale: Locale }) => Promise<unknown>;
  children: ReactNode;
}) {
  const t = await getTranslations('shell');
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t('skipToContent')}
      </a>
      <aside className="border-b border-slate-200 bg-white lg:min-h-dvh lg:border-b-0 lg:border-e">
        <div className="flex items-center justify-between px-5 py-4 lg:block">
          <div>
            <p className="text-lg font-extrabold text-brand-700">{t('brand')}</p>
            <p className="text-xs text-muted">{area}</p>
          </div>
        </div>
        <nav aria-label={t('mainMenu')} className="px-3 pb-3 lg:pb-6">
          <ul className="flex gap-1 overflow-x-auto lg:flex-col">
            {nav.map((item) => (
              <li key={item.href}>
                <NavLink href={item.href} icon={item.icon} badge={item.badge} badgeLabel={item.badgeLabel}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {sidebar && <div className="hidden px-5 pb-6 lg:block">{sidebar}</div>}
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-5 py-3">
          <p className="text-sm text-muted">
            {t('signedInAs')} {/* A name that mixes Persian and digits keeps its own direction inside an English line. */}
            <bdi className="font-semibold text-ink" data-testid="user-name">
              {userName}
            </bdi>
          </p>
          <div className="flex items-center gap-3">
            <LocaleSwitcher setLocale={setLocale} />
            <form action={signOut as (formData: FormData) => Promise<void>}>
              <button type="submit" className="min-h-9 rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
                {t('signOut')}
              </button>
            </form>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-5 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
