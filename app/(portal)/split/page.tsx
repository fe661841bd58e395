import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SplitBadge } from '@/components/split/badge';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { listMarketplaces, myMarketplaces } from '@/lib/split';

export const generateMetadata = titled('split', 'title');

const LINK = 'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50';

/** Split payments: the marketplaces I run, and the marketplaces I sell through. */
export default async function SplitPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  const db = getDb();
  const [marketplaces, selling] = await Promise.all([approved ? listMarketplaces(db, actor) : [], myMarketplaces(db, actor)]);
  const t = await getTranslations('split');
  const invitations = selling.filter((s) => s.beneficiary.state === 'invited').length;
  const active = selling.filter((s) => s.beneficiary.state === 'active').length;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('hub.marketplacesTitle')}>
          {!approved ? (
            <p className="text-sm text-muted">{t('hub.kycFirst')}</p>
          ) : marketplaces.length === 0 ? (
            <div className="flex flex-col gap-3 text-sm">
              <p className="text-muted" data-testid="no-marketplaces">
                {t('hub.noMarketplaces')}
              </p>
              <Link href="/services" className={`${LINK} self-start`}>
                {t('hub.toServices')}
              </Link>
            </div>
          ) : (
            <ul className="flex flex-col gap-2" data-testid="marketplaces">
              {marketplaces.map((m) => (
                <li key={m.id}>
                  <Link
                    href={`/split/${m.id}`}
                    className="flex min-h-11 flex-wrap items-center justify-between gap-2 rounded-xl border border-slate-200 px-4 py-3 hover:border-brand-600 hover:bg-brand-50"
                    data-testid="marketplace-link"
                  >
                    <bdi className="font-semibold">{m.name}</bdi>
                    {m.status !== 'approved' && <SplitBadge tone="invited" label={t(`platformStates.${m.status}`)} />}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('hub.sellingTitle')}>
          <p className="text-sm text-muted" data-testid="selling-summary">
            {selling.length === 0 ? t('hub.notSelling') : t('hub.sellingSummary', { active, invitations })}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link href="/split/marketplaces" className={LINK} data-testid="to-selling">
              {invitations > 0 ? t('hub.toInvitations', { count: invitations }) : t('hub.toSelling')}
            </Link>
            {active > 0 && (
              <Link href="/split/parts" className={LINK} data-testid="to-parts">
                {t('hub.toParts')}
              </Link>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
