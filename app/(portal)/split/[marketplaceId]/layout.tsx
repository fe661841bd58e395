import { getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { KycFirst } from '@/components/services/kyc-first';
import { SplitSubNav } from '@/components/split/sub-nav';
import { BackLink } from '@/components/ui/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { marketplaceOf } from '@/lib/split';

/** A marketplace's pages: its name, and tabs for its settings, beneficiaries, invoices and totals. */
export default async function MarketplaceLayout({ children, params }: { children: ReactNode; params: Promise<{ marketplaceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const { marketplaceId } = await params;
  const marketplace = await marketplaceOf(getDb(), actor, marketplaceId);
  if (!marketplace) notFound();
  const t = await getTranslations('split');
  const base = `/split/${marketplace.id}`;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={<bdi>{marketplace.name}</bdi>} intro={t('marketplaceIntro')}>
        <BackLink href="/split">{t('backToSplit')}</BackLink>
      </PageHeader>
      <SplitSubNav
        label={t('tabs.label')}
        items={[
          { href: base, label: t('tabs.overview') },
          { href: `${base}/beneficiaries`, label: t('tabs.beneficiaries') },
          { href: `${base}/invoices`, label: t('tabs.invoices') },
          { href: `${base}/totals`, label: t('tabs.totals') },
        ]}
      />
      {children}
    </div>
  );
}
