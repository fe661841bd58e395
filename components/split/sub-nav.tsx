'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The marketplace's pages as tabs; the one under way is marked for screen readers too. */
export function SplitSubNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  const path = usePathname();
  // The longest tab address the path starts with is the current one (the overview is a prefix of all).
  const current = items.filter((it) => path === it.href || path.startsWith(`${it.href}/`)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav aria-label={label} data-testid="split-tabs">
      <ul className="flex flex-wrap gap-2">
        {items.map((it) => (
          <li key={it.href}>
            <Link
              href={it.href}
              aria-current={it.href === current ? 'page' : undefined}
              className={`inline-flex min-h-11 items-center whitespace-nowrap rounded-lg px-3 text-sm font-semibold ${
                it.href === current ? 'bg-brand-600 text-white' : 'border border-slate-300 bg-white text-ink hover:bg-slate-50'
              }`}
            >
              {it.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
