import Link from 'next/link';
import type { ReactNode } from 'react';

const LOOK = 'font-medium text-brand-700 underline-offset-4 hover:underline';

/** A link in running text (sign in, sign up, back home): brand colour, underlined on hover; `className` adds size or spacing. */
export function TextLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <Link href={href} className={className ? `${className} ${LOOK}` : LOOK}>
      {children}
    </Link>
  );
}
