import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { services } from '@/db/schema';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { currentTerms, hasAcceptedCurrentTerms } from '@/lib/services';
import { KycFirst } from '@/components/services/kyc-first';
import { TermsAccept } from './terms-accept';
import { PageHeader } from '@/components/ui/page-header';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('services'))('termsTitle') };
}

export default async function TermsPage({ params }: { params: Promise<{ serviceId: string }> }) {
  const { user, approved } = await requireMerchantWithKyc();
  if (!approved) return <KycFirst />;
  const { serviceId } = await params;
  const db = getDb();
  const [service] = await db
    .select()
    .from(services)
    .where(eq(services.id, serviceId.slice(0, 32)));
  const terms = service ? await currentTerms(db, service.id) : null;
  if (!service || !terms) notFound();
  const t = await getTranslations('services');
  const locale = (await getLocale()) as Locale;
  const accepted = await hasAcceptedCurrentTerms(db, user.id, service.id);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={locale === 'fa' ? service.nameFa : service.nameEn} intro={t('termsVersion', { version: localDigits(terms.version, locale) })} />
      <TermsAccept serviceId={service.id} version={terms.version} body={locale === 'fa' ? terms.bodyFa : terms.bodyEn} alreadyAccepted={accepted} />
    </div>
  );
}
