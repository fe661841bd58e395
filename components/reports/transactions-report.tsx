import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { DataTable } from '@/components/ui/data-table';
import { Pagination } from '@/components/ui/pagination';
import type { Db } from '@/db';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatAmount, type DisplayUnit } from '@/lib/money';
import { filtersQuery, PRESETS, readFilters, SERVICE_IDS, SORTS, SOURCES, STATES } from '@/lib/reports/filters';
import type { Actor } from '@/lib/actor';
import { transactionPage, transactionTotals } from '@/lib/reports/transactions';
import { Button } from '@/components/ui/button';

type Option = { id: string; label: string };

/**
 * The transaction-details report for a merchant (their platforms) or staff (everyone, with a
 * merchant filter): a GET form whose fields live in the URL, totals, a keyset-paged table and
 * exports of the same filter.
 */
export async function TransactionsReport({
  db,
  actor,
  query,
  basePath,
  platforms,
  merchants,
  unit,
}: {
  db: Db;
  actor: Actor;
  query: Record<string, string | string[] | undefined>;
  basePath: string;
  platforms: Option[];
  merchants?: Option[];
  unit: DisplayUnit;
}) {
  const t = await getTranslations('reports');
  const te = await getTranslations('errors');
  const tr = await getTranslations('receipt');
  const locale = (await getLocale()) as Locale;
  const read = readFilters(query);
  const raw = read.raw;
  const errors: Record<string, string> = read.ok ? {} : read.errors;
  const err = (k: string) => (errors[k] ? (te.has(errors[k]) ? te(errors[k]) : te('invalid')) : undefined);
  const [page, totals] = read.ok ? await Promise.all([transactionPage(db, actor, read.filters), transactionTotals(db, actor, read.filters)]) : [null, null];
  const money = (r: bigint) => formatAmount(r, locale, unit);

  // The project's own fields, with ids of their own (`r-…`) and their errors under them.
  const field = (name: string, label: string, props: Record<string, string> = {}) => (
    <Field id={`r-${name}`} name={name} label={label} defaultValue={raw[name] ?? ''} error={err(name)} {...props} />
  );
  const select = (name: string, label: string, options: Option[], any = true) => (
    <SelectField id={`r-${name}`} name={name} label={label} defaultValue={raw[name] ?? ''} error={err(name)}>
      {any && <option value="">{t('any')}</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );

  const qs = filtersQuery(raw);
  const link = (extra: Record<string, string | undefined>) => `${basePath}?${filtersQuery(raw, extra)}`;
  return (
    <div className="flex flex-col gap-6">
      <Card title={t('filters')}>
        <form method="get" action={basePath} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="report-filters">
          {select(
            'preset',
            t('preset'),
            PRESETS.map((p) => ({ id: p, label: t(`presets.${p}`) })),
          )}
          {field('from', t('from'), { placeholder: t('dateHint'), dir: 'ltr', inputMode: 'numeric' })}
          {field('to', t('to'), { placeholder: t('dateHint'), dir: 'ltr', inputMode: 'numeric' })}
          {select(
            'state',
            t('state'),
            STATES.map((s) => ({ id: s, label: tr(`states.${s}`) })),
          )}
          {merchants && select('merchant', t('merchant'), merchants)}
          {select('platform', t('platform'), platforms)}
          {select(
            'service',
            t('service'),
            SERVICE_IDS.map((s) => ({ id: s, label: s })),
          )}
          {field('product', t('product'), { dir: 'ltr' })}
          {select(
            'source',
            t('source'),
            SOURCES.map((s) => ({ id: s, label: t(`sources.${s}`) })),
          )}
          {field('min', t('min'), { dir: 'ltr', inputMode: 'numeric' })}
          {field('max', t('max'), { dir: 'ltr', inputMode: 'numeric' })}
          {field('tracking', t('tracking'), { dir: 'ltr', inputMode: 'numeric' })}
          {field('order', t('order'), { dir: 'ltr' })}
          {field('mobile', t('mobile'), { dir: 'ltr', inputMode: 'tel' })}
          {field('card', t('card'), { dir: 'ltr', inputMode: 'numeric' })}
          {select(
            'sort',
            t('sort'),
            SORTS.map((s) => ({ id: s, label: t(`sorts.${s}`) })),
            false,
          )}
          <div className="flex flex-wrap items-end gap-3 sm:col-span-2 lg:col-span-4">
            <Button type="submit">{t('apply')}</Button>
            <Link href={basePath} className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-700 hover:underline">
              {t('reset')}
            </Link>
          </div>
        </form>
      </Card>

      {page && totals && (
        <Card title={t('transactions')}>
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <div className="text-sm" data-testid="report-totals">
              <p className="font-semibold">{t('total', { count: localDigits(totals.count, locale), sum: money(totals.sum) })}</p>
              <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
                {totals.byState.map((s) => (
                  <span key={s.state}>{t('byState', { state: tr(`states.${s.state}`), count: localDigits(s.count, locale), sum: money(s.sum) })}</span>
                ))}
              </p>
            </div>
            <div className="flex gap-2">
              <a
                href={`${basePath}/export?${qs}${qs ? '&' : ''}format=xlsx`}
                className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50"
              >
                {t('exportXlsx')}
              </a>
              <a
                href={`${basePath}/export?${qs}${qs ? '&' : ''}format=csv`}
                className="inline-flex min-h-11 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50"
              >
                {t('exportCsv')}
              </a>
            </div>
          </div>
          {page.rows.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <DataTable
              caption={t('transactions')}
              columns={[t('date'), t('tracking'), t('platform'), t('product'), t('source'), t('state'), t('amount'), t('payer'), t('card')]}
              testId="report-rows"
            >
              {page.rows.map(({ payment: p, platformName }) => (
                <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-code={p.trackingCode}>
                  <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(p.createdAt, locale, { time: true })}</td>
                  <td className="px-2 py-2">
                    <Link href={`${basePath}/${p.id}`} className="font-medium text-brand-700 hover:underline">
                      <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                    </Link>
                  </td>
                  <td className="px-2 py-2">{platformName}</td>
                  <td className="px-2 py-2" dir="ltr">
                    {p.product ?? '—'}
                  </td>
                  <td className="px-2 py-2">{t(`sources.${p.source}`)}</td>
                  <td className="px-2 py-2">{tr(`states.${p.state}`)}</td>
                  <td className="whitespace-nowrap px-2 py-2">
                    {money(p.amount)}
                    {p.refundedAmount > 0n && (
                      <span className="block text-xs text-muted" data-testid="row-refunded">
                        {t('refundedLine', { amount: money(p.refundedAmount) })}
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    <bdi>{localDigits(p.payerMobile ?? '—', locale)}</bdi>
                  </td>
                  <td className="px-2 py-2">
                    <bdi dir="ltr">{p.cardMasked ? localDigits(p.cardMasked.slice(-4), locale) : '—'}</bdi>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <Pagination
            label={t('pagination')}
            prev={page.prev ? link({ before: page.prev, after: undefined }) : undefined}
            next={page.next ? link({ after: page.next, before: undefined }) : undefined}
            prevLabel={t('prev')}
            nextLabel={t('next')}
          />
        </Card>
      )}
    </div>
  );
}
