import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { listMerchantServices } from '@/lib/services';
import { KycFirst } from '@/components/services/kyc-first';
import { titled } from '@/lib/i18n/metadata';
import { serviceFees } from '@/lib/services/fees';
import { FeeSummary } from '@/components/services/fee-summary';

export const generateMetadata = titled('services', 'title');

export default async function ServicesPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'platforms' });
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  if (!approved) return <KycFirst />;
  const db = getDb();
  const mine = await listMerchantServices(db, actor);
  const fees = await serviceFees(
    db,
    mine.map((s) => s.serviceId),
  );
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('title')}</h1>
        <Link
          href="/services/new"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t('newRequest')}
        </Link>
      </div>
      {mine.length === 0 ? (
        <Card>
          <p className="text-sm text-muted">{t('none')}</p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {mine.map((s) => (
            <li key={s.id}>
              <Link href={`/services/${s.id}`} className="block rounded-2xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
                <p className="font-bold">{locale === 'fa' ? s.service.nameFa : s.service.nameEn}</p>
                <p className="mt-1 text-sm text-muted">
                  {t(`msStatus.${s.status}`)} · {t('platformCount', { n: s.platformCount })} · {formatDate(s.createdAt, locale)}
                </p>
                <div className="mt-3 border-t border-slate-100 pt-3">
                  <p className="text-xs text-muted">{t('fee.title')}</p>
                  <FeeSummary fee={fees.get(s.serviceId) ?? null} locale={locale} example={false} testId={`service-fee-${s.serviceId}`} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
