'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** A secret shown this once, with a copy button and a plain warning that it will not be shown again. */
export function SecretReveal({ label, secret, onDismiss, dismissText }: { label: string; secret: string; onDismiss?: () => void; dismissText?: string }) {
  const t = useTranslations('services');
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4" data-testid="secret-reveal">
      <p className="text-sm font-semibold text-emerald-900">{label}</p>
      <p className="mt-1 text-xs text-emerald-900">{t('shownOnce')}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code dir="ltr" className="break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-ink" data-testid="secret-value">
          {secret}
        </code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
          className="min-h-10 rounded-lg border border-emerald-400 bg-white px-3 text-sm font-semibold text-emerald-900 hover:bg-emerald-100"
        >
          {copied ? t('copied') : t('copy')}
        </button>
        {onDismiss && (
          <button
            type="button"
            onClick={onDismiss}
            className="min-h-10 rounded-lg px-3 text-sm font-medium text-emerald-900 underline-offset-4 hover:underline"
            data-testid="secret-dismiss"
          >
            {dismissText}
          </button>
        )}
      </div>
    </div>
  );
}
