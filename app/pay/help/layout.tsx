import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The payer's help pages get their own words here (providers do not merge), so the pay page does not carry them. */
export default function PayHelpLayout({ children }: { children: ReactNode }) {
  return <ClientMessages area="payHelp">{children}</ClientMessages>;
}
