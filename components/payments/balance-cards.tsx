import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount } from '@/lib/money';
import type { PlatformBalance } from '@/lib/payments/balances';

/**
 * Pending, withdrawable and fees of each platform, in the platform's display unit; `withdraw` adds a
 * link to withdraw from it; `commissions` (charge platforms) shows the top-up commission earned,
 * which is part of the withdrawable, beside it.
 */
export async function BalanceCards({
  balances,
  locale,
  showNames = false,
  withdraw = false,
  commissions,
}: {
  balances: PlatformBalance[];
  locale: Locale;
  showNames?: boolean;
  withdraw?: boolean;
  commissions?: Map<string, bigint>;
}) {
  const t = await getTranslations('balances');
  return (
    <section aria-labelledby="balances-title" className="flex flex-col gap-3" data-testid="balances">
      <h2 id="balances-title" className="text-base font-semibold">
        {t('title')}
      </h2>
      {balances.map((b) => (
        <div key={b.platformId} className="flex flex-col gap-2">
          {(showNames || withdraw) && (
            <div className="flex flex-wrap items-center justify-between gap-2">
              {showNames && <p className="text-sm font-medium text-muted">{b.name}</p>}
              {withdraw && (
                <Link
                  href={`/payouts/new?platform=${b.platformId}`}
                  className="inline-flex min-h-9 items-center rounded-lg border border-brand-600 px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50"
                  data-testid="withdraw-link"
                  aria-label={showNames ? t('withdrawFrom', { name: b.name }) : undefined}
                >
                  {t('withdraw')}
                </Link>
              )}
            </div>
          )}
          <dl className={`grid gap-3 ${commissions?.has(b.platformId) ? 'sm:grid-cols-2 lg:grid-cols-4' : 'sm:grid-cols-3'}`}>
            {(['pending', 'withdrawable', 'commission', 'fees'] as const).map((k) => {
              if (k === 'commission') {
                const c = commissions?.get(b.platformId);
                return c === undefined ? null : (
                  <div key={k} className="rounded-xl border border-emerald-200 bg-emerald-50 p-4">
                    <dt className="text-xs text-muted">{t('topupCommission')}</dt>
                    <dd className="mt-1 text-lg font-bold" data-testid="balance-topup-commission" data-rials={c.toString()}>
                      {formatAmount(c, locale, b.unit)}
                    </dd>
                  </div>
                );
              }
              return (
                <div key={k} className="rounded-xl border border-slate-200 bg-white p-4">
                  {/* The fees since the platform began (the balances page shows them per period). */}
                  <dt className="text-xs text-muted">{k === 'fees' ? t('feesAllTime') : t(k)}</dt>
                  <dd className="mt-1 text-lg font-bold" data-testid={`balance-${k}`} data-rials={b[k].toString()}>
                    {formatAmount(b[k], locale, b.unit)}
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ))}
      <p className="text-xs text-muted">{t('settlementNote')}</p>
    </section>
  );
}
