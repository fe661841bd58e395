import type { Metadata } from 'next';
import { asc, eq } from 'drizzle-orm';
import { getTranslations } from 'next-intl/server';
import { TransactionsReport } from '@/components/reports/transactions-report';
import { getDb } from '@/db';
import { platforms, users } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/session';
import { PageHeader } from '@/components/ui/page-header';
import { isUuid } from '@/lib/validation/ids';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reports'))('transactions') };
}

/** Staff's transaction report: every merchant, with a merchant filter. */
export default async function AdminTransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const t = await getTranslations('reports');
  const db = getDb();
  const query = await searchParams;
  const merchant = typeof query.merchant === 'string' ? query.merchant : null;
  const [merchants, list] = await Promise.all([
    db
      .select({ id: users.id, first: users.firstName, last: users.lastName, mobile: users.mobile })
      .from(users)
      .where(eq(users.role, 'merchant'))
      .orderBy(asc(users.lastName))
      .limit(500),
    isUuid(merchant) ? db.select({ id: platforms.id, label: platforms.name }).from(platforms).where(eq(platforms.userId, merchant)) : Promise.resolve([]),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('transactions')} intro={t('transactionsSubtitle')} />
      <TransactionsReport
        db={db}
        scope={{ staff: true }}
        query={query}
        basePath="/admin/reports/transactions"
        platforms={list}
        merchants={merchants.map((m) => ({ id: m.id, label: `${m.first} ${m.last} (${m.mobile})` }))}
        unit="rial"
      />
    </div>
  );
}
