import { getLocale, getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ivr/bidi';
import { notFound } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { beneficiaryTotals, marketplaceOf } from '@/lib/split';
import { dayInput, dayLabel, totalsPeriod } from './period';

export const generateMetadata = titled('split', 'totalsTitle');

/** What each party got from the marketplace's invoices paid in a period, with the Excel file of it. */
export default async function SplitTotalsPage({
  params,
  searchParams,
}: {
  params: Promise<{ marketplaceId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return null;
  const { marketplaceId } = await params;
  const db = getDb();
  const marketplace = await marketplaceOf(db, actor, marketplaceId);
  if (!marketplace) notFound();
  const period = totalsPeriod(await searchParams);
  const rows = (await beneficiaryTotals(db, actor, marketplace.id, period)) ?? [];
  const t = await getTranslations('split.totals');
  const locale = (await getLocale()) as Locale;
  const amount = (v: bigint) => formatAmount(v, locale);
  const path = `/split/${marketplace.id}/totals`;
  const exportHref = `${path}/export?from=${period.from}&to=${period.to}`;
  const sum = rows.reduce((a, r) => ({ shares: a.shares + r.shares, fees: a.fees + r.fees, net: a.net + (r.shares - r.fees - r.refunded) }), {
    shares: 0n,
    fees: 0n,
    net: 0n,
  });
  return (
    <Card title={t('title')}>
      <p className="mb-4 text-sm text-muted">{t('intro')}</p>
      <form method="get" action={path} className="mb-4 grid items-end gap-3 sm:grid-cols-3" aria-label={t('period')} data-testid="totals-period">
        <Field name="from" label={t('from')} defaultValue={dayInput(period.from, locale)} hint={t('dateHint')} digits autoComplete="off" />
        <Field name="to" label={t('to')} defaultValue={dayInput(period.to, locale)} hint={t('dateHint')} digits autoComplete="off" />
        <div className="pb-6">
          <Button type="submit" data-testid="show-totals">
            {t('show')}
          </Button>
        </div>
      </form>
      {period.invalid && <Notice tone="error">{t('invalidDate')}</Notice>}
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm font-medium" data-testid="totals-range">
          {t('range', { from: dayLabel(period.from, locale), to: dayLabel(period.to, locale) })}
        </p>
        {rows.length > 0 && (
          <a
            href={exportHref}
            className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50"
            data-testid="export-totals"
            download
          >
            {t('export')}
          </a>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted" data-testid="no-totals">
          {t('empty')}
        </p>
      ) : (
        <>
          <ul className="flex flex-col gap-3 md:hidden" data-testid="totals-cards">
            {rows.map((r) => (
              <li key={r.beneficiaryId ?? 'own'} className="rounded-xl border border-slate-200 p-4 text-sm">
                <p className="font-bold">{r.beneficiaryId === null ? t('ownShare', { name: isolate(marketplace.name) }) : <bdi>{r.name}</bdi>}</p>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                  <dt className="text-muted">{t('invoices')}</dt>
                  <dd>{localDigits(r.invoices, locale)}</dd>
                  <dt className="text-muted">{t('shares')}</dt>
                  <dd className="font-semibold">{amount(r.shares)}</dd>
                  <dt className="text-muted">{t('fees')}</dt>
                  <dd>{amount(r.fees)}</dd>
                  <dt className="text-muted">{t('refunded')}</dt>
                  <dd>{amount(r.refunded)}</dd>
                  <dt className="text-muted">{t('net')}</dt>
                  <dd className="font-semibold">{amount(r.shares - r.fees - r.refunded)}</dd>
                  <dt className="text-muted">{t('settled')}</dt>
                  <dd>{amount(r.settled)}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <DataTable
              caption={t('title')}
              columns={[t('party'), t('invoices'), t('shares'), t('fees'), t('refunded'), t('net'), t('settled')]}
              testId="totals"
            >
              {rows.map((r) => (
                <tr key={r.beneficiaryId ?? 'own'} className="border-b border-slate-100 last:border-0" data-party={r.beneficiaryId ?? 'own'}>
                  <td className="px-2 py-2 font-semibold first:ps-0">
                    {r.beneficiaryId === null ? t('ownShare', { name: isolate(marketplace.name) }) : <bdi>{r.name}</bdi>}
                  </td>
                  <td className="px-2 py-2">{localDigits(r.invoices, locale)}</td>
                  <td className="whitespace-nowrap px-2 py-2">{amount(r.shares)}</td>
                  <td className="whitespace-nowrap px-2 py-2">{amount(r.fees)}</td>
                  <td className="whitespace-nowrap px-2 py-2">{amount(r.refunded)}</td>
                  <td className="whitespace-nowrap px-2 py-2 font-semibold">{amount(r.shares - r.fees - r.refunded)}</td>
                  <td className="whitespace-nowrap px-2 py-2">{amount(r.settled)}</td>
                </tr>
              ))}
              <tr className="border-t-2 border-slate-200 font-bold">
                <td className="px-2 py-2 first:ps-0">{t('total')}</td>
                <td className="px-2 py-2" />
                <td className="whitespace-nowrap px-2 py-2">{amount(sum.shares)}</td>
                <td className="whitespace-nowrap px-2 py-2">{amount(sum.fees)}</td>
                <td className="px-2 py-2" />
                <td className="whitespace-nowrap px-2 py-2">{amount(sum.net)}</td>
                <td className="px-2 py-2" />
              </tr>
            </DataTable>
          </div>
        </>
      )}
    </Card>
  );
}
