import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The public API documentation: its only client component is the language switch. */
export default function DocsLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="docs">{children}</ClientMessages>;
}
