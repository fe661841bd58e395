import Link from 'next/link';
import { cookies } from 'next/headers';
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
import { COLUMNS_COOKIE, columnsOwner, hiddenColumns, LOCKED_COLUMNS, REPORT_COLUMNS, type ReportColumn } from '@/lib/reports/columns';
import { ColumnChooser } from './column-chooser';
import { FilterSheet } from './filter-sheet';
import { can } from '@/lib/teams/permissions';
import { StateBadge } from './state-badge';

/** The filters a chip can name, in the form's order (the cursor is not a filter). */
const CHIP_KEYS = [
  'preset',
  'from',
  'to',
  'state',
  'merchant',
  'platform',
  'service',
  'product',
  'source',
  'min',
  'max',
  'tracking',
  'order',
  'mobile',
  'card',
  'sort',
] as const;

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
  const tv = await getTranslations('reportView');
  const te = await getTranslations('errors');
  const tr = await getTranslations('receipt');
  const tp = await getTranslations('pay');
  const locale = (await getLocale()) as Locale;
  // Amounts are typed (and kept in the link) in the reader's unit; the server reads them as Rials.
  const read = readFilters(query, unit);
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
  const unitName = tp(`unit.${unit}`);

  // The active filters as chips, each a link to the same report without it.
  const labelOf = (options: Option[], id: string) => options.find((o) => o.id === id)?.label ?? id;
  const chipValue = (k: (typeof CHIP_KEYS)[number], v: string): string => {
    switch (k) {
      case 'preset':
        return (PRESETS as readonly string[]).includes(v) ? t(`presets.${v as (typeof PRESETS)[number]}`) : v;
      case 'state':
        return (STATES as readonly string[]).includes(v) ? tr(`states.${v as (typeof STATES)[number]}`) : v;
      case 'source':
        return (SOURCES as readonly string[]).includes(v) ? t(`sources.${v as (typeof SOURCES)[number]}`) : v;
      case 'service':
        return (SERVICE_IDS as readonly string[]).includes(v) ? tv(`services.${v as (typeof SERVICE_IDS)[number]}`) : v;
      case 'sort':
        return (SORTS as readonly string[]).includes(v) ? t(`sorts.${v as (typeof SORTS)[number]}`) : v;
      case 'platform':
        return labelOf(platforms, v);
      case 'merchant':
        return labelOf(merchants ?? [], v);
      case 'min':
      case 'max': {
        const r = read.ok ? read.filters[k] : undefined;
        return r !== undefined ? money(r) : localDigits(v, locale);
      }
      default:
        return localDigits(v, locale);
    }
  };
  const chipName = (k: (typeof CHIP_KEYS)[number]) => (k === 'min' ? tv('minShort') : k === 'max' ? tv('maxShort') : t(k));
  const chips = CHIP_KEYS.filter((k) => raw[k]?.trim()).map((k) => ({ key: k, name: chipName(k), value: chipValue(k, raw[k].trim()) }));
  const active = chips.filter((c) => c.key !== 'sort').length;
  const hasErrors = Object.keys(errors).length > 0;

  // The columns this person shows (amount, state and tracking code always).
  const owner = columnsOwner(actor.kind === 'api' ? actor.keyId : actor.userId);
  const hidden = new Set<ReportColumn>(hiddenColumns((await cookies()).get(COLUMNS_COOKIE)?.value, owner));
  const colLabel: Record<ReportColumn, string> = {
    date: t('date'),
    tracking: t('tracking'),
    platform: t('platform'),
    product: t('product'),
    source: t('source'),
    state: t('state'),
    amount: t('amount'),
    payer: t('payer'),
    card: t('card'),
  };
  const shown = REPORT_COLUMNS.filter((c) => !hidden.has(c));
  const has = (c: ReportColumn) => !hidden.has(c);
  return (
    <div className="flex flex-col gap-6">
      <FilterSheet
        open={hasErrors}
        testId="report-filter-sheet"
        summary={
          <summary className="flex min-h-12 cursor-pointer list-none items-center justify-between gap-3 px-4 py-3 font-semibold">
            <span>
              {t('filters')}
              {active > 0 && (
                <span className="ms-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">
                  {tv('activeCount', { count: localDigits(active, locale) })}
                </span>
              )}
            </span>
            <span aria-hidden className="text-muted transition-transform group-open:rotate-180">
              ▾
            </span>
          </summary>
        }
      >
        <form method="get" action={basePath} className="grid gap-4 border-t border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="report-filters">
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
            SERVICE_IDS.map((s) => ({ id: s, label: tv(`services.${s}`) })),
          )}
          {field('product', t('product'), { dir: 'ltr' })}
          {select(
            'source',
            t('source'),
            SOURCES.map((s) => ({ id: s, label: t(`sources.${s}`) })),
          )}
          {field('min', tv('minIn', { unit: unitName }), { dir: 'ltr', inputMode: 'numeric' })}
          {field('max', tv('maxIn', { unit: unitName }), { dir: 'ltr', inputMode: 'numeric' })}
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
          <div className="flex flex-wrap items-end gap-3 sm:col-span-2 lg:col-span-4 max-md:sticky max-md:bottom-0 max-md:border-t max-md:border-slate-200 max-md:bg-white max-md:py-3">
            <Button type="submit">{t('apply')}</Button>
            <Link href={basePath} className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-700 hover:underline">
              {t('reset')}
            </Link>
          </div>
        </form>
      </FilterSheet>

      {chips.length > 0 && (
        <nav aria-label={tv('activeFilters')} data-testid="report-chips">
          <ul className="flex flex-wrap items-center gap-2">
            {chips.map((c) => (
              <li key={c.key}>
                <Link
                  href={`${basePath}?${filtersQuery(raw, { [c.key]: undefined })}`}
                  className="inline-flex min-h-9 items-center gap-1.5 rounded-full border border-brand-100 bg-brand-50 px-3 text-sm text-brand-800 hover:border-brand-600"
                  aria-label={tv('removeFilter', { name: c.name, value: c.value })}
                  data-chip={c.key}
                >
                  <span>
                    {c.name}: <bdi>{c.value}</bdi>
                  </span>
                  <span aria-hidden className="text-base leading-none">
                    ×
                  </span>
                </Link>
              </li>
            ))}
            <li>
              <Link href={basePath} className="inline-flex min-h-9 items-center px-2 text-sm font-medium text-brand-700 hover:underline">
                {t('reset')}
              </Link>
            </li>
          </ul>
        </nav>
      )}

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
            <div className="flex flex-wrap gap-2">
              <ColumnChooser
                cookie={COLUMNS_COOKIE}
                owner={owner}
                columns={REPORT_COLUMNS.map((c) => ({ key: c, label: colLabel[c], locked: LOCKED_COLUMNS.has(c) }))}
                hidden={[...hidden]}
                title={tv('columns')}
                hint={tv('columnsHint')}
              />
              {/* Exports are for the roles that read reports (lib/teams/permissions.ts); staff always. */}
              {can(actor, 'reports') && (
                <>
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
                </>
              )}
            </div>
          </div>
          {page.rows.length === 0 ? (
            <p className="text-sm text-muted">{t('none')}</p>
          ) : (
            <DataTable
              caption={t('transactions')}
              columns={shown.map((c) => ({ label: colLabel[c], primary: c === 'amount' || c === 'state' }))}
              testId="report-rows"
            >
              {page.rows.map(({ payment: p, platformName }) => (
                <tr key={p.id} className="border-b border-slate-100 align-top last:border-0" data-code={p.trackingCode}>
                  {has('date') && <td className="whitespace-nowrap px-2 py-2 first:ps-0">{formatDate(p.createdAt, locale, { time: true })}</td>}
                  <td className="px-2 py-2 first:ps-0">
                    <Link href={`${basePath}/${p.id}`} className="font-medium text-brand-700 hover:underline">
                      <bdi>{localDigits(p.trackingCode, locale)}</bdi>
                    </Link>
                  </td>
                  {has('platform') && <td className="px-2 py-2">{platformName}</td>}
                  {has('product') && (
                    <td className="px-2 py-2" dir="ltr">
                      {p.product ?? '—'}
                    </td>
                  )}
                  {has('source') && <td className="px-2 py-2">{t(`sources.${p.source}`)}</td>}
                  <td className="px-2 py-2" data-testid="row-state">
                    <StateBadge state={p.state} label={tr(`states.${p.state}`)} />
                  </td>
                  <td className="whitespace-nowrap px-2 py-2" data-testid="row-amount">
                    {money(p.amount)}
                    {p.refundedAmount > 0n && (
                      <span className="block text-xs font-normal text-muted" data-testid="row-refunded">
                        {t('refundedLine', { amount: money(p.refundedAmount) })}
                      </span>
                    )}
                  </td>
                  {has('payer') && (
                    <td className="px-2 py-2">
                      <bdi>{localDigits(p.payerMobile ?? '—', locale)}</bdi>
                    </td>
                  )}
                  {has('card') && (
                    <td className="px-2 py-2">
                      <bdi dir="ltr">{p.cardMasked ? localDigits(p.cardMasked.slice(-4), locale) : '—'}</bdi>
                    </td>
                  )}
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
