import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import type { Refund, TopupOrder } from '@/lib/topup';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';

/** The top-up a payment bought: the line, the product, how delivery went, the commission, and the buyer's refund if it failed. */
export async function TopupOrderCard({ order: o, refund, unit }: { order: TopupOrder; refund: Refund | null; unit: DisplayUnit }) {
  const t = await getTranslations('topup');
  const locale = (await getLocale()) as Locale;
  const money = (v: bigint) => formatAmount(v, locale, unit);
  const rows: [string, React.ReactNode][] = [
    [
      t('order.mobile'),
      <bdi key="m" dir="ltr">
        {localDigits(o.mobile, locale)}
      </bdi>,
    ],
    [t('order.operator'), t(`operators.${o.operator}`)],
    [t('order.product'), `${o.title} · ${t(`kinds.${o.kind}`)}`],
    [
      t('order.state'),
      <span key="s" data-testid="topup-order-state" data-state={o.state}>
        {t(`states.${o.state}`)}
      </span>,
    ],
  ];
  if (o.deliveredAt) rows.push([t('orders.time'), formatDate(o.deliveredAt, locale, { time: true })]);
  if (o.deliveryRef)
    rows.push([
      t('order.deliveryRef'),
      <bdi key="r" dir="ltr">
        {o.deliveryRef}
      </bdi>,
    ]);
  rows.push([t('order.commission'), o.commission !== null ? money(o.commission) : '—']);
  if (o.state === 'failed') {
    if (o.failureReason) rows.push([t('order.reason'), o.failureReason]);
    rows.push([t('order.refund'), refund ? `${money(refund.amount)} · ${t(`order.refundStates.${refund.state}`)}` : t('order.refundNone')]);
  }
  return (
    <Card title={t('order.title')}>
      {!o.livemode && <p className="mb-3 text-sm text-amber-800">{t('order.test')}</p>}
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="topup-order">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <Link href="/topup" className="mt-3 inline-block text-sm font-medium text-brand-700 underline">
        {t('nav')}
      </Link>
    </Card>
  );
}
