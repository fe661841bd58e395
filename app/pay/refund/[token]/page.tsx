import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { submitRefundAccountAction } from '@/app/pay/actions';
import { Refusal } from '@/components/pay/refusal';
import { RefundAccountForm } from '@/components/refunds/refund-account-form';
import { getDb } from '@/db';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { refundLinkView } from '@/lib/refunds';

export const metadata: Metadata = { robots: { index: false }, referrer: 'no-referrer' };

/** The payer's page from the refund SMS: who refunds how much, and the sheba to send it to. Works once. */
export default async function RefundAccountPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('refundAccount');
  const locale = (await getLocale()) as Locale;
  const view = await refundLinkView(getDb(), token);
  if (!view) return <Refusal title={t('invalidTitle')} body={t('invalidBody')} testId="refund-link-invalid" />;
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7" data-testid="refund-account">
      <h1 className="text-xl font-bold">{t('title')}</h1>
      <p className="mt-3 text-sm">{t('intro', { name: view.platformName, amount: formatMoney(view.amount, view.currency, locale, 'toman') })}</p>
      <p className="mt-1 text-xs text-muted">{t('payment', { code: localDigits(view.trackingCode, locale) })}</p>
      <div className="mt-5">
        <RefundAccountForm token={token} defaultHolder={view.payerName ?? ''} action={submitRefundAccountAction} />
      </div>
    </section>
  );
}
