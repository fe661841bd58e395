'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

/** Keeps the choice for a year, for every page of the site (the merchant's and staff's reports alike). */
function remember(name: string, value: string) {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

export type ChooserColumn = { key: string; label: string; locked: boolean };

/**
 * Which of the report's columns to show, remembered in a cookie for this person on this browser
 * (the server reads it, so the table comes without the hidden columns and nothing jumps). Locked
 * columns (amount, state, the tracking code that opens a payment) are always shown.
 */
export function ColumnChooser({
  cookie,
  owner,
  columns,
  hidden: initial,
  title,
  hint,
}: {
  cookie: string;
  /** A short key of the person: someone else signing in on the browser gets the full table. */
  owner: string;
  columns: ChooserColumn[];
  hidden: string[];
  title: string;
  hint: string;
}) {
  const router = useRouter();
  const [hidden, setHidden] = useState(initial);
  const [pending, start] = useTransition();
  const toggle = (key: string, show: boolean) => {
    const next = show ? hidden.filter((k) => k !== key) : [...hidden, key];
    setHidden(next);
    remember(cookie, `${owner}|${next.join(',')}`);
    start(() => router.refresh());
  };
  return (
    <details className="relative" data-testid="column-chooser">
      <summary className="inline-flex min-h-11 cursor-pointer list-none items-center rounded-lg border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50">
        {title}
      </summary>
      <fieldset
        className="absolute start-0 z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
        aria-busy={pending}
      >
        <legend className="sr-only">{title}</legend>
        <p className="mb-2 text-xs text-muted">{hint}</p>
        {columns.map((c) => (
          <label key={c.key} className="flex min-h-9 items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={c.locked || !hidden.includes(c.key)}
              disabled={c.locked}
              onChange={(e) => toggle(c.key, e.target.checked)}
              data-column={c.key}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
