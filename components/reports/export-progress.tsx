'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { Locale } from '@/lib/i18n/config';
import { formatInteger } from '@/lib/i18n/numbers';

type State = { state: 'queued' | 'running' | 'done' | 'failed'; done: number; total: number; error: string | null };

/** A background export's progress bar, polling until the file is ready. */
export function ExportProgress({ id, initial }: { id: string; initial: State }) {
  const t = useTranslations('reports');
  const locale = useLocale();
  const [s, setS] = useState(initial);
  useEffect(() => {
    if (s.state === 'done' || s.state === 'failed') return;
    const timer = setTimeout(async () => {
      const res = await fetch(`/api/reports/exports/${id}`, { cache: 'no-store' }).catch(() => null);
      if (res?.ok) setS(await res.json());
      else setS((x) => ({ ...x }));
    }, 1000);
    return () => clearTimeout(timer);
  }, [id, s]);
  const pct = s.state === 'done' ? 100 : s.total ? Math.floor((s.done / s.total) * 100) : 0;
  const fmt = (n: number) => formatInteger(n, locale as Locale);
  return (
    <div className="flex flex-col gap-3" data-testid="export-progress">
      <div
        role="progressbar"
        aria-label={t('exportTitle')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p aria-live="polite" className="text-sm" data-testid="export-state">
        {s.state === 'queued'
          ? t('exportQueued')
          : s.state === 'running'
            ? t('exportRunning', { done: fmt(s.done), total: fmt(s.total) })
            : s.state === 'done'
              ? t('exportDone', { total: fmt(s.total) })
              : t('exportFailed', { error: s.error ?? '' })}
      </p>
      {s.state === 'done' && (
        <a
          href={`/api/reports/exports/${id}/file`}
          className="inline-flex min-h-11 w-fit items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t('download')}
        </a>
      )}
    </div>
  );
}
