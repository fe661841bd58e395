import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import type { Locale } from '@/lib/i18n/config';
import { listServicesFor } from '@/lib/services';
import { KycFirst } from '@/components/services/kyc-first';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';
import { serviceFees } from '@/lib/services/fees';
import { FeeSummary } from '@/components/services/fee-summary';

export const generateMetadata = titled('services', 'newRequest');

export default async function NewServicePage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'platforms' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  // Only what this kind of customer may request (a Turkish company: the virtual POS).
  const db = getDb();
  const catalogue = await listServicesFor(db, actor);
  const fees = await serviceFees(
    db,
    catalogue.map((s) => s.id),
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('newRequest')} intro={t('pickService')} />
      <ul className="grid gap-4 sm:grid-cols-2">
        {catalogue.map((s) => (
          <li key={s.id}>
            <Link href={`/services/new/${s.id}`} className="block h-full rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
              <p className="font-bold">{locale === 'fa' ? s.nameFa : s.nameEn}</p>
              <p className="mt-2 text-sm text-muted">{locale === 'fa' ? s.descriptionFa : s.descriptionEn}</p>
              <div className="mt-3 border-t border-slate-100 pt-3">
                <p className="text-xs text-muted">{t('fee.title')}</p>
                <FeeSummary fee={fees.get(s.id) ?? null} locale={locale} example={false} testId={`catalogue-fee-${s.id}`} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
