import { getTranslations } from 'next-intl/server';
import { TransactionsReport } from '@/components/reports/transactions-report';
import { KycFirst } from '@/components/services/kyc-first';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { merchantUnit } from '@/lib/reports/background';
import { reportPlatforms } from '@/lib/reports/options';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reports', 'transactions');

export default async function MerchantTransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'payments' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('reports');
  const db = getDb();
  const [list, unit] = await Promise.all([reportPlatforms(db, actor), merchantUnit(db, actor)]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('transactions')} intro={t('transactionsSubtitle')} />
      <TransactionsReport db={db} actor={actor} query={await searchParams} basePath="/reports/transactions" platforms={list} unit={unit} />
    </div>
  );
}
