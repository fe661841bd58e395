import Link from 'next/link';
import { isolate } from '@/components/ivr/bidi';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import type { SplitInvoiceView } from '@/lib/split';
import { SplitBadge } from './badge';
import { SplitItems } from './items';

/**
 * A split invoice as the marketplace and staff see it: the summary, every part with its share,
 * fee, refunds and settlement, what the buyer was asked to pay, and the payment. `actions` is the
 * page's own (the marketplace's close / verify / cancel); `paymentHref` where the payment opens.
 */
export async function SplitInvoiceDetail({
  view,
  actions,
  paymentHref,
  showMarketplace = false,
}: {
  view: SplitInvoiceView;
  actions?: ReactNode;
  paymentHref: (paymentId: string) => string;
  showMarketplace?: boolean;
}) {
  const t = await getTranslations('split');
  const locale = (await getLocale()) as Locale;
  const { invoice: inv, parts, payment, state } = view;
  const amount = (v: bigint) => formatAmount(v, locale);
  const when = (d: Date | null) => (d ? formatDate(d, locale, { time: true }) : '—');
  const row = (label: string, value: ReactNode, testId?: string) => (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  const verification = inv.verificationNeeded
    ? inv.verifiedAt
      ? t('detail.verifiedAt', { at: when(inv.verifiedAt) })
      : t('detail.awaitingVerification')
    : t('detail.noVerification');
  return (
    <div className="flex flex-col gap-6" data-testid="split-invoice" data-state={state}>
      <Card title={t('detail.summary')}>
        <dl className="grid grid-cols-2 gap-4 text-sm lg:grid-cols-3">
          {row(t('invoices.billNumber'), <bdi dir="ltr">{inv.billNumber}</bdi>, 'bill-number')}
          {showMarketplace && row(t('invoices.marketplace'), <bdi>{view.marketplaceName}</bdi>)}
          {row(
            t('invoices.state'),
            <span className="flex flex-wrap gap-1">
              <SplitBadge tone={state} label={t(`states.${state}`)} testId="invoice-state" />
              {!inv.livemode && <SplitBadge tone="sandbox" label={t('sandbox')} />}
            </span>,
          )}
          {row(t('invoices.total'), amount(inv.total), 'invoice-total')}
          {row(t('detail.fee'), amount(inv.fee))}
          {row(t('detail.feePayer'), t(`settings.feePayers.${inv.feePayer}`))}
          {inv.refundedAmount > 0n && row(t('detail.refunded'), amount(inv.refundedAmount))}
          {row(t('invoices.created'), when(inv.createdAt))}
          {row(t('detail.expires'), when(inv.expiresAt))}
          {row(t('detail.paidAt'), when(inv.paidAt))}
          {row(t('detail.closedAt'), when(inv.closedAt))}
          {row(t('detail.verification'), verification)}
          {row(t('detail.rail'), t(`settings.rails.${inv.rail}`))}
          {inv.description && row(t('detail.description'), inv.description)}
          {(inv.payerName || inv.payerMobile) &&
            row(
              t('detail.payer'),
              <>
                {inv.payerName ?? ''}
                {inv.payerMobile && (
                  <bdi dir="ltr" className="ms-2 text-muted">
                    {localDigits(inv.payerMobile, locale)}
                  </bdi>
                )}
              </>,
            )}
        </dl>
        {actions && <div className="mt-5 border-t border-slate-100 pt-4">{actions}</div>}
      </Card>

      <Card title={t('detail.parts')}>
        <ul className="grid gap-3 lg:grid-cols-2" data-testid="split-parts">
          {parts.map((p) => {
            const net = p.share - p.fee - p.refunded + p.feeReturned;
            return (
              <li
                key={p.id}
                className="rounded-xl border border-slate-200 p-4 text-sm"
                data-testid="split-part"
                data-role={p.role}
                data-share={p.share.toString()}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-bold">
                    {p.role === 'main' ? t('detail.mainPart', { name: isolate(view.marketplaceName) }) : <bdi>{p.beneficiaryName ?? '—'}</bdi>}
                  </span>
                  <span className="text-xs text-muted">{p.role === 'main' ? t('detail.roleMain') : t('detail.roleSub')}</span>
                </div>
                <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
                  <dt className="text-muted">{t('detail.share')}</dt>
                  <dd className="font-semibold" data-testid="part-share">
                    {amount(p.share)}
                  </dd>
                  <dt className="text-muted">{t('detail.fee')}</dt>
                  <dd>{amount(p.fee)}</dd>
                  <dt className="text-muted">{t('detail.refunded')}</dt>
                  <dd>{amount(p.refunded)}</dd>
                  <dt className="text-muted">{t('detail.net')}</dt>
                  <dd className="font-semibold">{amount(net)}</dd>
                  <dt className="text-muted">{t('detail.settled')}</dt>
                  <dd data-testid="part-settled" data-settled={p.settledAt ? 'yes' : 'no'}>
                    {p.settledAt ? t('detail.settledAt', { at: when(p.settledAt) }) : t('detail.notSettled')}
                  </dd>
                  {p.addressRef && (
                    <>
                      <dt className="text-muted">{t('detail.addressRef')}</dt>
                      <dd>
                        <bdi dir="ltr">{p.addressRef}</bdi>
                      </dd>
                    </>
                  )}
                </dl>
                <div className="mt-3 border-t border-slate-100 pt-3">
                  <SplitItems items={p.items} />
                </div>
              </li>
            );
          })}
        </ul>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('detail.customerItems')}>
          <SplitItems items={inv.customerItems} testId="customer-items" />
          <p className="mt-3 border-t border-slate-100 pt-3 text-sm font-bold">{t('detail.payable', { amount: amount(inv.total) })}</p>
        </Card>
        <Card title={t('detail.payment')}>
          {payment ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm" data-testid="split-payment">
              <dt className="text-muted">{t('detail.paymentState')}</dt>
              <dd>{t(`paymentStates.${payment.state}`)}</dd>
              <dt className="text-muted">{t('detail.tracking')}</dt>
              <dd>
                <Link href={paymentHref(payment.id)} className="font-semibold text-brand-700 underline-offset-4 hover:underline">
                  <bdi dir="ltr">{localDigits(payment.trackingCode, locale)}</bdi>
                </Link>
              </dd>
              <dt className="text-muted">{t('detail.bankRef')}</dt>
              <dd>
                <bdi dir="ltr">{payment.gatewayRef ? localDigits(payment.gatewayRef, locale) : '—'}</bdi>
              </dd>
              <dt className="text-muted">{t('detail.card')}</dt>
              <dd>
                <bdi dir="ltr">{payment.cardMasked ? localDigits(payment.cardMasked, locale) : '—'}</bdi>
              </dd>
              <dt className="text-muted">{t('detail.completed')}</dt>
              <dd>{when(payment.completedAt)}</dd>
            </dl>
          ) : (
            <div className="flex flex-col gap-2 text-sm">
              <p className="text-muted">{t('detail.noPayment')}</p>
              {state === 'open' && (
                <p>
                  {t('detail.payLink')}{' '}
                  <Link href={`/pay/invoice/${inv.id}`} className="font-semibold text-brand-700 underline-offset-4 hover:underline" data-testid="pay-link">
                    <bdi dir="ltr">/pay/invoice/{inv.id.slice(0, 8)}…</bdi>
                  </Link>
                </p>
              )}
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}
