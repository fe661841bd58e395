import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Pagination } from '@/components/ui/pagination';
import { SelectField } from '@/components/ui/select-field';
import { CollectionsList } from '@/components/vpos/collections-list';
import { isolated } from '@/components/vpos/bidi';
import { collectionHref, COLLECTION_STATES, PAGE_SIZE, readCollectionQuery } from '@/components/vpos/filters';
import { requireVpos, VposFrame } from '@/components/vpos/gate';
import { getDb } from '@/db';
import { getUserById } from '@/lib/auth/accounts';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatMoney } from '@/lib/money';
import { listVposDefinitions } from '@/lib/vpos/definitions';
import { collectionTotals, listCollections } from '@/lib/vpos/payments';

export const generateMetadata = titled('vpos', 'listTitle');

const LINK = 'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50';

/** The card-collections list: filters in the URL, totals in lira, a page of 50, the Excel export of the same filter. */
export default async function CollectionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const gate = await requireVpos();
  if (!gate.actor) return gate.blocked;
  const { actor } = gate;
  const t = await getTranslations('vpos');
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const { filters, raw, page } = readCollectionQuery(await searchParams);
  const [rows, totals, definitions] = await Promise.all([
    listCollections(db, actor, filters, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE),
    collectionTotals(db, actor, filters),
    listVposDefinitions(db, actor),
  ]);
  const shown = rows.slice(0, PAGE_SIZE);
  const agentIds = [...new Set(shown.map((r) => r.takenBy).filter((x): x is string => Boolean(x)))];
  const agents = Object.fromEntries(
    (await Promise.all(agentIds.map((id) => getUserById(db, id)))).filter((u) => u !== null).map((u) => [u.id, `${u.firstName} ${u.lastName}`.trim()]),
  );
  const lira = (v: bigint) => formatMoney(v, 'TRY', locale);
  const exportHref = collectionHref('/vpos/export', raw);

  return (
    <VposFrame
      title={t('title')}
      intro={t('listIntro')}
      actions={
        <Link
          href="/vpos/collect"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t('newCollection')}
        </Link>
      }
    >
      <Card title={t('filters')}>
        <form method="get" action="/vpos" className="grid grid-cols-1 *:min-w-0 gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="vpos-filters">
          <SelectField
            id="f-def"
            name="def"
            label={t('cols.definition')}
            defaultValue={raw.def ?? ''}
            emptyLabel={t('any')}
            options={definitions.map((d) => ({ value: d.id, label: `${isolated(d.name)} · ${isolated(d.company)}` }))}
          />
          <SelectField
            id="f-state"
            name="state"
            label={t('cols.state')}
            defaultValue={raw.state ?? ''}
            emptyLabel={t('any')}
            options={COLLECTION_STATES.map((s) => ({ value: s, label: t(`filterStates.${s}`) }))}
          />
          <Field id="f-from" name="from" type="date" label={t('from')} defaultValue={raw.from ?? ''} dir="ltr" />
          <Field id="f-to" name="to" type="date" label={t('to')} defaultValue={raw.to ?? ''} dir="ltr" />
          <Field id="f-q" name="q" label={t('search')} hint={t('searchHint')} defaultValue={raw.q ?? ''} dir="ltr" autoComplete="off" />
          <div className="flex flex-wrap items-end gap-3 sm:col-span-2 lg:col-span-5">
            <Button type="submit">{t('apply')}</Button>
            <Link href="/vpos" className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-700 hover:underline">
              {t('reset')}
            </Link>
          </div>
        </form>
      </Card>

      <Card title={t('listTitle')}>
        <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4" data-testid="vpos-totals">
            <div>
              <dt className="text-xs text-muted">{t('totals.count')}</dt>
              <dd className="font-semibold">{localDigits(totals.count, locale)}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">{t('totals.approved', { count: localDigits(totals.approvedCount, locale) })}</dt>
              <dd className="whitespace-nowrap font-semibold" data-testid="total-approved">
                {lira(totals.approved)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">{t('totals.reversed')}</dt>
              <dd className="whitespace-nowrap font-semibold" data-testid="total-reversed">
                {lira(totals.reversed)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">{t('totals.declined')}</dt>
              <dd className="font-semibold">{localDigits(totals.declinedCount, locale)}</dd>
            </div>
          </dl>
          <a href={exportHref} className={LINK} data-testid="vpos-export" download>
            {t('exportXlsx')}
          </a>
        </div>
        {shown.length === 0 ? (
          <p className="text-sm text-muted" data-testid="vpos-empty">
            {Object.keys(raw).length ? t('noneFiltered') : t('none')}
          </p>
        ) : (
          <CollectionsList rows={shown} agents={agents} />
        )}
        <Pagination
          label={t('pagination')}
          prev={page > 1 ? collectionHref('/vpos', raw, { page: page > 2 ? String(page - 1) : undefined }) : undefined}
          next={rows.length > PAGE_SIZE ? collectionHref('/vpos', raw, { page: String(page + 1) }) : undefined}
          prevLabel={t('prev')}
          nextLabel={t('next')}
        />
      </Card>
    </VposFrame>
  );
}
