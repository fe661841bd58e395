import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';
import type { transactionDetail } from '@/lib/reports/transactions';
import { BackLink } from '@/components/ui/back-link';
import { StateBadge } from './state-badge';

type Detail = NonNullable<Awaited<ReturnType<typeof transactionDetail>>>;

/** One payment as a report shows it: its fields and every request to and answer from the gateway. */
export async function TransactionDetail({
  d,
  backHref,
  unit,
  showMerchant = false,
}: {
  d: Detail;
  backHref: string;
  unit: DisplayUnit;
  showMerchant?: boolean;
}) {
  const t = await getTranslations('reports');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const tv = await getTranslations('reportView');
  const locale = (await getLocale()) as Locale;
  const p = d.payment;
  const rows: [string, React.ReactNode][] = [
    [t('state'), <StateBadge key="s" state={p.state} label={tr(`states.${p.state}`)} />],
    [t('date'), formatDate(p.createdAt, locale, { time: true })],
    [t('platform'), d.platformName],
    [t('source'), t(`sources.${p.source}`)],
    [tr('method'), tp(p.method)],
    [t('product'), p.product ?? '—'],
    [t('orderId'), <bdi key="o">{p.orderId}</bdi>],
    [t('payer'), `${p.payerName ?? '—'} ${p.payerMobile ? `(${localDigits(p.payerMobile, locale)})` : ''}`],
    [
      tr('card'),
      p.cardMasked ? (
        <bdi key="c" dir="ltr">
          {localDigits(p.cardMasked, locale)}
        </bdi>
      ) : (
        '—'
      ),
    ],
    [tr('bankRef'), p.gatewayRef ? <bdi key="r">{localDigits(p.gatewayRef, locale)}</bdi> : '—'],
    [t('description'), p.description ?? '—'],
  ];
  if (p.failureReason) rows.push([tr('reason'), p.failureReason]);
  if (showMerchant) rows.unshift([t('merchant'), `${d.merchant.firstName} ${d.merchant.lastName} (${localDigits(d.merchant.mobile, locale)})`]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href={backHref}>{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold">{t('detailTitle', { code: localDigits(p.trackingCode, locale) })}</h1>
      </div>
      {/* What a merchant decides on first: the state, and the amount, fee and net side by side. */}
      <section aria-label={t('amount')} className="flex flex-col gap-3">
        <dl className="grid gap-3 sm:grid-cols-3" data-testid="transaction-money">
          {(
            [
              ['amount', t('amount'), formatAmount(p.amount, locale, unit)],
              ['fee', t('fee'), p.fee !== null ? formatAmount(p.fee, locale, unit) : '—'],
              ['net', tv('net'), d.net !== null ? formatAmount(d.net, locale, unit) : '—'],
            ] as const
          ).map(([k, label, value]) => (
            <div key={k} className="rounded-xl border border-slate-200 bg-white p-4">
              <dt className="text-xs text-muted">{label}</dt>
              <dd className="mt-1 text-lg font-bold" data-testid={`detail-${k}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        {d.net !== null && <p className="text-xs text-muted">{tv('netHint')}</p>}
      </section>
      <Card title={t('details')}>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]" data-testid="transaction-detail">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t('attempts')}>
        {d.attempts.length === 0 ? (
          <p className="text-sm text-muted">{t('noAttempts')}</p>
        ) : (
          <DataTable
            caption={t('attempts')}
            columns={[t('date'), { label: t('action'), primary: true }, { label: t('outcome'), primary: true }, t('latency'), t('request'), t('response')]}
            testId="attempt-log"
          >
            {d.attempts.map((a) => (
              <tr key={String(a.id)} className="border-b border-slate-100 align-top last:border-0">
                <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(a.at, locale, { time: true })}</td>
                <td className="px-2 py-2" dir="ltr">
                  {a.action}
                </td>
                <td className="px-2 py-2" dir="ltr">
                  {a.outcome}
                  {a.reason && <span className="block text-xs text-muted">{a.reason}</span>}
                </td>
                <td className="px-2 py-2">{a.latencyMs !== null ? `${localDigits(a.latencyMs, locale)} ms` : '—'}</td>
                <td className="px-2 py-2">
                  <pre dir="ltr" className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all text-xs">
                    {a.request ? JSON.stringify(a.request) : '—'}
                  </pre>
                </td>
                <td className="px-2 py-2">
                  <pre dir="ltr" className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all text-xs">
                    {a.response ? JSON.stringify(a.response) : '—'}
                  </pre>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
