'use client';

import Form from 'next/form';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useId, useRef } from 'react';
import { SearchIcon } from './icons';

/**
 * The header's search: a GET form to the area's results page (`/search` or `/admin/search`), so it
 * works before scripts load. `/` (outside a text field) or Ctrl/⌘+K focuses it, by the key's place
 * too, so a Persian keyboard layout works as well. On the results page it shows the term searched.
 */
export function SearchBox({ action, label, placeholder, submitLabel }: { action: string; label: string; placeholder: string; submitLabel: string }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const path = usePathname();
  const params = useSearchParams();
  const term = path === action ? (params.get('q') ?? '') : '';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
      const commandK = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key.toLowerCase() === 'k' || e.code === 'KeyK');
      const slash = !typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === '/' || (e.code === 'Slash' && !e.shiftKey));
      if (!commandK && !slash) return;
      e.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Form action={action} role="search" className="relative flex w-full min-w-0 items-center lg:max-w-md">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        key={term}
        name="q"
        type="search"
        defaultValue={term}
        maxLength={64}
        autoComplete="off"
        enterKeyHint="search"
        placeholder={placeholder}
        aria-keyshortcuts="/ Control+K Meta+K"
        data-testid="search-input"
        className="h-10 w-full min-w-0 rounded-lg border border-slate-300 bg-white pe-11 ps-3 lg:pe-20 text-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30"
      />
      <kbd aria-hidden className="pointer-events-none absolute end-11 hidden rounded border border-slate-300 px-1.5 text-xs text-muted lg:inline">
        /
      </kbd>
      <button type="submit" className="absolute end-1 inline-flex size-8 items-center justify-center rounded-md text-ink hover:bg-slate-100">
        <SearchIcon />
        <span className="sr-only">{submitLabel}</span>
      </button>
    </Form>
  );
}
