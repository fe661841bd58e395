import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { InvoiceTable } from '@/app/(portal)/split/_components/invoice-table';
import { SplitInvoiceFilters, splitListHref, type SplitListQuery } from '@/components/split/invoice-filters';
import { Card } from '@/components/ui/card';
import { Pagination } from '@/components/ui/pagination';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { dayParam } from '@/lib/date/day-param';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { listSplitInvoices } from '@/lib/split';
import { splitInvoiceFiltersSchema } from '@/lib/split/schemas';

export const generateMetadata = titled('split', 'invoicesTitle');

const PAGE = 25;

/** A marketplace's split invoices, newest first, filtered, older pages by keyset; paid ones can be closed in bulk. */
export default async function SplitInvoicesPage({
  params,
  searchParams,
}: {
  params: Promise<{ marketplaceId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return null;
  const { marketplaceId } = await params;
  const sp = await searchParams;
  const query: SplitListQuery = { state: sp.state, bill: sp.bill?.trim(), from: sp.from?.trim(), to: sp.to?.trim() };
  const from = dayParam(query.from);
  const to = dayParam(query.to);
  const errors = {
    from: query.from && !from ? 'dateInvalid' : undefined,
    to: query.to && !to ? 'dateInvalid' : from && to && from > to ? 'rangeReversed' : undefined,
  };
  const filters = splitInvoiceFiltersSchema.parse({
    state: query.state || undefined,
    billNumber: query.bill || undefined,
    from: from ?? undefined,
    to: to ?? undefined,
    before: sp.before,
    limit: PAGE,
  });
  const list = await listSplitInvoices(getDb(), actor, marketplaceId, filters);
  if (!list) notFound();
  const t = await getTranslations('split.invoices');
  const locale = (await getLocale()) as Locale;
  const path = `/split/${marketplaceId}/invoices`;
  const rows = list.rows.map((r) => ({
    id: r.id,
    billNumber: r.billNumber,
    total: formatAmount(r.total, locale),
    state: r.state,
    livemode: r.livemode,
    created: formatDate(r.createdAt, locale, { time: true }),
    paid: r.paidAt ? formatDate(r.paidAt, locale, { time: true }) : '—',
    closable: r.state === 'paid' && (!r.verificationNeeded || r.verifiedAt !== null),
  }));
  const filtered = Boolean(query.state || query.bill || query.from || query.to);
  return (
    <Card title={t('title')}>
      <SplitInvoiceFilters action={path} query={query} errors={errors} />
      {rows.length === 0 ? (
        <p className="text-sm text-muted" data-testid="no-invoices">
          {sp.before ? t('noOlder') : filtered ? t('noMatch') : t('empty')}
        </p>
      ) : (
        <InvoiceTable rows={rows} hrefBase={path} />
      )}
      <Pagination
        label={t('pagination')}
        prev={sp.before ? splitListHref(path, query) : undefined}
        next={list.next ? splitListHref(path, query, list.next) : undefined}
        prevLabel={t('newest')}
        nextLabel={t('older')}
      />
    </Card>
  );
}
