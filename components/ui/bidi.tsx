import type { ReactNode } from 'react';

/**
 * Names, mobiles, addresses, URLs and paths inside a sentence of the other direction: isolated, so
 * a Latin name does not pull the Persian words around it (or its own parentheses) out of order.
 *
 * `<Isolate>` in JSX; `isolate()` / `ltr()` inside a message's argument, where only a string goes
 * (first-strong isolate and left-to-right isolate, closed by the pop directional isolate).
 */
export function Isolate({ children, ltr: leftToRight = false, className }: { children: ReactNode; ltr?: boolean; className?: string }) {
  return (
    <bdi dir={leftToRight ? 'ltr' : 'auto'} className={className}>
      {children}
    </bdi>
  );
}

export const isolate = (s: string) => `\u2068${s}\u2069`;
export const ltr = (s: string) => `\u2066${s}\u2069`;
