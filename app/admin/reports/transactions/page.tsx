import { getTranslations } from 'next-intl/server';
import { TransactionsReport } from '@/components/reports/transactions-report';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { reportMerchants, reportPlatforms } from '@/lib/reports/options';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reports', 'transactions');

/** Staff's transaction report: every merchant, with a merchant filter. */
export default async function AdminTransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireStaffActor('reports');
  const t = await getTranslations('reports');
  const db = getDb();
  const query = await searchParams;
  const merchant = typeof query.merchant === 'string' ? query.merchant : null;
  const [merchants, list] = await Promise.all([reportMerchants(db, actor), reportPlatforms(db, actor, { merchant })]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('transactions')} intro={t('transactionsSubtitle')} />
      <TransactionsReport db={db} actor={actor} query={query} basePath="/admin/reports/transactions" platforms={list} merchants={merchants} unit="rial" />
    </div>
  );
}
