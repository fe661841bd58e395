import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { notFound } from 'next/navigation';
import { MarketplaceSettingsForm } from '@/app/(portal)/split/_components/settings-form';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { titled } from '@/lib/i18n/metadata';
import { listBeneficiaries, marketplaceOf, marketplaceSettings } from '@/lib/split';

export const generateMetadata = titled('split', 'overviewTitle');

/** A marketplace's settings, and where its invoices come from (the API, with the platform's key). */
export default async function MarketplacePage({ params }: { params: Promise<{ marketplaceId: string }> }) {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return null;
  const db = getDb();
  const marketplace = await marketplaceOf(db, actor, (await params).marketplaceId);
  if (!marketplace) notFound();
  const t = await getTranslations('split');
  const locale = await getLocale();
  const [settings, beneficiaries] = await Promise.all([marketplaceSettings(db, marketplace.id), listBeneficiaries(db, actor, marketplace.id)]);
  const active = (beneficiaries ?? []).filter((b) => b.state === 'active');
  const granted = active.filter((b) => b.permission !== 'none');
  return (
    <div className="flex flex-col gap-6">
      {marketplace.status !== 'approved' && <Notice tone="info">{t('overview.notApproved')}</Notice>}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('settings.title')}>
          <MarketplaceSettingsForm
            initial={{ platformId: marketplace.id, feePayer: settings.feePayer, rail: settings.rail, podGuildCode: settings.podGuildCode ?? '' }}
          />
        </Card>
        <Card title={t('overview.howTitle')}>
          <ol className={`flex list-inside flex-col gap-2 text-sm ${locale === 'fa' ? '[list-style-type:persian]' : 'list-decimal'}`}>
            <li>
              {t('overview.step1')}{' '}
              <span className="font-semibold" data-testid="beneficiary-count">
                {t('overview.beneficiaryCount', { active: active.length, granted: granted.length })}
              </span>
            </li>
            <li>{t('overview.step2')}</li>
            <li>{t('overview.step3')}</li>
            <li>{t('overview.step4')}</li>
          </ol>
          <div className="mt-4 flex flex-wrap gap-3 text-sm">
            <Link href={`/split/${marketplace.id}/beneficiaries`} className="font-semibold text-brand-700 hover:underline">
              {t('overview.toBeneficiaries')}
            </Link>
            <Link href={`/platforms/${marketplace.id}`} className="font-semibold text-brand-700 hover:underline">
              {t('overview.toKeys')}
            </Link>
            <Link href="/docs/api" className="font-semibold text-brand-700 hover:underline">
              {t('overview.toDocs')}
            </Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
