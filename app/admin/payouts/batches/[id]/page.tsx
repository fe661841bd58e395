import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { MarkSent, ResultUpload, SettleRow } from '@/components/payouts-admin/batch-actions';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { getBatchDetail } from '@/lib/payouts/staff-views';
import { batchApproval, needsSecondApproval } from '@/lib/payouts/batches';
import { canStaff } from '@/lib/staff/permissions';
import { ApproveBatch } from '../_components/approve-batch';
import { markBatchSentAction, settleBatchPayoutAction } from '../../actions';
import { PayoutsHeader } from '../../_components/header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayouts', 'batchTitle');

export default async function PayoutBatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('payouts');
  const t = await getTranslations('adminPayouts');
  const tp = await getTranslations('adminPayouts.payoutStates');
  const tr = await getTranslations('refunds');
  const locale = (await getLocale()) as Locale;
  const detail = await getBatchDetail(getDb(), actor, (await params).id);
  if (!detail) notFound();
  const { batch, payouts } = detail;
  const ts = await getTranslations('staff');
  const fourEyes = needsSecondApproval(batch);
  const second = fourEyes ? await batchApproval(getDb(), actor, batch.id) : null;
  const canAct = canStaff(actor, 'payouts', 'write');
  const facts: [string, React.ReactNode][] = [
    [
      t('reference'),
      <bdi key="r" dir="ltr">
        {batch.reference}
      </bdi>,
    ],
    [t('state'), t(`batchStates.${batch.state}`)],
    [t('count'), localDigits(batch.count, locale)],
    [t('total'), formatAmount(batch.total, locale)],
    [t('createdAt'), formatDate(batch.createdAt, locale, { time: true })],
    [t('sentAt'), batch.sentAt ? formatDate(batch.sentAt, locale, { time: true }) : '—'],
  ];
  return (
    <div className="flex flex-col gap-6">
      <PayoutsHeader current="/admin/payouts/batches" title={t('batchTitle')} />
      <Card title={t('batchFacts')}>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-3" data-testid="batch-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt className="text-xs text-muted">{k}</dt>
              <dd className="font-medium">{v}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 flex flex-wrap items-start gap-4">
          {batch.fileKey && (
            <a
              href={`/api/admin/payouts/batches/${batch.id}/file`}
              download
              className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-brand-800 hover:bg-brand-50"
            >
              {t('download')}
            </a>
          )}
          {batch.state === 'built' && canAct && <MarkSent batchId={batch.id} action={markBatchSentAction} />}
        </div>
        {fourEyes && (
          <div className="mt-4 flex flex-col gap-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="batch-four-eyes">
            <p>{ts('batchFourEyes')}</p>
            {second ? (
              <p className="font-medium">
                {ts('batchApprovedBy', { name: `\u2068${second.name}\u2069`, at: formatDate(second.approvedAt, locale, { time: true }) })}
              </p>
            ) : batch.state === 'built' ? (
              <>
                {batch.createdBy === actor.userId && <p>{ts('batchYouBuilt')}</p>}
                {canAct && <ApproveBatch batchId={batch.id} />}
              </>
            ) : null}
          </div>
        )}
      </Card>
      {batch.state === 'sent' && (
        <Card title={t('resultsTitle')}>
          <ResultUpload batchId={batch.id} />
        </Card>
      )}
      <Card title={t('batchPayouts')}>
        <DataTable
          caption={t('batchPayouts')}
          columns={[t('merchant'), t('amount'), t('arrives'), t('account'), t('state'), t('bankResult'), batch.state === 'sent' ? t('record') : '']}
          testId="batch-payouts"
        >
          {payouts.map((r) => {
            const name = `${r.merchant.firstName} ${r.merchant.lastName}`;
            return (
              <tr key={r.payout.id} className="border-b border-slate-100 align-top last:border-0" data-payout={r.payout.id}>
                <td className="px-2 py-2 first:ps-0">
                  {name}
                  <span className="block text-xs text-muted">{r.platformName}</span>
                </td>
                <td className="whitespace-nowrap px-2 py-2">{formatAmount(r.payout.amount, locale)}</td>
                <td className="whitespace-nowrap px-2 py-2">{formatAmount(r.payout.amount - r.payout.fee, locale)}</td>
                <td className="px-2 py-2">
                  <bdi dir="ltr" className="font-mono text-xs">
                    {r.sheba}
                  </bdi>
                  <span className="block">{r.holderName}</span>
                  {r.refundOf && (
                    <span className="block text-xs text-muted" data-testid="refund-of">
                      {tr('staffRefundOf', { payer: r.refundOf.payerName ?? '—', code: localDigits(r.refundOf.trackingCode, locale) })}
                    </span>
                  )}
                </td>
                <td className="px-2 py-2" data-testid="payout-state">
                  {tp(r.payout.state)}
                </td>
                <td className="px-2 py-2 text-xs">
                  {r.payout.bankRef && <bdi dir="ltr">{r.payout.bankRef}</bdi>}
                  {r.payout.reason && <span className="block">{r.payout.reason}</span>}
                </td>
                <td className="px-2 py-2">
                  {batch.state === 'sent' && r.payout.state === 'sent' && (
                    <SettleRow batchId={batch.id} payoutId={r.payout.id} label={name} action={settleBatchPayoutAction} />
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </Card>
    </div>
  );
}
