import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { cancelSplitInvoiceAction, closeSplitInvoiceAction, verifySplitInvoiceAction } from '@/app/(portal)/split/actions';
import { ConfirmAction } from '@/app/(portal)/split/_components/confirm-action';
import { SplitInvoiceDetail } from '@/components/split/invoice-detail';
import { BackLink } from '@/components/ui/back-link';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { getSplitInvoice } from '@/lib/split';

export const generateMetadata = titled('split', 'invoiceTitle');

/** One invoice of the marketplace: every part, the payment, and what the marketplace may still do to it. */
export default async function SplitInvoicePage({ params }: { params: Promise<{ marketplaceId: string; invoiceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return null;
  const { marketplaceId, invoiceId } = await params;
  const view = await getSplitInvoice(getDb(), actor, invoiceId);
  if (!view || view.invoice.marketplaceId !== marketplaceId) notFound();
  const t = await getTranslations('split.actions');
  const ts = await getTranslations('split');
  const inv = view.invoice;
  const bill = inv.billNumber;
  const verified = !inv.verificationNeeded || inv.verifiedAt !== null;
  const input = { invoiceId: inv.id };
  const canVerify = !verified && (view.state === 'open' || view.state === 'paid');
  const canClose = view.state === 'paid' && verified;
  const canCancel = view.state === 'open';
  const actions =
    canVerify || canClose || canCancel ? (
      <div className="flex flex-wrap items-start gap-3" data-testid="invoice-actions">
        {canVerify && (
          <ConfirmAction
            action={verifySplitInvoiceAction}
            input={input}
            label={t('verify')}
            confirm={t('verifyConfirm', { bill })}
            yes={t('verifyYes')}
            variant="primary"
            testId="verify-invoice"
          />
        )}
        {canClose && (
          <ConfirmAction
            action={closeSplitInvoiceAction}
            input={input}
            label={t('close')}
            confirm={t('closeConfirm', { bill })}
            yes={t('closeYes')}
            variant="primary"
            testId="close-invoice"
          />
        )}
        {canCancel && (
          <ConfirmAction
            action={cancelSplitInvoiceAction}
            input={input}
            label={t('cancel')}
            confirm={t('cancelConfirm', { bill })}
            yes={t('cancelYes')}
            variant="danger"
            testId="cancel-invoice"
          />
        )}
      </div>
    ) : view.state === 'closed' ? (
      <p className="text-sm text-muted">
        {t('closedNote')}{' '}
        {view.payment && (
          <Link href={`/reports/transactions/${view.payment.id}`} className="font-semibold text-brand-700 hover:underline" data-testid="refund-link">
            {t('toRefund')}
          </Link>
        )}
      </p>
    ) : null;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-bold">{ts('detail.heading', { bill })}</h2>
        <BackLink href={`/split/${marketplaceId}/invoices`}>{ts('detail.backToList')}</BackLink>
      </div>
      <SplitInvoiceDetail view={view} actions={actions} paymentHref={(id) => `/reports/transactions/${id}`} />
    </div>
  );
}
