import type { ComponentProps, ReactNode } from 'react';
import { LocaleSwitcher } from './locale-switcher';

/** The top bar of the pages outside the portal shell (sign-in, docs, payers): the brand, and the language switch. */
export function PublicHeader({
  brand,
  className,
  setLocale,
}: {
  brand: ReactNode;
  /** Padding, border, background: each area's own. */
  className: string;
  setLocale: ComponentProps<typeof LocaleSwitcher>['setLocale'];
}) {
  return (
    <header className={`flex items-center justify-between ${className}`}>
      {brand}
      <LocaleSwitcher setLocale={setLocale} />
    </header>
  );
}
