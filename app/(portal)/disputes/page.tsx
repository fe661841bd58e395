import { getTranslations } from 'next-intl/server';
import { DisputeCard } from '@/components/disputes/dispute-card';
import { KycFirst } from '@/components/services/kyc-first';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantWithKyc } from '@/lib/auth/approved';
import { listMerchantDisputes } from '@/lib/disputes';
import { titled } from '@/lib/i18n/metadata';

export const generateMetadata = titled('disputes', 'title');

/** The merchant's disputes: open ones first with the days left to answer, then decided ones. */
export default async function DisputesPage() {
  const { actor, approved } = await requireMerchantWithKyc({ need: 'sell' });
  if (!approved) return <KycFirst />;
  const t = await getTranslations('disputes');
  const rows = await listMerchantDisputes(getDb(), actor);
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')} />
      {rows.length === 0 ? (
        <Card title={t('noneTitle')}>
          <p className="text-sm text-muted">{t('none')}</p>
        </Card>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2" data-testid="dispute-list">
          {rows.map((r) => (
            <DisputeCard key={r.dispute.id} row={r} href={`/disputes/${r.dispute.id}`} now={now} />
          ))}
        </ul>
      )}
    </div>
  );
}
