import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { KycFirst } from '@/components/services/kyc-first';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { getBulkResults, type BulkRowState } from '@/lib/topup/bulk';
import { RefreshWhilePending } from '../_components/refresh-while-pending';

export const generateMetadata = titled('topupBulk', 'resultsTitle');

const tone: Record<BulkRowState, string> = {
  delivered: 'text-emerald-800',
  failed: 'text-red-700',
  pending: 'text-amber-800',
};

/** A paid bulk's rows as they are delivered: refreshed while any is pending; the outcome as an .xlsx. */
export default async function TopupBulkResultsPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const results = await getBulkResults(getDb(), actor, (await params).id);
  if (!results) notFound();
  const t = await getTranslations('topupBulk');
  const locale = (await getLocale()) as Locale;
  const { bulk, rows, counts } = results;
  const state = (r: (typeof rows)[number]) => (
    <span className={`font-semibold ${tone[r.state]}`}>
      {t(`states.${r.state}`)}
      {r.reason ? <span className="block text-xs font-normal">{r.reason}</span> : null}
    </span>
  );
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/topup/bulk">{t('title')}</BackLink>
      <PageHeader title={t('resultsTitle')} intro={`${formatDate(bulk.createdAt, locale, { time: true })} · ${formatAmount(bulk.total, locale)}`}>
        <a
          href={`/api/topup/bulk/${bulk.id}/results`}
          className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold"
          data-testid="bulk-download"
        >
          {t('download')}
        </a>
      </PageHeader>
      <RefreshWhilePending pending={counts.pending > 0} />
      <p aria-live="polite" className="text-sm" data-testid="bulk-counts">
        {t('counts', {
          delivered: localDigits(counts.delivered, locale),
          failed: localDigits(counts.failed, locale),
          pending: localDigits(counts.pending, locale),
        })}
      </p>
      <Card>
        <div className="hidden md:block">
          <DataTable
            caption={t('resultsTitle')}
            columns={[
              t('columns.row'),
              t('columns.mobile'),
              t('columns.operator'),
              t('columns.product'),
              t('columns.amount'),
              t('columns.state'),
              t('columns.deliveryRef'),
            ]}
          >
            {rows.map((r) => (
              <tr key={r.orderId} className="border-b border-slate-100">
                <td className="px-2 py-2 ps-0">{localDigits(r.row, locale)}</td>
                <td className="px-2 py-2" dir="ltr">
                  {r.mobile}
                </td>
                <td className="px-2 py-2">{t(`operators.${r.operator}`)}</td>
                <td className="px-2 py-2">{r.product}</td>
                <td className="px-2 py-2">{formatAmount(r.amount, locale)}</td>
                <td className="px-2 py-2">{state(r)}</td>
                <td className="px-2 py-2" dir="ltr">
                  {r.deliveryRef ?? ''}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
        <ul className="flex flex-col gap-2 md:hidden" aria-label={t('resultsTitle')}>
          {rows.map((r) => (
            <li key={r.orderId} className="rounded-lg border border-slate-200 p-3 text-sm">
              <div className="flex justify-between gap-2">
                <span>{t('rowN', { n: localDigits(r.row, locale) })}</span>
                <span dir="ltr">{r.mobile}</span>
              </div>
              <div className="mt-1 flex flex-wrap justify-between gap-2">
                <span>
                  {t(`operators.${r.operator}`)} · {r.product}
                </span>
                <span className="font-semibold">{formatAmount(r.amount, locale)}</span>
              </div>
              <div className="mt-1">{state(r)}</div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
