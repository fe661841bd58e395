'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useNavBadge } from './nav-badge';

export function NavLink({
  href,
  icon,
  badgeAt,
  children,
  ...counted
}: {
  href: string;
  icon: ReactNode;
  badge?: string;
  badgeLabel?: string;
  /** When the badge was counted (database time, ms): a page's newer count replaces it (./nav-badge). */
  badgeAt?: number;
  children: ReactNode;
}) {
  const path = usePathname();
  const { badge, badgeLabel } = useNavBadge(href, badgeAt === undefined ? undefined : { ...counted, at: badgeAt }) ?? counted;
  const active = href === '/' || href === '/admin' ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      // No prefetch: these pages are dynamic with no loading boundary, so a prefetch brought ~200
      // bytes and cost a server pass each — 16 of them on every page load and language switch.
      prefetch={false}
      aria-current={active ? 'page' : undefined}
      className={`flex items-center gap-3 whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium ${
        active ? 'bg-brand-50 text-brand-800' : 'text-ink hover:bg-slate-100'
      }`}
    >
      <span aria-hidden className="size-5 shrink-0">
        {icon}
      </span>
      {children}
      {badge && (
        <span data-testid={`badge-${href.slice(1)}`} className="ms-auto rounded-full bg-brand-600 px-2 py-0.5 text-xs font-bold text-white">
          <span aria-hidden>{badge}</span>
          <span className="sr-only">{badgeLabel}</span>
        </span>
      )}
    </Link>
  );
}
