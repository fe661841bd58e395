'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/notice';
import { requestServiceSchema } from '@/lib/services/schemas';
import { requestServiceAction } from '../../actions';

/** The terms in a scroll box; accepting is possible once the end has been reached. */
export function TermsAccept({ serviceId, version, body, alreadyAccepted }: { serviceId: string; version: number; body: string; alreadyAccepted: boolean }) {
  const t = useTranslations('services');
  const end = useRef<HTMLParagraphElement>(null);
  const [readToEnd, setReadToEnd] = useState(false);
  const [checked, setChecked] = useState(false);
  // Success redirects to the service's page.
  const { onSubmit, formError, pending } = useActionForm({
    schema: requestServiceSchema,
    defaultValues: { serviceId, termsVersion: version },
    action: requestServiceAction,
  });
  useEffect(() => {
    const el = end.current;
    if (!el) return;
    const io = new IntersectionObserver(([e]) => e.isIntersecting && setReadToEnd(true), { threshold: 1 });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
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
      <FormError>{formError}</FormError>
      <Button type="submit" className="self-start" disabled={!readToEnd || !checked} pending={pending}>
        {alreadyAccepted ? t('continue') : t('accept')}
      </Button>
    </form>
  );
}
