import { notFound } from 'next/navigation';
import { TransactionDetail } from '@/components/reports/transaction-detail';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { transactionDetail } from '@/lib/reports/transactions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('reports', 'details');

export default async function AdminTransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('reports');
  const d = await transactionDetail(getDb(), actor, (await params).id);
  if (!d) notFound();
  return <TransactionDetail d={d} backHref="/admin/reports/transactions" unit="rial" showMerchant />;
}
