import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Refusal } from '@/components/pay/refusal';
import { Button } from '@/components/ui/button';
import { getDb } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { payerSplitInvoice } from '@/lib/split';
import { lineTotal } from '@/lib/split/schemas';

export const metadata: Metadata = { robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * The buyer's page of a split invoice: the customer invoice's items and total, never the split.
 * Paying opens a payment through the usual gateways (POST, so no prefetch or crawler starts one).
 */
export default async function SplitInvoicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ refused?: string }> }) {
  const { id } = await params;
  const { refused } = await searchParams;
  const t = await getTranslations('splitPay');
  const tp = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  const inv = await payerSplitInvoice(getDb(), id);
  if (!inv) return <Refusal title={tp('notFoundTitle')} body={tp('notFoundBody')} testId="split-invoice-not-found" />;
  const payable = inv.state === 'open' && inv.paymentState !== 'succeeded';
  const paid = inv.state === 'paid' || inv.state === 'closed';
  return (
    <section className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7" data-testid="split-invoice">
      <p className="text-sm text-muted">{t('from', { name: inv.marketplaceName })}</p>
      <h1 className="mt-1 text-xl font-bold">{t('title')}</h1>
      <p className="mt-1 text-sm text-muted">
        {t('billNumber')}{' '}
        <bdi dir="ltr" data-testid="split-bill-number">
          {localDigits(inv.billNumber, locale)}
        </bdi>
      </p>
      {!inv.livemode && (
        <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="split-test-mode">
          {t('testMode')}
        </p>
      )}
      {inv.description && <p className="mt-3 text-sm">{inv.description}</p>}
      <div className="mt-5 overflow-x-auto">
        <table className="w-full text-sm" data-testid="split-items">
          <thead>
            <tr className="border-b border-slate-200 text-start text-muted">
              <th className="py-2 text-start font-medium">{t('item')}</th>
              <th className="py-2 text-center font-medium">{t('quantity')}</th>
              <th className="py-2 text-end font-medium">{t('amount')}</th>
            </tr>
          </thead>
          <tbody>
            {inv.items.map((it, i) => {
              const amount = lineTotal({ quantity: it.quantity, unitPrice: BigInt(it.unitPrice), discount: BigInt(it.discount) });
              return (
                <tr key={i} className="border-b border-slate-100 align-top">
                  <td className="py-2">
                    {it.description}
                    {BigInt(it.discount) > 0n && (
                      <span className="block text-xs text-muted">{t('discount', { amount: formatAmount(BigInt(it.discount), locale, 'toman') })}</span>
                    )}
                  </td>
                  <td className="py-2 text-center">{localDigits(String(it.quantity), locale)}</td>
                  <td className="py-2 text-end whitespace-nowrap">{formatAmount(amount, locale, 'toman')}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td className="pt-3 font-semibold" colSpan={2}>
                {t('total')}
              </td>
              <td className="pt-3 text-end text-lg font-bold whitespace-nowrap" data-testid="split-total" data-rials={inv.total.toString()}>
                {formatAmount(inv.total, locale, 'toman')}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      {refused && (
        <p className="mt-4 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="split-refused">
          {t(`refused.${refused === 'awaitingVerification' ? 'awaitingVerification' : 'notPayable'}`)}
        </p>
      )}
      {paid ? (
        <div className="mt-5 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-center font-semibold text-emerald-800" data-testid="split-paid">
          {t('paid')}
          {inv.paymentId && (
            <Link href={`/pay/receipt/${inv.paymentId}`} className="ms-2 underline">
              {t('receipt')}
            </Link>
          )}
        </div>
      ) : inv.state === 'awaitingVerification' ? (
        <p className="mt-5 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-center text-amber-900" data-testid="split-awaiting">
          {t('refused.awaitingVerification')}
        </p>
      ) : payable ? (
        <form method="post" action={`/pay/invoice/${inv.id}/pay`} className="mt-5">
          <Button type="submit" className="w-full text-base" data-testid="split-pay">
            {t('pay', { amount: formatAmount(inv.total, locale, 'toman') })}
          </Button>
          <p className="mt-2 text-center text-xs text-muted">{t('expires', { when: formatDate(inv.expiresAt, locale, { time: true }) })}</p>
        </form>
      ) : (
        <p className="mt-5 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-center" data-testid="split-closed">
          {t(`states.${inv.state === 'canceled' ? 'canceled' : 'expired'}`)}
        </p>
      )}
    </section>
  );
}
