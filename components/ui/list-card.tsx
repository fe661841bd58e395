import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card } from './card';

/**
 * A card holding a short list: the line saying it is empty, or the items (each `children(item)`
 * renders its own `<li>` with its key); `footer` follows either (a link to all of them, a source).
 */
export function ListCard<T>({
  title,
  empty,
  items,
  dense = false,
  testId,
  footer,
  children,
}: {
  title: string;
  empty: string;
  items: readonly T[];
  /** Lines closer together (one day a line). */
  dense?: boolean;
  testId?: string;
  footer?: ReactNode;
  children: (item: T, index: number) => ReactNode;
}) {
  return (
    <Card title={title}>
      {items.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <ul className={dense ? 'flex flex-col gap-1 text-sm' : 'flex flex-col gap-2 text-sm'} data-testid={testId}>
          {items.map(children)}
        </ul>
      )}
      {footer}
    </Card>
  );
}

/** The link under a `ListCard` to the whole list. */
export function MoreLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
      {children}
    </Link>
  );
}
