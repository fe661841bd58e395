import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { cancelRefundAction, createRefundAction, resendRefundLinkAction } from '@/app/(portal)/payments/actions';
import { TransactionDetail } from '@/components/reports/transaction-detail';
import { RefundPanel } from '@/components/refunds/refund-panel';
import { KycFirst } from '@/components/services/kyc-first';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { merchantUnit } from '@/lib/reports/background';
import { currentMoneyBackRules } from '@/lib/payouts/money-back-rules';
import { listRefundsOfPayment } from '@/lib/refunds';
import { transactionDetail } from '@/lib/reports/transactions';
import { titled } from '@/lib/i18n/metadata';
import { topupOfPayment } from '@/lib/topup';
import { TopupOrderCard } from './topup-order';

export const generateMetadata = titled('reports', 'details');

export default async function MerchantTransactionPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'payments' });
  if (!approved) return <KycFirst />;
  const db = getDb();
  const d = await transactionDetail(db, actor, (await params).id);
  if (!d) notFound();
  const t = await getTranslations('reports');
  const [unit, refunds, rules, topup] = await Promise.all([
    merchantUnit(db, actor),
    listRefundsOfPayment(db, actor, d.payment.id),
    currentMoneyBackRules(db),
    d.payment.source === 'topup' ? topupOfPayment(db, d.payment.id) : null,
  ]);
  return (
    <div className="flex flex-col gap-6">
      <TransactionDetail d={d} backHref="/reports/transactions" unit={unit} />
      {/* A ticket about this payment: /support/new starts with it picked (its `payment` parameter). */}
      <p className="text-sm">
        <Link
          href={`/support/new?payment=${d.payment.trackingCode}`}
          className="font-semibold text-brand-700 hover:underline"
          data-testid="ask-support-about-payment"
        >
          {t('askSupport')}
        </Link>
      </p>
      {topup && <TopupOrderCard order={topup} refund={refunds.find((r) => r.id === topup.refundId) ?? null} unit={unit} />}
      {/* A top-up is refunded only by a failed delivery, automatically: no refund form, only the refund it made. */}
      {(!topup || refunds.length > 0) && (
        <RefundPanel
          payment={d.payment}
          refunds={refunds}
          unit={unit}
          returnsFee={rules.refundReturnsFee}
          actions={{ create: createRefundAction, resend: resendRefundLinkAction, cancel: cancelRefundAction }}
        />
      )}
    </div>
  );
}
