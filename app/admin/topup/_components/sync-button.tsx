'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import type { Result } from '@/lib/result';

type Outcome = { provider: string; outcome: string }[];

/** "Sync the catalogue now": runs at once and says what came of it per provider. */
export function SyncButton({ action }: { action: (input: Record<string, never>) => Promise<Result<Outcome>> }) {
  const t = useTranslations('adminTopup');
  const te = useTranslations('errors');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result<Outcome> | null>(null);
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Button
          type="button"
          variant="secondary"
          pending={pending}
          data-testid="sync-catalogue"
          onClick={() =>
            start(async () => {
              setResult(null);
              const r = await action({}).catch(() => ({ ok: false as const, error: 'network' }));
              setResult(r);
              if (r.ok) router.refresh();
            })
          }
        >
          {t('catalogue.sync')}
        </Button>
      </div>
      <Notice tone={result && !result.ok ? 'error' : 'success'} testId="sync-outcome">
        {result &&
          (result.ok ? (
            <ul>
              {result.data.map((o) => (
                <li key={o.provider}>
                  {t('catalogue.synced', { provider: t.has(`providers.${o.provider}`) ? t(`providers.${o.provider}`) : o.provider })}{' '}
                  <bdi dir="ltr">{o.outcome}</bdi>
                </li>
              ))}
            </ul>
          ) : (
            te(result.error ?? 'unknown')
          ))}
      </Notice>
    </div>
  );
}
