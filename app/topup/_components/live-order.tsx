'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

type StateAnswer = { ok: true; data?: { state: string; refundState: string | null } } | { ok: false; error?: string };

/** States that may still change on their own; the page polls while the order is in one. */
export const OPEN_STATES = ['awaiting_payment', 'paid', 'delivering', 'unknown'] as const;

/**
 * Polls the order's state every 2.5 s while it may still change (and, after a failure, while its
 * refund is under way), and re-renders the page from the server when it does; stops when final.
 */
export function LiveOrder({
  handle,
  orderId,
  state,
  refundState,
  poll,
}: {
  handle: string;
  orderId: string;
  state: string;
  refundState: string | null;
  poll: (input: { handle: string; orderId: string }) => Promise<StateAnswer>;
}) {
  const t = useTranslations('topupStore.order');
  const router = useRouter();
  const seen = useRef(`${state}:${refundState}`);
  const live = (OPEN_STATES as readonly string[]).includes(state) || (state === 'failed' && refundState !== 'succeeded' && refundState !== 'failed');
  useEffect(() => {
    seen.current = `${state}:${refundState}`;
    if (!live) return;
    let stopped = false;
    const timer = setInterval(async () => {
      if (stopped || document.hidden) return;
      try {
        const r = await poll({ handle, orderId });
        if (r.ok && r.data && `${r.data.state}:${r.data.refundState}` !== seen.current) {
          seen.current = `${r.data.state}:${r.data.refundState}`;
          router.refresh();
        }
      } catch {
        // A dropped request: the next tick asks again.
      }
    }, 2500);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [handle, orderId, state, refundState, live, poll, router]);
  if (!live) return null;
  return (
    <p className="mt-2 flex items-center justify-center gap-2 text-xs text-muted" data-testid="order-live">
      <span aria-hidden className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />
      {t('live')}
    </p>
  );
}
