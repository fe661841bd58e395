import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { getServiceTerms } from '@/lib/services';
import { KycFirst } from '@/components/services/kyc-first';
import { TermsAccept } from './terms-accept';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';
import { serviceFees } from '@/lib/services/fees';
import { FeeSummary } from '@/components/services/fee-summary';
import { Card } from '@/components/ui/card';

export const generateMetadata = titled('services', 'termsTitle');

export default async function TermsPage({ params }: { params: Promise<{ serviceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'platforms' });
  if (!approved) return <KycFirst />;
  const { serviceId } = await params;
  const db = getDb();
  const found = await getServiceTerms(db, actor, serviceId);
  if (!found) notFound();
  const { service, terms, accepted } = found;
  const fee = (await serviceFees(db, [service.id])).get(service.id) ?? null;
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={locale === 'fa' ? service.nameFa : service.nameEn} intro={t('termsVersion', { version: localDigits(terms.version, locale) })} />
      <Card title={t('fee.onTerms')}>
        <FeeSummary fee={fee} locale={locale} testId="terms-fee" />
      </Card>
      <TermsAccept serviceId={service.id} version={terms.version} body={locale === 'fa' ? terms.bodyFa : terms.bodyEn} alreadyAccepted={accepted} />
    </div>
  );
}
