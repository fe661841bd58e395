import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { DataTable } from '@/components/ui/data-table';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import type { IvrInvoiceView } from '@/lib/ivr';
import { formatAmount } from '@/lib/money';
import { CancelInvoice } from './cancel-invoice';
import { IvrStateBadge } from '@/components/ivr/state-badge';

/**
 * Phone invoices, newest first: a table from the `md` width up, cards below it (amount and state
 * first), never a table clipped on a phone. Each row links to its payment once it has one;
 * `cancel` offers the merchant's cancel on open and expired ones.
 */
export async function InvoiceList({
  rows,
  cancel = false,
  showPlatform = false,
  paymentHref,
}: {
  rows: IvrInvoiceView[];
  cancel?: boolean;
  showPlatform?: boolean;
  paymentHref: (paymentId: string) => string;
}) {
  const t = await getTranslations('ivr');
  const locale = (await getLocale()) as Locale;
  // PayStar cannot withdraw a factor (its caller could still pay it), so rail invoices are not offered a cancel.
  const cancelable = (v: IvrInvoiceView) => cancel && v.invoice.rail !== 'paystar' && (v.state === 'open' || v.state === 'expired');
  const code = (v: IvrInvoiceView): ReactNode => {
    const text = <bdi dir="ltr">{localDigits(v.invoice.trackingCode, locale)}</bdi>;
    return v.payment ? (
      <Link href={paymentHref(v.payment.id)} className="font-semibold text-brand-700 underline-offset-4 hover:underline" data-testid="invoice-payment-link">
        {text}
      </Link>
    ) : (
      <span className="font-semibold">{text}</span>
    );
  };
  const customer = (v: IvrInvoiceView) => (
    <>
      {v.invoice.customerName ?? '—'}
      {v.invoice.phone && (
        <span className="block text-xs text-muted">
          <bdi dir="ltr">{localDigits(v.invoice.phone, locale)}</bdi>
        </span>
      )}
    </>
  );
  const caller = (v: IvrInvoiceView) => (v.invoice.callerNumber ? <bdi dir="ltr">{localDigits(v.invoice.callerNumber, locale)}</bdi> : '—');
  const attempts = (v: IvrInvoiceView) =>
    t('attemptsValue', { lookups: localDigits(v.invoice.lookups, locale), failed: localDigits(v.invoice.failedPayments, locale) });
  const state = (v: IvrInvoiceView) => (
    <>
      <IvrStateBadge state={v.state} label={t(`states.${v.state}`)} />
      {!v.invoice.livemode && <span className="ms-1 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t('sandbox')}</span>}
    </>
  );
  const columns = [
    t('code'),
    t('amount'),
    t('state'),
    ...(showPlatform ? [t('platform')] : []),
    t('customer'),
    t('caller'),
    t('attempts'),
    t('expires'),
    t('created'),
    ...(cancel ? [t('actions')] : []),
  ];
  return (
    <>
      <ul className="flex flex-col gap-3 md:hidden" data-testid="invoice-cards">
        {rows.map((v) => (
          <li key={v.invoice.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-code={v.invoice.trackingCode}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-base font-bold">{formatAmount(v.invoice.amount, locale)}</span>
              <span>{state(v)}</span>
            </div>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
              <dt className="text-muted">{t('code')}</dt>
              <dd>{code(v)}</dd>
              {showPlatform && (
                <>
                  <dt className="text-muted">{t('platform')}</dt>
                  <dd>{v.platformName}</dd>
                </>
              )}
              <dt className="text-muted">{t('customer')}</dt>
              <dd>{customer(v)}</dd>
              <dt className="text-muted">{t('caller')}</dt>
              <dd>{caller(v)}</dd>
              <dt className="text-muted">{t('attempts')}</dt>
              <dd>{attempts(v)}</dd>
              <dt className="text-muted">{t('expires')}</dt>
              <dd>{formatDate(v.invoice.expiresAt, locale, { time: true })}</dd>
              <dt className="text-muted">{t('created')}</dt>
              <dd>{formatDate(v.invoice.createdAt, locale, { time: true })}</dd>
            </dl>
            {cancelable(v) && (
              <div className="mt-3">
                <CancelInvoice invoiceId={v.invoice.id} code={v.invoice.trackingCode} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <DataTable caption={t('invoicesTitle')} columns={columns} testId="invoices">
          {rows.map((v) => (
            <tr key={v.invoice.id} className="border-b border-slate-100 align-top last:border-0" data-code={v.invoice.trackingCode}>
              <td className="whitespace-nowrap px-2 py-2 first:ps-0">{code(v)}</td>
              <td className="whitespace-nowrap px-2 py-2 font-semibold">{formatAmount(v.invoice.amount, locale)}</td>
              <td className="px-2 py-2">{state(v)}</td>
              {showPlatform && <td className="px-2 py-2">{v.platformName}</td>}
              <td className="px-2 py-2">{customer(v)}</td>
              <td className="px-2 py-2">{caller(v)}</td>
              <td className="whitespace-nowrap px-2 py-2">{attempts(v)}</td>
              <td className="px-2 py-2">{formatDate(v.invoice.expiresAt, locale, { time: true })}</td>
              <td className="px-2 py-2">{formatDate(v.invoice.createdAt, locale, { time: true })}</td>
              {cancel && <td className="px-2 py-2">{cancelable(v) ? <CancelInvoice invoiceId={v.invoice.id} code={v.invoice.trackingCode} /> : null}</td>}
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
