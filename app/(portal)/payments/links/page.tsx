import { getLocale, getTranslations } from 'next-intl/server';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { DataTable } from '@/components/ui/data-table';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, formatDepositDay, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { listLinkPayments } from '@/lib/payments/link-report';
import { BANKS } from '@/lib/validation/payments';
import { SlipDecision, SlipOutcomes } from '@/components/payments/slip-decision';
import { SlipThumb } from '@/components/payments/slip-thumb';
import { StateBadge } from '@/components/reports/state-badge';
import { decideSlipAction } from '../actions';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('linkReport', 'title');

const STATES = ['succeeded', 'awaiting_confirmation', 'failed', 'canceled', 'unknown', 'redirected', 'created'] as const;

/** The merchant's report of payment-link payments and deposit slips, with filters and search. */
export default async function LinkPaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'payments' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('linkReport');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  const page = Number(sp.page) > 0 ? Math.floor(Number(sp.page)) : 1;
  const { rows, pages } = await listLinkPayments(getDb(), actor, { q: sp.q, state: sp.state, method: sp.method, page });
  const qs = (p: number) => {
    const q = new URLSearchParams();
    for (const k of ['q', 'state', 'method'] as const) if (sp[k]) q.set(k, sp[k]!);
    q.set('page', String(p));
    return `/payments/links?${q}`;
  };
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      <Card title={t('title')}>
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <Field name="q" label={t('search')} defaultValue={sp.q ?? ''} />
          <SelectField name="state" label={t('state')} defaultValue={sp.state ?? ''}>
            <option value="">{t('allStates')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {tr(`states.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField name="method" label={t('method')} defaultValue={sp.method ?? ''}>
            <option value="">{t('allMethods')}</option>
            <option value="online">{tp('online')}</option>
            <option value="slip">{tp('slip')}</option>
          </SelectField>
          <Button type="submit">{t('filter')}</Button>
        </form>
        <SlipOutcomes>
          {rows.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <DataTable
              caption={t('title')}
              columns={[
                t('code'),
                t('payer'),
                { label: t('amount'), primary: true },
                t('method'),
                t('via'),
                t('bankRef'),
                { label: t('state'), primary: true },
                t('date'),
                t('actions'),
              ]}
              testId="link-payments"
            >
              {rows.map(({ payment: p, slip, unit }) => {
                const bank = slip ? BANKS.find((b) => b.id === slip.bank) : null;
                return (
                  <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-code={p.trackingCode}>
                    <td className="px-2 py-2 first:ps-0">
                      <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                    </td>
                    <td className="px-2 py-2">
                      {p.payerName}
                      <br />
                      <bdi className="text-xs text-muted">{localDigits(p.payerMobile ?? '', locale)}</bdi>
                    </td>
                    <td className="whitespace-nowrap px-2 py-2">{formatAmount(p.amount, locale, unit ?? 'rial')}</td>
                    <td className="px-2 py-2">{tp(p.method)}</td>
                    <td className="px-2 py-2">
                      {bank ? (locale === 'fa' ? bank.fa : bank.en) : p.gateway ? tp(`gateways.${p.gateway}` as 'gateways.sandbox') : '—'}
                    </td>
                    <td className="px-2 py-2">
                      <bdi>{localDigits(slip?.slipNumber ?? p.gatewayRef ?? '—', locale)}</bdi>
                      {slip && (
                        <span className="block text-xs text-muted" data-testid="slip-deposit-date">
                          {t('depositDate')}: {formatDepositDay(slip.depositDate, locale)}
                        </span>
                      )}
                      {slip?.imageKey && (
                        <span className="mt-1 block">
                          <SlipThumb
                            paymentId={p.id}
                            alt={t('slipPhotoOf', { code: localDigits(p.trackingCode, locale) })}
                            openLabel={t('openFull')}
                            size="h-16 w-16"
                          />
                        </span>
                      )}
                    </td>
                    <td className="px-2 py-2" data-testid="row-state">
                      <StateBadge state={p.state} label={tr(`states.${p.state}`)} />
                      {p.failureReason && p.state !== 'succeeded' && <span className="block text-xs text-muted">{p.failureReason}</span>}
                    </td>
                    <td className="whitespace-nowrap px-2 py-2">{formatDate(p.createdAt, locale, { time: true })}</td>
                    <td className="px-2 py-2">
                      {p.state === 'awaiting_confirmation' ? (
                        <SlipDecision
                          paymentId={p.id}
                          action={decideSlipAction}
                          amount={formatAmount(p.amount, locale, unit ?? 'rial')}
                          payer={p.payerName}
                          trackingCode={localDigits(p.trackingCode, locale)}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </SlipOutcomes>
        <Pagination
          label={t('pagination')}
          prev={page > 1 ? qs(page - 1) : undefined}
          next={page < pages ? qs(page + 1) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </div>
  );
}
