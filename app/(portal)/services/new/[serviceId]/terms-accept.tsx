'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { requestServiceAction } from '../../actions';

/** The terms in a scroll box; accepting is possible once the end has been reached. */
export function TermsAccept({ serviceId, version, body, alreadyAccepted }: { serviceId: string; version: number; body: string; alreadyAccepted: boolean }) {
  const t = useTranslations('services');
  const te = useTranslations('errors');
  const end = useRef<HTMLParagraphElement>(null);
  const [readToEnd, setReadToEnd] = useState(false);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  useEffect(() => {
    const el = end.current;
    if (!el) return;
    const io = new IntersectionObserver(([e]) => e.isIntersecting && setReadToEnd(true), { threshold: 1 });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <div className="flex flex-col gap-4">
      <div
        tabIndex={0}
        role="region"
        aria-label={t('termsTitle')}
        className="max-h-80 overflow-y-auto whitespace-pre-line rounded-2xl border border-slate-200 bg-white p-5 text-sm leading-7"
        data-testid="terms-box"
      >
        {body}
        <p ref={end} className="mt-4 text-xs text-muted">
          {t('termsEnd')}
        </p>
      </div>
      {!readToEnd && <p className="text-xs text-muted">{t('scrollToAccept')}</p>}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" disabled={!readToEnd} checked={checked} onChange={(e) => setChecked(e.target.checked)} className="size-4 accent-brand-600" />
        {t('acceptLabel')}
      </label>
      <Notice tone="error" testId="form-error">
        {error}
      </Notice>
      <Button
        type="button"
        className="self-start"
        disabled={!readToEnd || !checked}
        pending={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            const r = await requestServiceAction({ serviceId, termsVersion: version });
            if (r && !r.ok) setError(te.has(r.error ?? '') ? te(r.error!) : te('unknown'));
          })
        }
      >
        {alreadyAccepted ? t('continue') : t('accept')}
      </Button>
    </div>
  );
}
