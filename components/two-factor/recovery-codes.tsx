'use client';

import { useTranslations } from 'next-intl';

/** The ten recovery codes, shown once after they are made. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useTranslations('twoFactor');
  return (
    <section className="flex flex-col gap-3" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title" className="text-base font-bold">
        {t('recoveryTitle')}
      </h2>
      <p className="text-sm text-muted">{t('recoveryIntro')}</p>
      <ol data-testid="recovery-codes" dir="ltr" className="grid grid-cols-2 gap-2 rounded-lg bg-slate-50 p-4 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
    </section>
  );
}
