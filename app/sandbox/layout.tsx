import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/i18n/client-messages';

/** The sandbox bank looks like no real bank: a striped frame says "test" at a glance. */
export default function SandboxLayout({ children }: { children: ReactNode }) {
  return (
    <ClientMessages area="sandbox">
      <div className="min-h-dvh bg-[repeating-linear-gradient(135deg,#fef3c7_0_18px,#fde68a_18px_36px)] px-3 py-6">
        <main id="main" className="mx-auto w-full max-w-md">
          {children}
        </main>
      </div>
    </ClientMessages>
  );
}
