import { getLocale, getTranslations } from 'next-intl/server';
import { SlipDecision } from '@/components/payments/slip-decision';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, formatMoney } from '@/lib/money';
import { staffOverview } from '@/lib/payments/admin';
import { BANKS } from '@/lib/validation/payments';
import { resolveAlertAction, staffDecideSlipAction } from './actions';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayments', 'title');

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { actor } = await requireStaffActor();
  const { q } = await searchParams;
  const t = await getTranslations('adminPayments');
  const tl = await getTranslations('linkReport');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  const { alerts, slips, recent } = await staffOverview(getDb(), actor, { q });
  const who = (m: { firstName: string; lastName: string; mobile: string }) => (
    <>
      {m.firstName} {m.lastName}
      <br />
      <bdi className="text-xs text-muted">{localDigits(m.mobile, locale)}</bdi>
    </>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <Card title={t('alerts')}>
        {alerts.length === 0 ? (
          <p className="text-sm text-muted">{t('noAlerts')}</p>
        ) : (
          <DataTable caption={t('alerts')} columns={[t('at'), t('kind'), tl('code'), t('message'), '']} testId="payment-alerts">
            {alerts.map(({ alert, trackingCode }) => (
              <tr key={alert.id} className="border-b border-slate-100 align-top last:border-0">
                <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(alert.createdAt, locale, { time: true })}</td>
                <td className="px-2 py-2" dir="ltr">
                  {alert.kind}
                </td>
                <td className="px-2 py-2">
                  <bdi>{localDigits(trackingCode ?? '—', locale)}</bdi>
                </td>
                <td className="px-2 py-2" dir="ltr">
                  {alert.message}
                </td>
                <td className="px-2 py-2">
                  <form
                    action={async (form: FormData) => {
                      'use server';
                      await resolveAlertAction(form);
                    }}
                  >
                    <input type="hidden" name="alertId" value={alert.id} />
                    <button type="submit" className="min-h-9 rounded-lg border border-slate-300 px-3 text-sm hover:bg-slate-50">
                      {t('resolve')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title={t('slips')}>
        {slips.length === 0 ? (
          <p className="text-sm text-muted">{t('noSlips')}</p>
        ) : (
          <DataTable
            caption={t('slips')}
            columns={[tl('code'), t('merchant'), tl('payer'), tl('amount'), tl('via'), tl('bankRef'), tl('date'), tl('actions')]}
            testId="staff-slips"
          >
            {slips.map(({ payment: p, slip, merchant, unit }) => {
              const bank = BANKS.find((b) => b.id === slip?.bank);
              return (
                <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-code={p.trackingCode}>
                  <td className="px-2 py-2 first:ps-0">
                    <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                  </td>
                  <td className="px-2 py-2">{who(merchant)}</td>
                  <td className="px-2 py-2">{p.payerName}</td>
                  <td className="whitespace-nowrap px-2 py-2">{formatAmount(p.amount, locale, unit ?? 'rial')}</td>
                  <td className="px-2 py-2">{bank ? (locale === 'fa' ? bank.fa : bank.en) : '—'}</td>
                  <td className="px-2 py-2">
                    <bdi>{localDigits(slip?.slipNumber ?? '—', locale)}</bdi>
                    {slip?.imageKey && (
                      <a
                        href={`/api/payments/${p.id}/slip-image`}
                        target="_blank"
                        rel="noreferrer"
                        className="block text-xs font-medium text-brand-700 underline"
                      >
                        {tl('slipImage')}
                      </a>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-2 py-2">{formatDate(p.createdAt, locale, { time: true })}</td>
                  <td className="px-2 py-2">
                    <SlipDecision paymentId={p.id} action={staffDecideSlipAction} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
      <Card title={t('recent')}>
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <Field name="q" label={tl('search')} defaultValue={q ?? ''} />
          <Button type="submit">{tl('filter')}</Button>
        </form>
        {recent.length === 0 ? (
          <p className="text-sm text-muted">{tl('none')}</p>
        ) : (
          <DataTable
            caption={t('recent')}
            columns={[tl('code'), t('merchant'), t('platform'), tl('amount'), tl('method'), tl('state'), tl('date')]}
            testId="staff-payments"
          >
            {recent.map(({ payment: p, merchant, platformName, unit }) => (
              <tr key={p.id} className="border-b border-slate-100 align-top last:border-0">
                <td className="px-2 py-2 first:ps-0">
                  <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                  {!p.livemode && <span className="ms-1 rounded bg-amber-100 px-1 text-xs text-amber-900">test</span>}
                </td>
                <td className="px-2 py-2">{who(merchant)}</td>
                <td className="px-2 py-2">{platformName}</td>
                <td className="whitespace-nowrap px-2 py-2">{formatMoney(p.amount, p.currency, locale, unit ?? 'rial')}</td>
                <td className="px-2 py-2">{tp(p.method)}</td>
                <td className="px-2 py-2">{tr(`states.${p.state}`)}</td>
                <td className="whitespace-nowrap px-2 py-2">{formatDate(p.createdAt, locale, { time: true })}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
