import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { getLocale, getTranslations } from 'next-intl/server';
import { BuildBatch } from '@/components/payouts-admin/build-batch';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { listApprovedForBatch, listBatches } from '@/lib/payouts/staff-views';
import { buildBatchAction } from '../actions';
import { PayoutsHeader } from '../_components/header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayouts', 'batchesTitle');

export default async function PayoutBatchesPage() {
  const { actor } = await requireStaffActor('payouts');
  const t = await getTranslations('adminPayouts');
  const tr = await getTranslations('refunds');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const [approved, batches] = await Promise.all([listApprovedForBatch(db, actor), listBatches(db, actor)]);
  return (
    <div className="flex flex-col gap-6">
      <PayoutsHeader current="/admin/payouts/batches" title={t('batchesTitle')} intro={t('batchesIntro')} />
      <Card title={t('approvedTitle')}>
        {approved.length === 0 ? (
          <p className="text-sm text-muted">{t('approvedEmpty')}</p>
        ) : (
          <StaffWrite may={canStaff(actor, 'payouts', 'write')} readOnly>
            <BuildBatch
              action={buildBatchAction}
              rows={approved.map((r) => ({
                id: r.payout.id,
                merchant: `${r.merchant.firstName} ${r.merchant.lastName}`,
                platform: r.platformName,
                amount: formatAmount(r.payout.amount, locale),
                arrives: formatAmount(r.payout.amount - r.payout.fee, locale),
                sheba: r.sheba ?? '—',
                holder: r.refundOf
                  ? `${r.holderName ?? ''} · ${tr('staffRefundOf', { payer: r.refundOf.payerName ?? '—', code: localDigits(r.refundOf.trackingCode, locale) })}`
                  : (r.holderName ?? ''),
              }))}
            />
          </StaffWrite>
        )}
      </Card>
      <Card title={t('batchListTitle')}>
        {batches.length === 0 ? (
          <p className="text-sm text-muted">{t('batchListEmpty')}</p>
        ) : (
          <DataTable
            caption={t('batchListTitle')}
            columns={[t('reference'), t('createdAt'), t('count'), t('total'), t('state'), t('progress'), t('file')]}
            testId="payout-batches"
          >
            {batches.map((b) => (
              <tr key={b.id} className="border-b border-slate-100 align-top last:border-0" data-batch={b.reference}>
                <td className="px-2 py-2 first:ps-0">
                  <Link href={`/admin/payouts/batches/${b.id}`} className="font-medium text-brand-700 underline">
                    <bdi dir="ltr">{b.reference}</bdi>
                  </Link>
                </td>
                <td className="whitespace-nowrap px-2 py-2">{formatDate(b.createdAt, locale, { time: true })}</td>
                <td className="px-2 py-2">{localDigits(b.count, locale)}</td>
                <td className="whitespace-nowrap px-2 py-2">{formatAmount(b.total, locale)}</td>
                <td className="px-2 py-2">{t(`batchStates.${b.state}`)}</td>
                <td className="px-2 py-2 text-xs">{t('progressOf', { paid: b.paid, returned: b.returned, open: b.open })}</td>
                <td className="px-2 py-2">
                  {b.fileKey && (
                    <a href={`/api/admin/payouts/batches/${b.id}/file`} className="text-sm font-medium text-brand-700 underline" download>
                      {t('download')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
