import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { CancelPayout } from '@/components/payouts/cancel-payout';
import { PayoutStateBadge } from '@/components/payouts/state-badge';
import { KycFirst } from '@/components/services/kyc-first';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import { tehranStartOf } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney } from '@/lib/money';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { listPayouts } from '@/lib/payouts/queries';
import { PAYOUT_STATES, payoutFiltersSchema } from '@/lib/payouts/schemas';
import { bankOfSheba } from '@/lib/validation/identifiers';
import { cancelPayoutAction } from './actions';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('payouts', 'title');

/** The merchant's withdrawals: filters by state and platform, newest first, cancel while still requested. */
export default async function PayoutsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'payouts' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const f = payoutFiltersSchema.parse({ state: sp.state, platformId: sp.platform, page: sp.page });
  const t = await getTranslations('payouts');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const [balances, list] = await Promise.all([balancesOfMerchant(actor), listPayouts(db, actor, f)]);
  const unitOf = (platformId: string) => balances.find((b) => b.platformId === platformId)?.unit ?? 'rial';
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const qs = (p: number) => {
    const q = new URLSearchParams();
    if (f.state) q.set('state', f.state);
    if (f.platformId) q.set('platform', f.platformId);
    q.set('page', String(p));
    return `/payouts?${q}`;
  };
  const day = (iso: string | null) => (iso ? formatDate(tehranStartOf(iso), locale) : null);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <div className="flex flex-wrap gap-2">
          <Link href="/payouts/accounts" className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold">
            {t('accountsTitle')}
          </Link>
          {balances.length > 0 && (
            <Link
              href={`/payouts/new?platform=${f.platformId ?? balances[0].platformId}`}
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
              data-testid="new-payout"
            >
              {t('withdraw')}
            </Link>
          )}
        </div>
      </PageHeader>
      {sp.requested && <Notice tone="success">{t('requestedNotice')}</Notice>}
      <Card title={t('listTitle')}>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <SelectField name="state" label={t('state')} defaultValue={f.state ?? ''}>
            <option value="">{t('allStates')}</option>
            {PAYOUT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`states.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField name="platform" label={t('platform')} defaultValue={f.platformId ?? ''}>
            <option value="">{t('allPlatforms')}</option>
            {balances.map((b) => (
              <option key={b.platformId} value={b.platformId}>
                {b.name}
              </option>
            ))}
          </SelectField>
          <Button type="submit">{t('filter')}</Button>
        </form>
        {list.rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-payouts">
            {t('none')}
          </p>
        ) : (
          <DataTable
            caption={t('listTitle')}
            columns={[t('requestedAt'), t('platform'), t('amount'), t('account'), t('state'), t('bankRef'), t('actions')]}
            testId="payouts"
          >
            {list.rows.map((p) => {
              const unit = unitOf(p.platformId);
              const bank = p.sheba ? bankOfSheba(p.sheba) : null;
              const expected = day(p.expectedDay);
              return (
                <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-payout={p.id}>
                  <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(p.requestedAt, locale, { time: true })}</td>
                  <td className="px-2 py-2">
                    {p.platformName}
                    {p.auto && <span className="block text-xs text-muted">{t('auto')}</span>}
                  </td>
                  <td className="whitespace-nowrap px-2 py-2">
                    <span className="font-semibold">{formatMoney(p.amount, p.currency, locale, unit)}</span>
                    {p.fee > 0n && <span className="block text-xs text-muted">{t('feeShort', { fee: formatMoney(p.fee, p.currency, locale, unit) })}</span>}
                  </td>
                  <td className="px-2 py-2">
                    {bank ? (locale === 'fa' ? bank.name : bank.nameEn) : '—'}
                    {p.sheba && (
                      <bdi dir="ltr" className="block text-xs text-muted">
                        {`…${p.sheba.slice(-8)}`}
                      </bdi>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    <PayoutStateBadge state={p.state} label={t(`states.${p.state}`)} />
                    {expected && <span className="block pt-1 text-xs text-muted">{t('expectedOn', { day: expected })}</span>}
                    {p.reason && (p.state === 'rejected' || p.state === 'returned') && (
                      <span className="block max-w-64 pt-1 text-xs text-red-800" data-testid="payout-reason">
                        {t('reasonIs', { reason: p.reason })}
                      </span>
                    )}
                    {p.description && <span className="block max-w-64 pt-1 text-xs text-muted">{p.description}</span>}
                  </td>
                  <td className="px-2 py-2">
                    <bdi dir="ltr">{p.bankRef ? localDigits(p.bankRef, locale) : '—'}</bdi>
                  </td>
                  <td className="px-2 py-2">{p.state === 'requested' ? <CancelPayout payoutId={p.id} action={cancelPayoutAction} /> : null}</td>
                </tr>
              );
            })}
          </DataTable>
        )}
        <Pagination
          label={t('pagination')}
          prev={f.page > 1 ? qs(f.page - 1) : undefined}
          next={f.page < pages ? qs(f.page + 1) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </div>
  );
}
