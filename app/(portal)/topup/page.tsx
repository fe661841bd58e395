import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate, localDigits } from '@/lib/date/format';
import { publicBaseUrl } from '@/lib/http/base-url';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { shares } from '@/lib/topup';
import { commissionByPlatform, commissionRates, merchantChargePlatforms } from '@/lib/topup/portal';
import { listTopupOrders, salesPerProduct } from '@/lib/topup/store';
import { StoreSettings } from './_components/store-settings';
import { TopupOrders } from './_components/topup-orders';

export const generateMetadata = titled('topup', 'title');

/** The example sale the rates are explained on: 1 000 000 Rials (100 000 Toman). */
const EXAMPLE = 1_000_000n;

/** Basis points as a percent with up to two decimals: ۱۲٫۵٪ / 12.5% / %12,5. */
function percent(bp: number, locale: Locale) {
  const n = (bp / 100).toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: false });
  return locale === 'tr' ? `%${n.replace('.', ',')}` : locale === 'fa' ? `${localDigits(n.replace('.', '٫'), 'fa')}٪` : `${n}%`;
}

/**
 * "Top-ups": the merchant's charge platforms — each one's hosted store settings and link, the
 * commission earned — the commission rates that apply (read-only: staff set them), the latest
 * orders and the sales per product (the Kook guide's "purchases per product").
 */
export default async function TopupPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const db = getDb();
  const t = await getTranslations('topup');
  const locale = (await getLocale()) as Locale;
  const list = await merchantChargePlatforms(db, actor);
  if (!list.length) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader title={t('title')} intro={t('intro')} />
        <Card>
          <div className="flex flex-col items-start gap-3" data-testid="topup-empty">
            <p className="text-sm text-muted">{t('empty')}</p>
            <Link
              href="/services"
              className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
            >
              {t('emptyLink')}
            </Link>
          </div>
        </Card>
      </div>
    );
  }
  const [rates, orders, sales, earned] = await Promise.all([
    commissionRates(db),
    listTopupOrders(db, actor, { limit: 20 }),
    salesPerProduct(db, actor),
    commissionByPlatform(db, actor),
  ]);
  const origin = publicBaseUrl();
  const tBulk = await getTranslations('topupBulk');
  const money = (v: bigint) => formatAmount(v, locale);
  const op = (o: string) => t(`operators.${o}` as 'operators.mci');
  const kind = (k: string) => t(`kinds.${k}` as 'kinds.direct');
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link
          href="/topup/bulk"
          className="inline-flex min-h-11 items-center rounded-lg border border-brand-600 px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50"
          data-testid="topup-bulk-link"
        >
          {tBulk('title')}
        </Link>
      </PageHeader>

      {list.map(({ platform, store }) => (
        <Card key={platform.id} title={t('storeCard', { name: platform.name })}>
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3 text-sm">
            <p className="text-muted">
              {t('platformState', { state: t(`platformStates.${platform.status}` as 'platformStates.approved') })} ·{' '}
              <Link href={`/platforms/${platform.id}`} className="font-medium text-brand-700 underline">
                {t('serviceInfo')}
              </Link>
            </p>
            <p data-testid="platform-commission">
              {t('earned')} <strong>{money(earned.get(platform.id) ?? 0n)}</strong>
            </p>
          </div>
          {platform.status !== 'approved' && <p className="mb-4 text-sm text-amber-800">{t('notApproved')}</p>}
          <StoreSettings
            platformId={platform.id}
            origin={origin}
            suggestedTitle={platform.name}
            initial={store && { handle: store.handle, title: store.title, enabled: store.enabled, supportPhone: store.supportPhone }}
          />
        </Card>
      ))}

      <Card title={t('rates.title')}>
        <p className="mb-4 text-sm text-muted">{t('rates.intro', { example: money(EXAMPLE) })}</p>
        {rates.length === 0 ? (
          <p className="text-sm text-muted">{t('rates.none')}</p>
        ) : (
          <>
            <div className="hidden md:block">
              <DataTable
                caption={t('rates.title')}
                columns={[t('rates.operator'), t('rates.kind'), t('rates.margin'), t('rates.share'), t('rates.example', { example: money(EXAMPLE) })]}
                testId="topup-rates"
              >
                {rates.map((r) => {
                  const low = shares(EXAMPLE, r.minMarginBp, r.commissionBp).commission;
                  const high = shares(EXAMPLE, r.maxMarginBp, r.commissionBp).commission;
                  return (
                    <tr key={`${r.operator}:${r.kind}`} className="border-b border-slate-100 last:border-0" data-rate={`${r.operator}:${r.kind}`}>
                      <td className="px-2 py-2 first:ps-0">{op(r.operator)}</td>
                      <td className="px-2 py-2">{kind(r.kind)}</td>
                      <td className="whitespace-nowrap px-2 py-2">
                        {r.minMarginBp === r.maxMarginBp
                          ? percent(r.minMarginBp, locale)
                          : t('range', { low: percent(r.minMarginBp, locale), high: percent(r.maxMarginBp, locale) })}
                      </td>
                      <td className="whitespace-nowrap px-2 py-2" data-testid="rate-share">
                        {percent(r.commissionBp, locale)}
                      </td>
                      <td className="whitespace-nowrap px-2 py-2">{low === high ? money(low) : t('range', { low: money(low), high: money(high) })}</td>
                    </tr>
                  );
                })}
              </DataTable>
            </div>
            {/* Five columns do not fit a phone: one line per operator and kind there. */}
            <ul className="flex flex-col gap-2 text-sm md:hidden" data-testid="topup-rate-cards">
              {rates.map((r) => {
                const low = shares(EXAMPLE, r.minMarginBp, r.commissionBp).commission;
                const high = shares(EXAMPLE, r.maxMarginBp, r.commissionBp).commission;
                return (
                  <li key={`${r.operator}:${r.kind}`} className="rounded-xl border border-slate-200 p-3">
                    <p className="font-semibold">
                      {op(r.operator)} · {kind(r.kind)}
                    </p>
                    <p className="mt-1 text-muted">
                      {t('rates.line', {
                        share: percent(r.commissionBp, locale),
                        margin:
                          r.minMarginBp === r.maxMarginBp
                            ? percent(r.minMarginBp, locale)
                            : t('range', { low: percent(r.minMarginBp, locale), high: percent(r.maxMarginBp, locale) }),
                      })}
                    </p>
                    <p className="mt-1">
                      {t('rates.example', { example: money(EXAMPLE) })}:{' '}
                      <strong>{low === high ? money(low) : t('range', { low: money(low), high: money(high) })}</strong>
                    </p>
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <p className="mt-3 text-xs text-muted">{t('rates.note')}</p>
      </Card>

      <Card title={t('orders.title')}>
        <TopupOrders
          rows={orders.map(({ order: o, platformName }) => ({
            id: o.id,
            paymentId: o.paymentId,
            platform: platformName,
            mobile: localDigits(o.mobile, locale),
            operator: op(o.operator),
            product: o.title,
            amount: money(o.amount),
            state: o.state,
            commission: o.commission !== null ? money(o.commission) : '—',
            time: formatDate(o.createdAt, locale, { time: true }),
            test: !o.livemode,
          }))}
        />
      </Card>

      <Card title={t('sales.title')}>
        <p className="mb-4 text-sm text-muted">{t('sales.intro')}</p>
        {sales.length === 0 ? (
          <p className="text-sm text-muted">{t('sales.none')}</p>
        ) : (
          <DataTable
            caption={t('sales.title')}
            columns={[t('sales.product'), t('sales.delivered'), t('sales.failed'), t('sales.pending'), t('sales.amount'), t('sales.commission')]}
            testId="topup-sales"
          >
            {sales.map((s) => (
              <tr key={`${s.operator}:${s.kind}:${s.title}`} className="border-b border-slate-100 last:border-0">
                <td className="px-2 py-2 first:ps-0">
                  {s.title}
                  <span className="block text-xs text-muted">
                    {op(s.operator)} · {kind(s.kind)}
                  </span>
                </td>
                <td className="px-2 py-2">{localDigits(s.delivered, locale)}</td>
                <td className="px-2 py-2">{localDigits(s.failed, locale)}</td>
                <td className="px-2 py-2">{localDigits(s.pending, locale)}</td>
                <td className="whitespace-nowrap px-2 py-2">{money(BigInt(s.amount))}</td>
                <td className="whitespace-nowrap px-2 py-2">{money(BigInt(s.commission))}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
