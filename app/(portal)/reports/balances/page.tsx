import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { BalanceCards } from '@/components/payments/balance-cards';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { SelectField } from '@/components/ui/select-field';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import { balancesOfMerchant } from '@/lib/payments/balances';
import { merchantUnit } from '@/lib/reports/background';
import { HISTORY_KINDS, postingHistory } from '@/lib/reports/balances';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { titled } from '@/lib/i18n/metadata';
import { commissionByPlatform, merchantChargePlatforms } from '@/lib/topup/portal';

export const generateMetadata = titled('balanceReport', 'title');

/** Balances per platform from the ledger, and the history of postings behind them. */
export default async function BalancesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor, approved } = await requireMerchantWithKyc();
  if (!approved) return <KycFirst />;
  const sp = await searchParams;
  const t = await getTranslations('balanceReport');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const [balances, history, unit, earned, charge] = await Promise.all([
    balancesOfMerchant(actor),
    postingHistory(db, actor, { platform: sp.platform, kind: sp.kind, before: sp.before }),
    merchantUnit(db, actor),
    commissionByPlatform(db, actor),
    merchantChargePlatforms(db, actor),
  ]);
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
      <Card title={t('history')}>
        <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
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
