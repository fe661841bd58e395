import { getTranslations } from 'next-intl/server';
import { PayoutsSubNav } from '@/components/payouts-admin/sub-nav';
import { PageHeader } from '@/components/ui/page-header';

/** Every staff payouts page: its title and the section's tabs. */
export async function PayoutsHeader({ current, title, intro }: { current: string; title: string; intro?: string }) {
  const t = await getTranslations('adminPayouts');
  return (
    <>
      <PageHeader title={title} intro={intro} />
      <PayoutsSubNav
        current={current}
        label={t('sections')}
        items={[
          { href: '/admin/payouts', label: t('queueTab') },
          { href: '/admin/payouts/batches', label: t('batchesTab') },
          { href: '/admin/payouts/accounts', label: t('accountsTab') },
          { href: '/admin/payouts/rules', label: t('rulesTab') },
        ]}
      />
    </>
  );
}

/** "12 min", "5 h", "3 days": how long something has waited. */
export function ageOf(from: Date, now: Date, t: (key: string, values: { n: number }) => string): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return t('ageMinutes', { n: minutes });
  if (minutes < 48 * 60) return t('ageHours', { n: Math.floor(minutes / 60) });
  return t('ageDays', { n: Math.floor(minutes / 1440) });
}
