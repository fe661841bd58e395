import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ivr/bidi';
import { PhoneSale } from '@/app/(portal)/ivr/_components/phone-sale';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { listIvrPlatforms } from '@/lib/ivr';

export const generateMetadata = titled('ivr', 'title');

const LINK = 'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50';

/** Phone sales: the screen an agent keeps open while talking to a customer. */
export default async function PhoneSalesPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('ivr');
  // Platforms that can no longer sell are not offered; their settings and invoices stay reachable.
  const all = await listIvrPlatforms(getDb(), actor);
  const selling = all.filter((p) => p.status === 'approved' || p.status === 'pending');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        {all.length > 0 && (
          <div className="flex flex-wrap gap-2">
            <Link href="/ivr/invoices" className={LINK} data-testid="invoices-link">
              {t('invoicesTitle')}
            </Link>
            {all.map((p) => (
              <Link key={p.id} href={`/ivr/settings/${p.id}`} className={LINK}>
                {all.length > 1 ? t('settingsOf', { name: isolate(p.name) }) : t('settingsTitle')}
              </Link>
            ))}
          </div>
        )}
      </PageHeader>
      {selling.length === 0 ? (
        <Card title={t('emptyTitle')}>
          <p className="text-sm text-muted" data-testid="ivr-empty">
            {all.length ? t('emptyInactive') : t('empty')}
          </p>
          <Link
            href="/services"
            data-testid="to-services"
            className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          >
            {t('toServices')}
          </Link>
        </Card>
      ) : (
        <Card title={t('newSaleTitle')}>
          <PhoneSale platforms={selling.map((p) => ({ id: p.id, name: p.name, line: p.address }))} />
        </Card>
      )}
    </div>
  );
}
