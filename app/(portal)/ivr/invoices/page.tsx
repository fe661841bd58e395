import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { InvoiceList } from '@/app/(portal)/ivr/_components/invoice-list';
import { beforeParam, pageOf } from '@/components/ivr/paging';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { IVR_PAGE_SIZE, listIvrInvoices, listIvrPlatforms } from '@/lib/ivr';

export const generateMetadata = titled('ivr', 'invoicesTitle');

/** The merchant's phone invoices, newest first, one platform or all, older pages by keyset. */
export default async function IvrInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('ivr');
  const db = getDb();
  const platforms = await listIvrPlatforms(db, actor);
  const platformId = platforms.some((p) => p.id === sp.platform) ? sp.platform! : null;
  const before = beforeParam(sp.before);
  const { rows, older } = pageOf(await listIvrInvoices(db, actor, { platformId, before, limit: IVR_PAGE_SIZE + 1 }));
  const qs = (b: string | null) => {
    const q = new URLSearchParams();
    if (platformId) q.set('platform', platformId);
    if (b) q.set('before', b);
    const s = q.toString();
    return `/ivr/invoices${s ? `?${s}` : ''}`;
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('invoicesTitle')} intro={t('invoicesIntro')}>
        <BackLink href="/ivr">{t('backToSales')}</BackLink>
      </PageHeader>
      <Card title={t('invoicesTitle')}>
        {platforms.length > 1 && (
          <form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
            <SelectField
              name="platform"
              label={t('platform')}
              defaultValue={platformId ?? ''}
              emptyLabel={t('allPlatforms')}
              options={platforms.map((p) => ({ value: p.id, label: p.name }))}
            />
            <Button type="submit">{t('filter')}</Button>
          </form>
        )}
        {rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-invoices">
            {before ? t('noOlder') : platforms.length ? t('noInvoices') : t('empty')}
          </p>
        ) : (
          <InvoiceList rows={rows} cancel showPlatform={platforms.length > 1 && !platformId} paymentHref={(id) => `/reports/transactions/${id}`} />
        )}
        <Pagination
          label={t('pagination')}
          prev={before ? qs(null) : undefined}
          next={older ? qs(older) : undefined}
          prevLabel={t('newest')}
          nextLabel={t('older')}
        />
        {platforms.length === 0 && (
          <Link href="/services" className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
            {t('toServices')}
          </Link>
        )}
      </Card>
    </div>
  );
}
