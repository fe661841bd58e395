import Link from 'next/link';

/** The tabs of the staff payouts section; `current` is the one shown. */
export function PayoutsSubNav({ current, label, items }: { current: string; label: string; items: { href: string; label: string }[] }) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-2">
      {items.map((i) => (
        <Link
          key={i.href}
          href={i.href}
          aria-current={i.href === current ? 'page' : undefined}
          className={`rounded-full border px-4 py-1.5 text-sm ${i.href === current ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-ink hover:bg-slate-50'}`}
        >
          {i.label}
        </Link>
      ))}
    </nav>
  );
}
