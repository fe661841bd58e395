import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { bulkPlatformsOf, listBulks } from '@/lib/topup/bulk';
import { BulkFlow } from './_components/bulk-flow';

export const generateMetadata = titled('topupBulk', 'title');

/** Bulk top-up: upload a list, see it checked row by row, pay it from a platform's withdrawable balance. */
export default async function TopupBulkPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('topupBulk');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const [platforms, bulks] = await Promise.all([bulkPlatformsOf(db, actor), listBulks(db, actor, 10)]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      {platforms.length === 0 ? (
        <Card>
          <p className="text-sm text-muted" data-testid="no-charge-platform">
            {t('noPlatform')}
          </p>
        </Card>
      ) : (
        <BulkFlow platforms={platforms.map((p) => ({ id: p.id, name: p.name, withdrawable: p.withdrawable.toString() }))} />
      )}
      {bulks.length > 0 && (
        <Card title={t('recent')}>
          <ul className="flex flex-col divide-y divide-slate-100 text-sm">
            {bulks.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link href={`/topup/bulk/${b.id}`} className="font-semibold text-brand-700 underline">
                  {formatDate(b.createdAt, locale)}
                </Link>
                <span>
                  {t('rowsCount', { count: b.rowCount, n: localDigits(b.rowCount, locale) })} · {formatAmount(b.total, locale)} · {t(`bulkStates.${b.state}`)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
