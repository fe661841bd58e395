'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

const TABS = [
  { href: '/vpos', key: 'collections' },
  { href: '/vpos/collect', key: 'collect' },
  { href: '/vpos/definitions', key: 'definitions' },
  { href: '/vpos/reconciliation', key: 'reconciliation' },
] as const;

/** The virtual POS pages' tabs; a payment's page counts as the collections list's. */
export function isTabActive(href: string, path: string): boolean {
  if (href === '/vpos') return path === '/vpos' || path.startsWith('/vpos/payments');
  return path === href || path.startsWith(`${href}/`);
}

/** The strip shared by every virtual POS page (the reconciliation pages render it too). */
export function VposTabs() {
  const t = useTranslations('vpos.tabs');
  const path = usePathname();
  return (
    <nav aria-label={t('label')} data-testid="vpos-tabs">
      <ul className="flex flex-wrap gap-x-1 border-b border-slate-200">
        {TABS.map((tab) => {
          const active = isTabActive(tab.href, path);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`-mb-px inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-semibold ${
                  active ? 'border-brand-600 text-brand-800' : 'border-transparent text-muted hover:text-ink'
                }`}
              >
                {t(tab.key)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
