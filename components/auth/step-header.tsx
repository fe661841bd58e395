'use client';

import { useLocale, useTranslations } from 'next-intl';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';

export function StepHeader({ title, subtitle, step, total }: { title: string; subtitle: string; step: number; total: number }) {
  const t = useTranslations('otp');
  const locale = useLocale() as Locale;
  return (
    <div>
      <p className="text-xs font-semibold text-brand-700" data-testid="step">
        {t('step', { step: localDigits(step, locale), total: localDigits(total, locale) })}
      </p>
      <h1 className="mt-1 text-2xl font-bold">{title}</h1>
      <p className="mt-1 text-sm text-muted">{subtitle}</p>
      <div className="mt-3 flex gap-1.5" aria-hidden>
        {Array.from({ length: total }, (_, i) => (
          <span key={i} className={`h-1.5 flex-1 rounded-full ${i < step ? 'bg-brand-600' : 'bg-slate-200'}`} />
        ))}
      </div>
    </div>
  );
}
