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

export const generateMetadata = titled('services', 'termsTitle');

export default async function TermsPage({ params }: { params: Promise<{ serviceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc();
  if (!approved) return <KycFirst />;
  const { serviceId } = await params;
  const found = await getServiceTerms(getDb(), actor, serviceId);
  if (!found) notFound();
  const { service, terms, accepted } = found;
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={locale === 'fa' ? service.nameFa : service.nameEn} intro={t('termsVersion', { version: localDigits(terms.version, locale) })} />
      <TermsAccept serviceId={service.id} version={terms.version} body={locale === 'fa' ? terms.bodyFa : terms.bodyEn} alreadyAccepted={accepted} />
    </div>
  );
}
