import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui/page-header';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { formatMoney, type DisplayUnit } from '@/lib/money';
import { SEARCH_LIMIT, type SearchHit } from '@/lib/search';

const STATE_TONE: Record<SearchHit['state'], string> = {
  succeeded: 'bg-emerald-50 text-emerald-800 ring-emerald-600/30',
  failed: 'bg-red-50 text-red-800 ring-red-600/30',
  canceled: 'bg-slate-100 text-slate-700 ring-slate-500/30',
  created: 'bg-slate-100 text-slate-700 ring-slate-500/30',
  redirected: 'bg-amber-50 text-amber-900 ring-amber-600/30',
  unknown: 'bg-amber-50 text-amber-900 ring-amber-600/30',
  awaiting_confirmation: 'bg-sky-50 text-sky-900 ring-sky-600/30',
};

/**
 * The results of the header's search: each payment as a card (amount and state first) linking to
 * its detail page under `detailBase`; staff see whose it is. `term` is the tidied term (null when
 * nothing usable was typed), `raw` what was typed.
 */
export async function SearchResults({
  term,
  raw,
  hits,
  detailBase,
  unit,
}: {
  term: string | null;
  raw: string;
  hits: SearchHit[];
  detailBase: string;
  unit: DisplayUnit;
}) {
  const t = await getTranslations('search');
  const tr = await getTranslations('receipt');
  const tReports = await getTranslations('reports');
  const locale = (await getLocale()) as Locale;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={term ? t('resultsFor', { term: localDigits(term, locale) }) : t('title')}
        intro={term ? t('count', { count: hits.length }) : raw.trim() ? t('invalid') : t('hint')}
      />
      {term && hits.length === 0 && (
        <div className="rounded-2xl border border-slate-200 bg-white p-5 text-sm" data-testid="search-empty">
          <p className="font-semibold">{t('empty', { term: localDigits(term, locale) })}</p>
          <p className="mt-1 text-muted">{t('hint')}</p>
        </div>
      )}
      {hits.length > 0 && (
        <ul className="flex flex-col gap-3" data-testid="search-results">
          {hits.map((h) => (
            <li key={h.id} data-tracking={h.trackingCode}>
              <Link
                href={`${detailBase}/${h.id}`}
                className="block rounded-2xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600 focus-visible:border-brand-600"
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="text-base font-bold" data-testid="search-amount">
                    {formatMoney(h.amount, h.currency as Parameters<typeof formatMoney>[1], locale, unit)}
                  </span>
                  <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${STATE_TONE[h.state]}`}>{tr(`states.${h.state}`)}</span>
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-muted">{t('kinds.tracking')}</dt>
                  <dd>
                    <bdi dir="ltr" className="font-mono">
                      {localDigits(h.trackingCode, locale)}
                    </bdi>
                  </dd>
                  <dt className="text-muted">{tReports('date')}</dt>
                  <dd>{formatDate(h.createdAt, locale, { time: true })}</dd>
                  <dt className="text-muted">{tReports('source')}</dt>
                  <dd>
                    {tReports(`sources.${h.source}`)}
                    {h.method === 'slip' && ` · ${t('slip')}`}
                    {!h.livemode && ` · ${t('test')}`}
                  </dd>
                  <dt className="text-muted">{tReports('platform')}</dt>
                  <dd className="min-w-0 break-words">
                    <bdi>{h.platformName}</bdi>
                    {h.merchantName && (
                      <>
                        {' · '}
                        <bdi data-testid="search-merchant">{h.merchantName}</bdi>
                      </>
                    )}
                  </dd>
                  <dt className="text-muted">{t('matched')}</dt>
                  <dd className="min-w-0 break-words">
                    {h.matched.map((k) => t(`kinds.${k}`)).join(locale === 'fa' ? '، ' : ', ')}
                    {': '}
                    <bdi dir="ltr">{localDigits(matchedValue(h), locale)}</bdi>
                  </dd>
                </dl>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {hits.length >= SEARCH_LIMIT && <p className="text-sm text-muted">{t('capped', { limit: SEARCH_LIMIT })}</p>}
    </div>
  );
}

/** What the term matched, as stored: the reader sees why the payment came up. */
function matchedValue(h: SearchHit): string {
  switch (h.matched[0]) {
    case 'tracking':
      return h.trackingCode;
    case 'order':
      return h.orderId;
    case 'mobile':
      return h.payerMobile ?? '';
    case 'reference':
      return h.gatewayRef ?? '';
    case 'slip':
      return h.slipNumber ?? '';
    case 'card':
      return h.cardMasked ?? '';
  }
}
