import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';

/** What a merchant sees on a service page before its customer information is approved. */
export async function KycFirst() {
  const t = await getTranslations('services');
  return (
    <Card title={t('title')}>
      <p className="text-sm text-muted" data-testid="kyc-first">
        {t('kycFirst')}
      </p>
      <Link href="/customer-info" className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white">
        {t('openCustomerInfo')}
      </Link>
    </Card>
  );
}
