'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { decidePlatformAction } from './actions';

export function PlatformDecision({ platformId, mode }: { platformId: string; mode: 'decide' | 'suspend' }) {
  const t = useTranslations('adminPlatforms');
  const te = useTranslations('errors');
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const act = (action: 'approve' | 'reject' | 'suspend') =>
    start(async () => {
      setError(null);
      const r = await decidePlatformAction({ platformId, action, reason });
      if (!r.ok) setError(te.has(r.error ?? '') ? te(r.error!) : te('unknown'));
      router.refresh();
    });
  return (
    <div className="mt-3 flex flex-col gap-2">
      <label htmlFor={`reason-${platformId}`} className="text-xs font-medium">
        {t('reason')}
      </label>
      <input
        id={`reason-${platformId}`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={1000}
        className="min-h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm"
      />
      <div className="flex flex-wrap gap-2">
        {mode === 'decide' ? (
          <>
            <Button type="button" pending={pending} onClick={() => act('approve')}>
              {t('approve')}
            </Button>
            <Button type="button" variant="danger" pending={pending} onClick={() => act('reject')}>
              {t('reject')}
            </Button>
          </>
        ) : (
          <Button type="button" variant="danger" pending={pending} onClick={() => act('suspend')}>
            {t('suspend')}
          </Button>
        )}
      </div>
      <Notice tone="error">{error}</Notice>
    </div>
  );
}
