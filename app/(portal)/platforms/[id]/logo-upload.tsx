'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Upload the payment link's logo (PNG or JPEG); the page shows it once saved. */
export function LogoUpload({ platformId, current }: { platformId: string; current: string | null }) {
  const t = useTranslations('paymentLink');
  const te = useTranslations('errors');
  const router = useRouter();
  const [state, setState] = useState<{ kind: 'idle' | 'uploading' | 'done' } | { kind: 'error'; key: string }>({ kind: 'idle' });
  return (
    <div className="flex flex-wrap items-center gap-4">
      {current && (
        // eslint-disable-next-line @next/next/no-img-element -- the merchant's own upload, served by our route
        <img src={current} alt={t('currentLogo')} className="h-12 w-auto rounded border border-slate-200 bg-white p-1" />
      )}
      <div className="flex flex-col gap-1.5">
        <label htmlFor="f-logo" className="text-sm font-medium">
          {t('logo')}
        </label>
        <input
          id="f-logo"
          type="file"
          accept="image/png,image/jpeg"
          aria-describedby="logo-hint"
          className="text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setState({ kind: 'uploading' });
            const body = new FormData();
            body.set('file', file);
            const res = await fetch(`/api/payment-links/${platformId}/logo`, { method: 'POST', body }).catch(() => null);
            if (res?.ok) {
              setState({ kind: 'done' });
              router.refresh();
            } else {
              const code = res ? ((await res.json().catch(() => ({}))) as { error?: { code: string } }).error?.code : 'network';
              setState({
                kind: 'error',
                key: code === 'fileTooLarge' ? 'imageTooLarge' : code === 'fileType' ? 'imageType' : code === 'fileEmpty' ? 'fileEmpty' : 'network',
              });
            }
          }}
        />
        <p id="logo-hint" className="text-xs text-muted" aria-live="polite">
          {state.kind === 'done' ? t('logoSaved') : t('logoHint')}
        </p>
        {state.kind === 'error' && <p className="text-sm text-red-700">{te(state.key)}</p>}
      </div>
    </div>
  );
}
