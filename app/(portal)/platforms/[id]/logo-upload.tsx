'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { FileField, imageUploadError, postFile } from '@/components/ui/file-field';

/** Upload the payment link's logo (PNG or JPEG); the page shows it once saved. */
export function LogoUpload({ platformId, current }: { platformId: string; current: string | null }) {
  const t = useTranslations('paymentLink');
  const te = useTranslations('errors');
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-4">
      {current && (
        // eslint-disable-next-line @next/next/no-img-element -- the merchant's own upload, served by our route
        <img src={current} alt={t('currentLogo')} className="h-12 w-auto rounded border border-slate-200 bg-white p-1" />
      )}
      <FileField
        name="logo"
        label={t('logo')}
        accept="image/png,image/jpeg"
        hint={t('logoHint')}
        doneText={t('logoSaved')}
        upload={async (file) => {
          const r = await postFile(`/api/payment-links/${platformId}/logo`, { file });
          if (!r.ok) return { ok: false, error: te(imageUploadError(r.code)) };
          router.refresh();
          return { ok: true };
        }}
      />
    </div>
  );
}
