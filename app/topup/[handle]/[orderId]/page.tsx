import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { PrintButton } from '@/components/pay/print-button';
import { Refusal } from '@/components/pay/refusal';
import { getDb } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { storeReceipt } from '@/lib/topup/receipt';
import { LiveOrder } from '../../_components/live-order';
import { topupOrderStateAction } from '../../actions';

type Props = { params: Promise<{ handle: string; orderId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('topupStore.order');
  return { title: t('title'), robots: { index: false } };
}

const TONE: Record<string, string> = {
  delivered: 'border-emerald-300 bg-emerald-50 text-emerald-800',
  failed: 'border-red-300 bg-red-50 text-red-800',
  canceled: 'border-red-300 bg-red-50 text-red-800',
};

/** Where a store buyer lands after paying: the delivery as it happens, then the receipt or the refund. */
export default async function TopupOrderPage({ params }: Props) {
  const { handle, orderId } = await params;
  const t = await getTranslations('topupStore');
  const locale = (await getLocale()) as Locale;
  const found = await storeReceipt(getDb(), handle, orderId);
  if (!found) return <Refusal title={t('orderNotFoundTitle')} body={t('orderNotFoundBody')} testId="order-not-found" />;
  const { order, store, refundState, trackingCode, titleEn, pin } = found;
  const state = order.state;
  const note =
    state === 'awaiting_payment'
      ? t('order.awaitingNote')
      : state === 'paid' || state === 'delivering'
        ? t('order.deliveringNote')
        : state === 'unknown'
          ? t('order.unknownNote')
          : state === 'failed'
            ? t('order.failedNote')
            : state === 'canceled'
              ? t('order.canceledNote')
              : null;
  const amount = `${formatAmount(order.amount, locale, 'toman')} (${formatAmount(order.amount, locale, 'rial')})`;
  const rows: [string, ReactNode, string][] = [
    [
      t('order.mobile'),
      <bdi key="m" dir="ltr">
        {localDigits(order.mobile, locale)}
      </bdi>,
      'mobile',
    ],
    [t('order.operator'), t(`operators.${order.operator}`), 'operator'],
    [t('order.product'), locale !== 'fa' && titleEn ? titleEn : order.title, 'product'],
    [t('order.amount'), amount, 'amount'],
    [t('order.date'), formatDate(order.deliveredAt ?? order.createdAt, locale, { time: true }), 'date'],
  ];
  if (trackingCode)
    rows.push([
      t('order.trackingCode'),
      <bdi key="c" dir="ltr" className="font-semibold tracking-wider">
        {localDigits(trackingCode, locale)}
      </bdi>,
      'tracking-code',
    ]);
  if (state === 'delivered' && order.deliveryRef)
    rows.push([
      t('order.deliveryRef'),
      <bdi key="r" dir="ltr">
        {localDigits(order.deliveryRef, locale)}
      </bdi>,
      'delivery-ref',
    ]);
  if (state === 'failed') rows.push([t('order.refund'), t(`order.refundStates.${refundState ?? 'none'}` as 'order.refundStates.none'), 'refund']);

  return (
    <section
      className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-7 print:border-0 print:shadow-none"
      data-testid="topup-order"
      data-state={state}
      data-tracking={trackingCode ?? undefined}
    >
      <p className="text-sm text-muted">{store.title}</p>
      <h1 className="text-xl font-bold">{state === 'delivered' ? t('order.receipt') : t('order.title')}</h1>
      <div aria-live="polite">
        <p
          className={`mt-4 rounded-lg border px-3 py-2 text-center font-semibold ${TONE[state] ?? 'border-amber-300 bg-amber-50 text-amber-900'}`}
          data-testid="order-state"
        >
          {t(`order.states.${state}`)}
        </p>
        {note && (
          <p className="mt-3 text-sm" data-testid="order-note">
            {note}
          </p>
        )}
      </div>
      <LiveOrder handle={store.handle} orderId={order.id} state={state} refundState={refundState} poll={topupOrderStateAction} />
      {state === 'delivered' && order.kind === 'pin' && (
        <div className="mt-5 rounded-xl bg-slate-50 p-4 text-center" data-testid="order-pin">
          <p className="text-sm text-muted">{t('order.pin')}</p>
          {pin ? (
            <p className="mt-1 text-2xl font-bold tracking-widest">
              <bdi dir="ltr">{localDigits(pin.replace(/(\d{4})(?=\d)/g, '$1 '), locale)}</bdi>
            </p>
          ) : (
            <p className="mt-1 text-sm text-red-700">{t('order.pinUnavailable')}</p>
          )}
          {order.pinSerial && (
            <p className="mt-1 text-xs text-muted">
              {t('order.pinSerial')}: <bdi dir="ltr">{localDigits(order.pinSerial, locale)}</bdi>
            </p>
          )}
          {pin && <p className="mt-2 text-xs text-muted">{t('order.pinHidden')}</p>}
        </div>
      )}
      <dl className="mt-5 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
        {rows.map(([k, v, id]) => (
          <div key={id} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="min-w-0 break-words" data-testid={`order-${id}`}>
              {v}
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 flex flex-wrap gap-3 print:hidden">
        <Link
          href={`/topup/${store.handle}`}
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          data-testid="order-again"
        >
          {t('order.again')}
        </Link>
        {state === 'delivered' && <PrintButton label={t('order.print')} />}
      </div>
      {store.supportPhone && (
        <p className="mt-5 text-center text-sm text-muted print:hidden">
          {t('help')}{' '}
          <a href={`tel:${store.supportPhone}`} className="font-medium text-brand-700 underline" dir="ltr">
            {localDigits(store.supportPhone, locale)}
          </a>
        </p>
      )}
    </section>
  );
}
