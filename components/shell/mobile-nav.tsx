'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { CloseIcon, MenuIcon } from './icons';

/**
 * The phone's navigation (below `lg`, where the sidebar is hidden): a menu button in the header
 * opening a modal drawer from the reading side (right in Persian, left in English) with every menu
 * entry and the balances. A modal `<dialog>` keeps focus inside and closes on Escape; following a
 * link, a tap on the backdrop or the close button closes it too, and focus returns to the button.
 * Its content is rendered only while open, so the page never holds two copies of the menu.
 */
export function MobileNav({ label, openLabel, closeLabel, children }: { label: string; openLabel: string; closeLabel: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const path = usePathname();
  // A navigation (a link here, the back button) closes the drawer.
  const [seenPath, setSeenPath] = useState(path);
  if (seenPath !== path) {
    setSeenPath(path);
    setOpen(false);
  }

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
    if (!open) return;
    // The page behind does not scroll while the drawer is open.
    const root = document.documentElement;
    const before = root.style.overflow;
    root.style.overflow = 'hidden';
    // Widened to the desk layout (its sidebar shows): no drawer.
    const desk = window.matchMedia('(min-width: 64rem)');
    const onDesk = () => desk.matches && setOpen(false);
    desk.addEventListener('change', onDesk);
    return () => {
      root.style.overflow = before;
      desk.removeEventListener('change', onDesk);
    };
  }, [open]);

  const onClick = (e: MouseEvent<HTMLDialogElement>) => {
    // The backdrop is the dialog element itself; a link inside navigates, and the drawer goes.
    if (e.target === e.currentTarget || (e.target as HTMLElement).closest('a')) setOpen(false);
  };

  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(true)}
        data-testid="menu-open"
        className="inline-flex size-10 shrink-0 items-center justify-center rounded-lg border border-slate-300 text-ink hover:bg-slate-100 lg:hidden"
      >
        <MenuIcon />
        <span className="sr-only">{openLabel}</span>
      </button>
      <dialog
        ref={dialog}
        id={id}
        aria-label={label}
        onClose={() => setOpen(false)}
        onClick={onClick}
        data-testid="menu-drawer"
        className="fixed inset-y-0 ms-0 me-auto h-dvh max-h-none w-80 max-w-[85vw] overflow-y-auto bg-white p-0 text-ink shadow-xl backdrop:bg-slate-900/40"
      >
        {open && (
          <div className="flex min-h-full flex-col">
            <div className="flex justify-end px-3 pt-3">
              <button
                type="button"
                onClick={() => setOpen(false)}
                data-testid="menu-close"
                className="inline-flex size-10 items-center justify-center rounded-lg text-ink hover:bg-slate-100"
              >
                <CloseIcon />
                <span className="sr-only">{closeLabel}</span>
              </button>
            </div>
            {children}
          </div>
        )}
      </dialog>
    </>
  );
}
