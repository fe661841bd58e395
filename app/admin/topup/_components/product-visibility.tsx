'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import type { Result } from '@/lib/result';

/** Hide or show one product, after a confirm that says what it does to buyers. */
export function ProductVisibility({
  productId,
  title,
  hidden,
  action,
}: {
  productId: string;
  title: string;
  hidden: boolean;
  action: (input: { productId: string; hidden: boolean }) => Promise<Result>;
}) {
  const t = useTranslations('adminTopup');
  const te = useTranslations('errors');
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!confirming) {
    return (
      <Button
        type="button"
        variant={hidden ? 'secondary' : 'danger'}
        className="min-h-9 whitespace-nowrap px-3"
        onClick={() => setConfirming(true)}
        aria-label={t(hidden ? 'catalogue.showLabel' : 'catalogue.hideLabel', { title })}
        data-testid="product-toggle"
      >
        {t(hidden ? 'catalogue.show' : 'catalogue.hide')}
      </Button>
    );
  }
  return (
    <div className="flex min-w-48 flex-col gap-2 rounded-lg border border-slate-300 bg-slate-50 p-2 text-xs" data-testid="product-confirm">
      <p>{t(hidden ? 'catalogue.confirmShow' : 'catalogue.confirmHide', { title })}</p>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant={hidden ? 'primary' : 'danger'}
          className="min-h-9 whitespace-nowrap px-3"
          pending={pending}
          data-testid="product-confirm-yes"
          onClick={() =>
            start(async () => {
              setError(null);
              const r = await action({ productId, hidden: !hidden }).catch(() => ({ ok: false as const, error: 'network' }));
              if (!r.ok) return setError(te(r.error ?? 'unknown'));
              setConfirming(false);
              router.refresh();
            })
          }
        >
          {t(hidden ? 'catalogue.show' : 'catalogue.hide')}
        </Button>
        <Button type="button" variant="secondary" className="min-h-9 whitespace-nowrap px-3" disabled={pending} onClick={() => setConfirming(false)}>
          {t('catalogue.cancel')}
        </Button>
      </div>
      {error && (
        <p className="text-red-700" role="status">
          {error}
        </p>
      )}
    </div>
  );
}
