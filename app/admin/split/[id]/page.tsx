import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { SplitInvoiceDetail } from '@/components/split/invoice-detail';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { titled } from '@/lib/i18n/metadata';
import { getSplitInvoice } from '@/lib/split';

export const generateMetadata = titled('adminSplit', 'invoiceTitle');

/** One split invoice as staff see it: every part, the marketplace, the payment. */
export default async function AdminSplitInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('split');
  const view = await getSplitInvoice(getDb(), actor, (await params).id);
  if (!view) notFound();
  const t = await getTranslations('adminSplit');
  const ts = await getTranslations('split');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={ts('detail.heading', { bill: view.invoice.billNumber })} intro={<bdi>{view.marketplaceName}</bdi>}>
        <BackLink href="/admin/split">{t('back')}</BackLink>
      </PageHeader>
      <SplitInvoiceDetail view={view} showMarketplace paymentHref={(id) => `/admin/reports/transactions/${id}`} />
    </div>
  );
}
