import { getLocale, getTranslations } from 'next-intl/server';
import { isolate } from '@/components/ivr/bidi';
import { SplitBadge } from '@/components/split/badge';
import { SplitItems } from '@/components/split/items';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { mySplitParts } from '@/lib/split';

export const generateMetadata = titled('split', 'partsTitle');

/** My sub-invoices: only my part of each (my items, my share, the state, the marketplace), never the others'. */
export default async function MyPartsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireMerchantWithKyc({ need: 'sell' });
  const sp = await searchParams;
  const parts = await mySplitParts(getDb(), actor, { beneficiaryId: sp.b, limit: 100 });
  const t = await getTranslations('split.parts');
  const ts = await getTranslations('split');
  const locale = (await getLocale()) as Locale;
  const amount = (v: bigint) => formatAmount(v, locale);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <BackLink href="/split/marketplaces">{t('back')}</BackLink>
      </PageHeader>
      <Card title={sp.b && parts[0] ? t('fromMarketplace', { name: isolate(parts[0].marketplaceName) }) : t('listTitle')}>
        {parts.length === 0 ? (
          <p className="text-sm text-muted" data-testid="no-parts">
            {t('empty')}
          </p>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2" data-testid="my-parts">
            {parts.map((p) => (
              <li
                key={p.partId}
                className="rounded-xl border border-slate-200 p-4 text-sm"
                data-testid="my-part"
                data-bill={p.billNumber}
                data-share={p.share.toString()}
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-bold">
                    <bdi dir="ltr">{p.billNumber}</bdi>
                  </span>
                  <SplitBadge tone={p.state} label={ts(`states.${p.state}`)} testId="part-state" />
                </div>
                <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
                  <dt className="text-muted">{t('marketplace')}</dt>
                  <dd>
                    <bdi>{p.marketplaceName}</bdi>
                  </dd>
                  <dt className="text-muted">{t('share')}</dt>
                  <dd className="font-semibold" data-testid="my-share">
                    {amount(p.share)}
                  </dd>
                  <dt className="text-muted">{t('fee')}</dt>
                  <dd>{amount(p.fee)}</dd>
                  {p.refunded > 0n && (
                    <>
                      <dt className="text-muted">{t('refunded')}</dt>
                      <dd>{amount(p.refunded)}</dd>
                    </>
                  )}
                  <dt className="text-muted">{t('net')}</dt>
                  <dd className="font-semibold">{amount(p.share - p.fee - p.refunded)}</dd>
                  <dt className="text-muted">{t('settled')}</dt>
                  <dd data-testid="my-part-settled" data-settled={p.settled ? 'yes' : 'no'}>
                    {p.settled ? t('settledYes') : p.state === 'paid' ? t('awaitingClose') : p.state === 'closed' ? t('awaitingRun') : '—'}
                  </dd>
                  <dt className="text-muted">{t('created')}</dt>
                  <dd>{formatDate(p.createdAt, locale, { time: true })}</dd>
                </dl>
                <div className="mt-3 border-t border-slate-100 pt-3">
                  <p className="mb-1 text-xs font-medium text-muted">{t('myItems')}</p>
                  <SplitItems items={p.items} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
