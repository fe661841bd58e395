import Link from 'next/link';
import type { ReactNode } from 'react';

/** The link at the top of a detail page back to its list (or to where the visitor came from). */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="text-sm font-medium text-brand-700 hover:underline">
      {children}
    </Link>
  );
}
