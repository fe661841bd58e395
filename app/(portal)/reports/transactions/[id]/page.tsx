import { notFound } from 'next/navigation';
import { TransactionDetail } from '@/components/reports/transaction-detail';
import { KycFirst } from '@/components/services/kyc-first';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { merchantUnit } from '@/lib/reports/background';
import { transactionDetail } from '@/lib/reports/transactions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reports', 'details');

export default async function MerchantTransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc();
  if (!approved) return <KycFirst />;
  const db = getDb();
  const d = await transactionDetail(db, actor, (await params).id);
  if (!d) notFound();
  return <TransactionDetail d={d} backHref="/reports/transactions" unit={await merchantUnit(db, actor)} />;
}
