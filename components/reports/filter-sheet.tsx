'use client';

import { useLayoutEffect, useRef, type ReactNode } from 'react';

const PHONE = '(max-width: 767.98px)';

/**
 * The report's filters as a disclosure: open on a desk (collapsible), closed on a phone so the
 * results come first (the active filters show as chips above them). Field errors keep it open.
 * Before the page is interactive a phone does not show the open form (no jump as it closes);
 * without JavaScript it stays open everywhere.
 */
export function FilterSheet({ summary, open, children, testId }: { summary: ReactNode; open: boolean; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!open && window.matchMedia(PHONE).matches) el.open = false;
    el.dataset.ready = '';
  }, [open]);
  return (
    <>
      <style
        dangerouslySetInnerHTML={{
          __html: `@media ${PHONE}{[data-filter-sheet]:not([data-ready])>:not(summary){display:none}}`,
        }}
      />
      <noscript>
        <style>{'[data-filter-sheet]>*{display:revert!important}'}</style>
      </noscript>
      <details ref={ref} open className="group rounded-xl border border-slate-200 bg-white" data-filter-sheet data-testid={testId}>
        {summary}
        {children}
      </details>
    </>
  );
}
