import { notFound } from 'next/navigation';
import { canStaff } from '@/lib/staff/permissions';
import { getTranslations } from 'next-intl/server';
import { DecideDisputeForm } from '@/components/disputes/decide-form';
import { DisputeFacts } from '@/components/disputes/dispute-facts';
import { EvidenceList, evidenceLinks } from '@/components/disputes/evidence-list';
import { TransactionDetail } from '@/components/reports/transaction-detail';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { getDispute } from '@/lib/disputes';
import { listRefundsOfPayment } from '@/lib/refunds';
import { PayerLinkButton } from '@/components/refunds/payer-link-button';
import { titled } from '@/lib/i18n/metadata';
import { transactionDetail } from '@/lib/reports/transactions';
import { decideDisputeAction, staffRefundLinkAction } from '../actions';

export const generateMetadata = titled('disputes', 'detailTitle');

/** One dispute for staff: the facts, the merchant's answer and evidence, the decision, and the payment's full history beside them. */
export default async function AdminDisputePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('disputes');
  const t = await getTranslations('disputes');
  const db = getDb();
  const row = await getDispute(db, actor, (await params).id);
  if (!row) notFound();
  const d = row.dispute;
  const [payment, refunds] = await Promise.all([transactionDetail(db, actor, d.paymentId), listRefundsOfPayment(db, actor, d.paymentId)]);
  // A lost dispute's refund to the payer: staff can hand the payer a new link by phone.
  const refund = refunds.find((r) => r.disputeId === d.id);
  const tr = await getTranslations('refunds');
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/disputes">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('detailTitle')}</h1>
        <p className="mt-1 text-sm text-muted">
          {row.merchant.firstName} {row.merchant.lastName}
        </p>
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <div className="flex flex-col gap-6">
          <DisputeFacts row={row} now={now} paymentHref={`/admin/reports/transactions/${d.paymentId}`} />
          <Card title={t('merchantAnswer')}>
            <div className="flex flex-col gap-3 text-sm" data-testid="merchant-answer">
              <p className="whitespace-pre-line">{d.answer ?? t('noAnswer')}</p>
              <EvidenceList files={evidenceLinks(d)} />
            </div>
          </Card>
          {refund && (
            <Card title={tr('payerRefund')}>
              <div className="flex flex-col gap-3 text-sm" data-testid="dispute-refund" data-state={refund.state}>
                <p>{tr(`states.${refund.state}`)}</p>
                {refund.state === 'awaiting_account' && canStaff(actor, 'disputes', 'write') && (
                  <PayerLinkButton refundId={refund.id} action={staffRefundLinkAction} />
                )}
              </div>
            </Card>
          )}
          {(d.state === 'open' || d.state === 'answered') && canStaff(actor, 'disputes', 'write') && (
            <Card title={t('decide')}>
              <DecideDisputeForm disputeId={d.id} action={decideDisputeAction} />
            </Card>
          )}
        </div>
        {payment && <TransactionDetail d={payment} backHref="/admin/disputes" unit="rial" showMerchant />}
      </div>
    </div>
  );
}
