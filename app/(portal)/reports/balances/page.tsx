import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { BalanceCards } from '@/components/payments/balance-cards';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { SelectField } from '@/components/ui/select-field';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { merchantUnit } from '@/lib/reports/background';
import { feesByPlatform, HISTORY_KINDS, postingHistory } from '@/lib/reports/balances';
import { PRESETS } from '@/lib/reports/filters';
import { formatJDay, instantRange, presetRange } from '@/lib/reports/jalali';
import { formatPercent } from '@/lib/i18n/numbers';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';
import { commissionByPlatform, merchantChargePlatforms } from '@/lib/topup/portal';

export const generateMetadata = titled('balanceReport', 'title');

/** Balances per platform from the ledger, and the history of postings behind them. */
export default async function BalancesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'reports' });
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('balanceReport');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  // The fees card's period: a preset of the reports (this month unless one is chosen).
  const feesPreset = (PRESETS as readonly string[]).includes(sp.fees ?? '') ? (sp.fees as (typeof PRESETS)[number]) : 'thisMonth';
  const feesRange = presetRange(feesPreset);
  const [balances, history, unit, earned, charge, fees] = await Promise.all([
    balancesOfMerchant(actor),
    postingHistory(db, actor, { platform: sp.platform, kind: sp.kind, before: sp.before }),
    merchantUnit(db, actor),
    commissionByPlatform(db, actor),
    merchantChargePlatforms(db, actor),
    feesByPlatform(db, actor, instantRange(feesRange.from, feesRange.to)),
  ]);
  const tv = await getTranslations('reportView');
  const tr = await getTranslations('reports');
  const money = (r: bigint) => formatAmount(r, locale, unit);
  const pct = (part: bigint, whole: bigint) => (whole > 0n ? formatPercent(Number((part * 10_000n) / whole) / 100, locale, 2) : '—');
  const sum = (k: 'volume' | 'charged' | 'returned') => fees.reduce((a, f) => a + f[k], 0n);
  const feeRow = (key: string, name: string, count: number, volume: bigint, charged: bigint, returned: bigint, total = false) => (
    <tr key={key} className={`border-b border-slate-100 last:border-0${total ? ' font-semibold' : ''}`} data-testid={total ? 'fees-total' : 'fees-row'}>
      <td className="px-2 py-2 first:ps-0">{name}</td>
      <td className="px-2 py-2">{localDigits(count, locale)}</td>
      <td className="whitespace-nowrap px-2 py-2">{money(volume)}</td>
      <td className="whitespace-nowrap px-2 py-2" data-rials={(charged - returned).toString()}>
        {money(charged - returned)}
      </td>
      <td className="whitespace-nowrap px-2 py-2">{money(returned)}</td>
      <td className="px-2 py-2">{pct(charged - returned, volume)}</td>
    </tr>
  );
  // The top-up commission each charge platform earned (the Kook guide shows it in the withdrawable balance, per platform).
  const commissions = new Map(charge.map(({ platform }) => [platform.id, earned.get(platform.id) ?? 0n]));
  const more = new URLSearchParams();
  if (sp.platform) more.set('platform', sp.platform);
  if (sp.kind) more.set('kind', sp.kind);
  if (history.next) more.set('before', history.next);
  const platforms = balances.map((b) => ({ value: b.platformId, label: b.name }));
  const kinds = HISTORY_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('subtitle')} />
      {balances.length > 0 && <BalanceCards balances={balances} locale={locale} showNames withdraw commissions={commissions} />}
      <Card title={tv('fees.title')}>
        <p className="mb-3 text-sm text-muted">{tv('fees.intro')}</p>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3" data-testid="fees-period">
          {sp.platform && <input type="hidden" name="platform" value={sp.platform} />}
          {sp.kind && <input type="hidden" name="kind" value={sp.kind} />}
          <SelectField
            name="fees"
            label={tv('fees.period')}
            defaultValue={feesPreset}
            options={PRESETS.map((p) => ({ value: p, label: tr(`presets.${p}`) }))}
          />
          <Button type="submit">{tv('fees.show')}</Button>
        </form>
        <p className="mb-3 text-sm" data-testid="fees-range">
          {tr(`presets.${feesPreset}`)}: {localDigits(formatJDay(feesRange.from), locale)} – {localDigits(formatJDay(feesRange.to), locale)}
        </p>
        {fees.length === 0 ? (
          <p className="text-sm text-muted">{tv('fees.none')}</p>
        ) : (
          <DataTable
            caption={tv('fees.title')}
            columns={[
              tv('fees.platform'),
              tv('fees.count'),
              tv('fees.volume'),
              { label: tv('fees.charged'), primary: true },
              tv('fees.returned'),
              { label: tv('fees.rate'), primary: true },
            ]}
            testId="fees-table"
          >
            {fees.map((f) => feeRow(f.platformId, f.name, f.count, f.volume, f.charged, f.returned))}
            {fees.length > 1 &&
              feeRow(
                'total',
                tv('fees.total'),
                fees.reduce((a, f) => a + f.count, 0),
                sum('volume'),
                sum('charged'),
                sum('returned'),
                true,
              )}
          </DataTable>
        )}
      </Card>
      <Card title={t('history')}>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
          {sp.fees && <input type="hidden" name="fees" value={feesPreset} />}
          <SelectField name="platform" label={t('account')} defaultValue={sp.platform ?? ''} emptyLabel={t('allPlatforms')} options={platforms} />
          <SelectField name="kind" label={t('kind')} defaultValue={sp.kind ?? ''} emptyLabel={t('allKinds')} options={kinds} />
          <Button type="submit">{t('filter')}</Button>
        </form>
        {history.rows.length === 0 ? (
          <p className="text-sm text-muted">{t('none')}</p>
        ) : (
          <DataTable caption={t('history')} columns={[t('date'), t('kind'), t('account'), t('amount')]} testId="posting-history">
            {history.rows.map((r) => (
              <tr key={String(r.id)} className="border-b border-slate-100 last:border-0">
                <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(r.at, locale, { time: true })}</td>
                <td className="px-2 py-2">{t.has(`kinds.${r.kind}`) ? t(`kinds.${r.kind}` as 'kinds.settlement') : r.kind}</td>
                <td className="px-2 py-2">
                  {r.platform} · {t(`accounts.${r.account as 'platform_pending'}`)}
                </td>
                <td className={`whitespace-nowrap px-2 py-2 ${r.amount < 0n ? 'text-red-700' : 'text-emerald-700'}`}>{formatAmount(r.amount, locale, unit)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {history.next && (
          <Link href={`/reports/balances?${more}`} className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
            {t('more')}
          </Link>
        )}
      </Card>
    </div>
  );
}
