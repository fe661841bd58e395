import { getTranslations } from 'next-intl/server';
import { Suspense, type ReactNode } from 'react';
import type { Locale } from '@/lib/i18n/config';
import { LocaleSwitcher } from './locale-switcher';
import { MobileNav } from './mobile-nav';
import { NavLink } from './nav-link';
import { SearchBox } from './search-box';

/** `badge` is a short count shown after the label (e.g. unread messages), with `badgeLabel` for screen readers. */
export type NavItem = { href: string; label: string; icon: ReactNode; badge?: string; badgeLabel?: string; badgeAt?: number };

/**
 * Sidebar + header shared by the merchant portal and the admin section. On a desk (`lg` and up)
 * the menu and the balances are a sidebar; on a phone they are a drawer opened from the header.
 * The header holds the search (to `searchPath`). The server actions it offers (sign out,
 * language) are passed in by the layout: components never import from `app/`.
 */
export async function AppShell({
  nav,
  userName,
  area,
  sidebar,
  searchPath,
  signOut,
  setLocale,
  business,
  children,
}: {
  nav: NavItem[];
  userName: string;
  area: string;
  sidebar?: ReactNode;
  searchPath: string;
  signOut: (formData: FormData) => Promise<unknown>;
  setLocale: (input: { locale: Locale }) => Promise<unknown>;
  /** The merchant portal's current business and its switcher (components/shell/merchant-switcher.tsx). */
  business?: ReactNode;
  children: ReactNode;
}) {
  const t = await getTranslations('shell');
  const ts = await getTranslations('search');
  const brand = (
    <div>
      <p className="text-lg font-extrabold text-brand-700">{t('brand')}</p>
      <p className="text-xs text-muted">{area}</p>
    </div>
  );
  const menu = (
    <nav aria-label={t('mainMenu')} className="px-3 pb-3 lg:pb-6">
      <ul className="flex flex-col gap-1">
        {nav.map((item) => (
          <li key={item.href}>
            <NavLink href={item.href} icon={item.icon} badge={item.badge} badgeLabel={item.badgeLabel} badgeAt={item.badgeAt}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        {t('skipToContent')}
      </a>
      <aside className="hidden border-e border-slate-200 bg-white lg:block lg:min-h-dvh">
        <div className="px-5 py-4">{brand}</div>
        {menu}
        {sidebar && <div className="px-5 pb-6">{sidebar}</div>}
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="flex flex-wrap items-center gap-x-2 gap-y-3 border-b border-slate-200 bg-white px-4 py-3 lg:flex-nowrap lg:gap-4 lg:px-5">
          <MobileNav label={t('menu')} openLabel={t('openMenu')} closeLabel={t('closeMenu')}>
            <div className="px-5 pb-4">
              {brand}
              <p className="mt-3 text-sm text-muted">
                {t('signedInAs')} <bdi className="font-semibold text-ink">{userName}</bdi>
              </p>
              {business && <div className="mt-2">{business}</div>}
            </div>
            {menu}
            {sidebar && <div className="px-5 pb-6">{sidebar}</div>}
            {/* On a phone, signing out lives here: the header keeps one row for the menu, the brand and the language. */}
            <form action={signOut as (formData: FormData) => Promise<void>} className="px-5 pb-6">
              <button type="submit" className="min-h-10 w-full rounded-lg border border-red-200 px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50">
                {t('signOut')}
              </button>
            </form>
          </MobileNav>
          <p className="text-lg font-extrabold text-brand-700 lg:hidden">{t('brand')}</p>
          <p className="hidden shrink-0 text-sm text-muted lg:block">
            {t('signedInAs')} {/* A name that mixes Persian and digits keeps its own direction inside an English line. */}
            <bdi className="font-semibold text-ink" data-testid="user-name">
              {userName}
            </bdi>
          </p>
          {business && <div className="hidden min-w-0 lg:block">{business}</div>}
          <div className="order-last w-full lg:order-none lg:ms-auto lg:w-auto lg:flex-1 lg:justify-end lg:flex">
            {/* The box reads the query string (the term on the results page): never a static bail-out. */}
            <Suspense fallback={<div className="h-10 w-full lg:max-w-md" />}>
              <SearchBox action={searchPath} label={ts('label')} placeholder={ts('placeholder')} submitLabel={ts('submit')} />
            </Suspense>
          </div>
          <div className="ms-auto flex items-center gap-2 lg:ms-0">
            <LocaleSwitcher setLocale={setLocale} />
            <form action={signOut as (formData: FormData) => Promise<void>} className="hidden lg:block">
              <button type="submit" data-testid="header-sign-out" className="min-h-9 rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
                {t('signOut')}
              </button>
            </form>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 lg:px-5 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
