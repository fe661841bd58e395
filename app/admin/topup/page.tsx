import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Notice } from '@/components/ui/notice';
import { PageHeader } from '@/components/ui/page-header';
import { SelectField } from '@/components/ui/select-field';
import { getDb } from '@/db';
import type { TopupProduct } from '@/lib/topup';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { commissionSettings, staffCatalogue } from '@/lib/topup/portal';
import { isOperator } from '@/lib/topup/provider';
import { providerWallet, topupTroubles } from '@/lib/topup/store';
import { setProductHiddenAction, syncCatalogueAction } from './actions';
import { CommissionForm } from './_components/commission-form';
import { ProductVisibility } from './_components/product-visibility';
import { SyncButton } from './_components/sync-button';
import { formatInteger } from '@/lib/i18n/numbers';

export const generateMetadata = titled('adminTopup', 'title');

function percent(bp: number, locale: Locale) {
  const n = (bp / 100).toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: false });
  return locale === 'tr' ? `%${n.replace('.', ',')}` : locale === 'fa' ? `${localDigits(n.replace('.', '٫'), 'fa')}٪` : `${n}%`;
}

/**
 * Staff's top-up desk: the live provider's wallet (alert when low), deliveries that need eyes,
 * the commission rates, and the catalogue (hide or show a product; sync it now). Every change goes
 * through lib, which audits it.
 */
export default async function AdminTopupPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('topup');
  const sp = await searchParams;
  const db = getDb();
  const t = await getTranslations('adminTopup');
  const tt = await getTranslations('topup');
  const locale = (await getLocale()) as Locale;
  const wallet = await providerWallet(db, actor);
  const provider = sp.provider === 'all' ? null : (sp.provider ?? wallet.provider ?? 'sandbox');
  const operator = isOperator(sp.operator) ? sp.operator : null;
  const [troubles, rates, products] = await Promise.all([
    topupTroubles(db, actor),
    commissionSettings(db, actor),
    staffCatalogue(db, actor, { provider, operator }),
  ]);
  const money = (v: bigint) => formatAmount(v, locale);
  const op = (o: string) => tt(`operators.${o}` as 'operators.mci');
  const kind = (k: string) => tt(`kinds.${k}` as 'kinds.direct');
  const providerName = (p: string) => (t.has(`providers.${p}`) ? t(`providers.${p}` as 'providers.esaj') : p);
  const rules = (p: TopupProduct) =>
    p.price !== null
      ? money(p.price)
      : p.amounts?.length
        ? t('catalogue.amounts', { list: p.amounts.map((a) => formatInteger(BigInt(a), locale)).join(locale === 'fa' ? '، ' : ', ') })
        : t('catalogue.rangeRule', {
            min: p.minAmount !== null ? money(p.minAmount) : '—',
            max: p.maxAmount !== null ? money(p.maxAmount) : '—',
            step: p.step !== null ? money(p.step) : t('catalogue.anyStep'),
          });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />

      <Card title={t('wallet.title')}>
        <div data-testid="provider-wallet" className="flex flex-col gap-2 text-sm">
          {wallet.provider === null ? (
            <Notice tone="error">{t('wallet.notConfigured')}</Notice>
          ) : wallet.balance === null ? (
            <Notice tone="error">{t('wallet.unreadable', { provider: providerName(wallet.provider), reason: wallet.reason ?? '' })}</Notice>
          ) : (
            <>
              <p>
                {t('wallet.provider', { provider: providerName(wallet.provider) })}{' '}
                <strong className="text-lg" data-testid="wallet-balance" data-rials={wallet.balance.toString()}>
                  {money(wallet.balance)}
                </strong>
              </p>
              {wallet.low && (
                <div data-testid="wallet-low">
                  <Notice tone="error">{t('wallet.low')}</Notice>
                </div>
              )}
            </>
          )}
          <p className="text-xs text-muted">
            {t('wallet.where')}{' '}
            <Link href="/admin/connectors" className="font-medium text-brand-700 underline">
              {t('wallet.connectors')}
            </Link>
          </p>
        </div>
      </Card>

      <Card title={t('troubles.title')}>
        <p className="mb-4 text-sm text-muted">{t('troubles.intro')}</p>
        {troubles.length === 0 ? (
          <p className="text-sm text-muted" data-testid="troubles-none">
            {t('troubles.none')}
          </p>
        ) : (
          <div className="[&_table]:min-w-[44rem]">
            <DataTable
              caption={t('troubles.title')}
              columns={[t('troubles.time'), t('troubles.platform'), t('troubles.order'), t('troubles.state'), t('troubles.reason'), t('troubles.refund'), '']}
              testId="topup-troubles"
            >
              {troubles.map(({ order: o, platformName, refundState }) => (
                <tr key={o.id} className="border-b border-slate-100 align-top last:border-0">
                  <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(o.updatedAt, locale, { time: true })}</td>
                  <td className="px-2 py-2">{platformName}</td>
                  <td className="px-2 py-2">
                    {o.title}
                    <span className="block text-xs text-muted">
                      <bdi dir="ltr">{localDigits(o.mobile, locale)}</bdi> · {op(o.operator)} · {money(o.amount)}
                    </span>
                  </td>
                  <td className="px-2 py-2">{tt(`states.${o.state}` as 'states.failed')}</td>
                  <td className="max-w-64 px-2 py-2 text-xs">{o.failureReason ?? '—'}</td>
                  <td className="px-2 py-2">
                    {o.state !== 'failed' ? '—' : refundState ? t(`refundStates.${refundState}` as 'refundStates.processing') : t('troubles.noRefund')}
                  </td>
                  <td className="px-2 py-2">
                    <Link href={`/admin/reports/transactions/${o.paymentId}`} className="font-medium text-brand-700 underline">
                      {t('troubles.payment')}
                    </Link>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Card>

      <Card title={t('commissions.title')}>
        <p className="mb-4 text-sm text-muted">{t('commissions.intro', { fallback: percent(5000, locale) })}</p>
        <StaffWrite may={canStaff(actor, 'topup', 'write')}>
          <CommissionForm />
        </StaffWrite>
        {rates.length > 0 && (
          <div className="mt-5">
            <DataTable
              caption={t('commissions.title')}
              columns={[t('commissions.operator'), t('commissions.kind'), t('commissions.percent'), t('commissions.updated')]}
              testId="commission-rates"
            >
              {rates.map((r) => (
                <tr key={`${r.operator}:${r.kind}`} className="border-b border-slate-100 last:border-0" data-rate={`${r.operator}:${r.kind}`}>
                  <td className="px-2 py-2 first:ps-0">{op(r.operator)}</td>
                  <td className="px-2 py-2">{kind(r.kind)}</td>
                  <td className="px-2 py-2" data-testid="rate-percent">
                    {percent(r.commissionBp, locale)}
                    {r.isDefault && <span className="ms-2 text-xs text-muted">{t('commissions.default')}</span>}
                  </td>
                  <td className="px-2 py-2">{r.updatedAt ? formatDate(r.updatedAt, locale, { time: true }) : '—'}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Card>

      <Card title={t('catalogue.title')}>
        <div className="mb-4 flex flex-col gap-4">
          <p className="text-sm text-muted">{t('catalogue.intro')}</p>
          <StaffWrite may={canStaff(actor, 'topup', 'write')}>
            <SyncButton action={syncCatalogueAction} />
          </StaffWrite>
          <form method="get" className="flex flex-wrap items-end gap-3" role="search">
            <SelectField name="provider" label={t('catalogue.provider')} defaultValue={provider ?? 'all'}>
              <option value="all">{t('catalogue.allProviders')}</option>
              {['sandbox', 'esaj'].map((p) => (
                <option key={p} value={p}>
                  {providerName(p)}
                </option>
              ))}
            </SelectField>
            <SelectField name="operator" label={t('catalogue.operator')} defaultValue={operator ?? ''} emptyLabel={t('catalogue.allOperators')}>
              {['mci', 'irancell', 'rightel', 'shatel', 'aptel', 'samantel', 'telekish', 'taliya'].map((o) => (
                <option key={o} value={o}>
                  {op(o)}
                </option>
              ))}
            </SelectField>
            <Button type="submit" variant="secondary">
              {t('catalogue.filter')}
            </Button>
          </form>
        </div>
        {products.length === 0 ? (
          <p className="text-sm text-muted">{t('catalogue.none')}</p>
        ) : (
          // Seven columns do not fit a phone: the table scrolls sideways there instead of squeezing.
          <div className="[&_table]:min-w-[48rem]">
            <DataTable
              caption={t('catalogue.title')}
              columns={[
                t('catalogue.product'),
                t('catalogue.operator'),
                t('catalogue.kind'),
                t('catalogue.price'),
                t('catalogue.margin'),
                t('catalogue.state'),
                t('catalogue.actions'),
              ]}
              testId="topup-catalogue"
            >
              {products.map((p) => (
                <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-product={p.upstreamId} data-hidden={p.hidden}>
                  <td className="px-2 py-2 first:ps-0">
                    {locale !== 'fa' && p.titleEn ? p.titleEn : p.titleFa}
                    <span className="block text-xs text-muted">
                      {providerName(p.provider)} · <bdi dir="ltr">{p.upstreamId}</bdi> · {t(`simTypes.${p.simType}` as 'simTypes.prepaid')}
                    </span>
                  </td>
                  <td className="px-2 py-2">{op(p.operator)}</td>
                  <td className="px-2 py-2">{kind(p.kind)}</td>
                  <td className="px-2 py-2 text-xs">{rules(p)}</td>
                  <td className="whitespace-nowrap px-2 py-2">{percent(p.marginBasisPoints, locale)}</td>
                  <td className="px-2 py-2 text-xs" data-testid="product-state">
                    {!p.upstreamActive ? t('catalogue.withdrawn') : p.hidden ? t('catalogue.hidden') : t('catalogue.offered')}
                  </td>
                  <td className="px-2 py-2">
                    <StaffWrite may={canStaff(actor, 'topup', 'write')}>
                      <ProductVisibility
                        productId={p.id}
                        title={locale !== 'fa' && p.titleEn ? p.titleEn : p.titleFa}
                        hidden={p.hidden}
                        action={setProductHiddenAction}
                      />
                    </StaffWrite>
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </Card>
    </div>
  );
}
