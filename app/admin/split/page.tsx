import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { SplitBadge } from '@/components/split/badge';
import { SplitInvoiceFilters, splitListHref, type SplitListQuery } from '@/components/split/invoice-filters';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { dayParam } from '@/lib/date/day-param';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { listSplitInvoices } from '@/lib/split';
import { splitInvoiceFiltersSchema } from '@/lib/split/schemas';

export const generateMetadata = titled('adminSplit', 'title');

const PAGE = 50;

/** Split invoices of every marketplace, newest first, searchable by bill number, older pages by keyset. */
export default async function AdminSplitPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('split');
  const sp = await searchParams;
  const query: SplitListQuery = { state: sp.state, bill: sp.bill?.trim(), from: sp.from?.trim(), to: sp.to?.trim() };
  const from = dayParam(query.from);
  const to = dayParam(query.to);
  const errors = { from: query.from && !from ? 'dateInvalid' : undefined, to: query.to && !to ? 'dateInvalid' : undefined };
  const filters = splitInvoiceFiltersSchema.parse({
    state: query.state || undefined,
    billNumber: query.bill || undefined,
    from: from ?? undefined,
    to: to ?? undefined,
    before: sp.before,
    limit: PAGE,
  });
  const list = (await listSplitInvoices(getDb(), actor, null, filters)) ?? { rows: [], next: null };
  const t = await getTranslations('adminSplit');
  const ts = await getTranslations('split');
  const locale = (await getLocale()) as Locale;
  const path = '/admin/split';
  const filtered = Boolean(query.state || query.bill || query.from || query.to);
  const bill = (r: (typeof list.rows)[number]) => (
    <Link href={`/admin/split/${r.id}`} className="font-semibold text-brand-700 underline-offset-4 hover:underline" data-testid="invoice-link">
      <bdi dir="ltr">{r.billNumber}</bdi>
    </Link>
  );
  const state = (r: (typeof list.rows)[number]) => (
    <span className="flex flex-wrap gap-1">
      <SplitBadge tone={r.state} label={ts(`states.${r.state}`)} testId="invoice-state" />
      {!r.livemode && <SplitBadge tone="sandbox" label={ts('sandbox')} />}
    </span>
  );
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card title={t('listTitle')}>
        <SplitInvoiceFilters action={path} query={query} errors={errors} />
        {list.rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-invoices">
            {sp.before ? ts('invoices.noOlder') : filtered ? ts('invoices.noMatch') : t('empty')}
          </p>
        ) : (
          <>
            <ul className="flex flex-col gap-3 md:hidden" data-testid="invoice-cards">
              {list.rows.map((r) => (
                <li key={r.id} className="rounded-xl border border-slate-200 p-4 text-sm" data-bill={r.billNumber}>
                  <div className="flex items-start justify-between gap-2">
                    {bill(r)}
                    {state(r)}
                  </div>
                  <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
                    <dt className="text-muted">{ts('invoices.marketplace')}</dt>
                    <dd>
                      <bdi>{r.marketplaceName}</bdi>
                    </dd>
                    <dt className="text-muted">{ts('invoices.total')}</dt>
                    <dd className="font-semibold">{formatAmount(r.total, locale)}</dd>
                    <dt className="text-muted">{ts('invoices.created')}</dt>
                    <dd>{formatDate(r.createdAt, locale, { time: true })}</dd>
                  </dl>
                </li>
              ))}
            </ul>
            <div className="hidden md:block">
              <DataTable
                caption={t('listTitle')}
                columns={[
                  ts('invoices.billNumber'),
                  ts('invoices.marketplace'),
                  ts('invoices.total'),
                  ts('invoices.state'),
                  ts('invoices.created'),
                  ts('invoices.paid'),
                ]}
                testId="split-invoices"
              >
                {list.rows.map((r) => (
                  <tr key={r.id} className="border-b border-slate-100 align-middle last:border-0" data-bill={r.billNumber}>
                    <td className="whitespace-nowrap px-2 py-2 first:ps-0">{bill(r)}</td>
                    <td className="px-2 py-2">
                      <bdi>{r.marketplaceName}</bdi>
                    </td>
                    <td className="whitespace-nowrap px-2 py-2 font-semibold">{formatAmount(r.total, locale)}</td>
                    <td className="px-2 py-2">{state(r)}</td>
                    <td className="px-2 py-2">{formatDate(r.createdAt, locale, { time: true })}</td>
                    <td className="px-2 py-2">{r.paidAt ? formatDate(r.paidAt, locale, { time: true }) : '—'}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          </>
        )}
        <Pagination
          label={ts('invoices.pagination')}
          prev={sp.before ? splitListHref(path, query) : undefined}
          next={list.next ? splitListHref(path, query, list.next) : undefined}
          prevLabel={ts('invoices.newest')}
          nextLabel={ts('invoices.older')}
        />
      </Card>
    </div>
  );
}
