import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { getLocale, getTranslations } from 'next-intl/server';
import { SlipDecision, SlipOutcomes } from '@/components/payments/slip-decision';
import { SlipThumb } from '@/components/payments/slip-thumb';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, formatDepositDay, localDigits } from '@/lib/date/format';
import { formatInteger } from '@/lib/i18n/numbers';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, formatMoney } from '@/lib/money';
import { staffOverview } from '@/lib/payments/admin';
import { BANKS } from '@/lib/validation/payments';
import { resolveAlertAction, staffDecideSlipAction } from './actions';
import { stepUpAction } from '@/app/(auth)/login/two-factor/actions';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('adminPayments', 'title');

export default async function AdminPaymentsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { actor } = await requireStaffActor('payments');
  const { q } = await searchParams;
  const t = await getTranslations('adminPayments');
  const tl = await getTranslations('linkReport');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  const { alerts, slips, recent } = await staffOverview(getDb(), actor, { q });
  const depositDay = (day: string) => formatDepositDay(day, locale);
  const who = (m: { id: string; firstName: string; lastName: string; mobile: string }) => (
    <>
      <Link href={`/admin/merchants/${m.id}`} className="font-medium text-brand-700 hover:underline">
        <bdi>
          {m.firstName} {m.lastName}
        </bdi>
      </Link>
      <br />
      <bdi dir="ltr" className="text-xs text-muted">
        {localDigits(m.mobile, locale)}
      </bdi>
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
                <td className="px-2 py-2">
                  {t.has(`alertKinds.${alert.kind}`) ? t(`alertKinds.${alert.kind}` as 'alertKinds.amount_mismatch') : <bdi>{alert.kind}</bdi>}
                </td>
                <td className="px-2 py-2">
                  <bdi>{localDigits(trackingCode ?? '—', locale)}</bdi>
                </td>
                <td className="px-2 py-2" dir="ltr">
                  {alert.message}
                </td>
                <td className="px-2 py-2">
                  <StaffWrite may={canStaff(actor, 'payments', 'write')}>
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
                  </StaffWrite>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title={t('slips')}>
        {/* Around both states: the last slip's decision empties the queue, and its message must stay. */}
        <SlipOutcomes>
          {slips.length === 0 ? (
            <p className="text-sm text-muted">{t('noSlips')}</p>
          ) : (
            // One unit for the whole column: staff compare amounts across merchants, whatever unit each merchant shows payers.
            <ul className="mt-3 flex flex-col gap-4" data-testid="staff-slips">
              {slips.map(({ payment: p, slip, merchant }) => {
                const bank = BANKS.find((b) => b.id === slip?.bank);
                const code = localDigits(p.trackingCode, locale);
                return (
                  <li key={p.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-code={p.trackingCode}>
                    <div className="grid gap-4 md:grid-cols-[auto_1fr_minmax(18rem,24rem)]">
                      {slip?.imageKey ? (
                        <SlipThumb paymentId={p.id} alt={t('slipPhotoOf', { code })} openLabel={t('openFull')} />
                      ) : (
                        <p className="flex h-28 w-28 items-center justify-center rounded-lg border border-dashed border-slate-300 p-2 text-center text-xs text-muted">
                          {t('noPhoto')}
                        </p>
                      )}
                      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3">
                        <div>
                          <dt className="text-xs text-muted">{t('amountRial')}</dt>
                          <dd className="text-base font-bold" data-testid="slip-amount">
                            {formatInteger(p.amount, locale)}
                          </dd>
                        </div>
                        <div>
                          <dt className="text-xs text-muted">{t('depositDate')}</dt>
                          <dd className="font-medium" data-testid="slip-deposit-date">
                            {slip ? depositDay(slip.depositDate) : '—'}
                          </dd>
                        </div>
                        <div>
                          <dt className="text-xs text-muted">{tl('code')}</dt>
                          <dd className="font-medium">
                            <bdi>{code}</bdi>
                          </dd>
                        </div>
                        <div>
                          <dt className="text-xs text-muted">{t('merchant')}</dt>
                          <dd>{who(merchant)}</dd>
                        </div>
                        <div>
                          <dt className="text-xs text-muted">{tl('payer')}</dt>
                          <dd>
                            <bdi>{p.payerName ?? '—'}</bdi>
                          </dd>
                        </div>
                        <div>
                          <dt className="text-xs text-muted">{t('bankAndSlip')}</dt>
                          <dd>
                            {bank ? (locale === 'fa' ? bank.fa : bank.en) : '—'} · <bdi>{localDigits(slip?.slipNumber ?? '—', locale)}</bdi>
                          </dd>
                        </div>
                        <div className="col-span-2 sm:col-span-3">
                          <dt className="text-xs text-muted">{t('registered')}</dt>
                          <dd>{formatDate(p.createdAt, locale, { time: true })}</dd>
                        </div>
                      </dl>
                      <StaffWrite may={canStaff(actor, 'payments', 'write')}>
                        <SlipDecision
                          paymentId={p.id}
                          action={staffDecideSlipAction}
                          stepUp={stepUpAction}
                          amount={formatAmount(p.amount, locale, 'rial')}
                          payer={p.payerName}
                          trackingCode={code}
                        />
                      </StaffWrite>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </SlipOutcomes>
      </Card>
      <Card title={t('recent')}>
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <Field name="q" label={tl('search')} defaultValue={q ?? ''} />
          <Button type="submit">{tl('filter')}</Button>
        </form>
        {recent.length === 0 ? (
          <p className="text-sm text-muted">{tl('none')}</p>
        ) : (
          <>
            {/* Phones: a card per payment, amount and state first. */}
            <ul className="flex flex-col divide-y divide-slate-100 text-sm md:hidden">
              {recent.map(({ payment: p, merchant, platformName }) => (
                <li key={p.id} className="flex flex-col gap-1 py-2.5">
                  <span className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-semibold">
                      {p.currency === 'IRR' ? formatAmount(p.amount, locale, 'rial') : formatMoney(p.amount, p.currency, locale)}
                    </span>
                    <span>{tr(`states.${p.state}`)}</span>
                  </span>
                  <span className="flex flex-wrap gap-x-3 text-muted">
                    <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                    <bdi>{platformName}</bdi>
                    <span>{tp(p.method)}</span>
                    <span>{formatDate(p.createdAt, locale, { time: true })}</span>
                  </span>
                  <span className="text-xs">{who(merchant)}</span>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <DataTable
                caption={t('recent')}
                columns={[tl('code'), t('merchant'), t('platform'), t('amountRialShort'), tl('method'), tl('state'), tl('date')]}
                testId="staff-payments"
              >
                {recent.map(({ payment: p, merchant, platformName }) => (
                  <tr key={p.id} className="border-b border-slate-100 align-top last:border-0">
                    <td className="px-2 py-2 first:ps-0">
                      <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                      {!p.livemode && <span className="ms-1 rounded bg-amber-100 px-1 text-xs text-amber-900">test</span>}
                    </td>
                    <td className="px-2 py-2">{who(merchant)}</td>
                    <td className="px-2 py-2">
                      <bdi>{platformName}</bdi>
                    </td>
                    <td className="whitespace-nowrap px-2 py-2">
                      {p.currency === 'IRR' ? formatInteger(p.amount, locale) : formatMoney(p.amount, p.currency, locale)}
                    </td>
                    <td className="px-2 py-2">{tp(p.method)}</td>
                    <td className="px-2 py-2">{tr(`states.${p.state}`)}</td>
                    <td className="whitespace-nowrap px-2 py-2">{formatDate(p.createdAt, locale, { time: true })}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
