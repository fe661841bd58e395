import Link from 'next/link';
import { canStaff } from '@/lib/staff/permissions';
import { StaffWrite } from '@/components/staff/staff-write';
import { getTranslations } from 'next-intl/server';
import { DisputeCard } from '@/components/disputes/dispute-card';
import { OpenDisputeForm } from '@/components/disputes/open-form';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { DISPUTE_FILTERS, listDisputeQueue, type DisputeFilter } from '@/lib/disputes';
import { titled } from '@/lib/i18n/metadata';
import { openDisputeAction } from './actions';

export const generateMetadata = titled('disputes', 'staffTitle');

/** Staff's dispute queue (open first, nearest deadline first; overdue ones flagged) and the form to record a new one. */
export default async function AdminDisputesPage({ searchParams }: { searchParams: Promise<{ filter?: string }> }) {
  const { actor } = await requireStaffActor('disputes');
  const t = await getTranslations('disputes');
  const asked = (await searchParams).filter;
  const filter: DisputeFilter = DISPUTE_FILTERS.includes(asked as DisputeFilter) ? (asked as DisputeFilter) : 'open';
  const now = new Date();
  const rows = await listDisputeQueue(getDb(), actor, { filter, now });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('staffTitle')} intro={t('staffIntro')} />
      <StaffWrite may={canStaff(actor, 'disputes', 'write')}>
        <Card title={t('openTitle')}>
          <OpenDisputeForm action={openDisputeAction} />
        </Card>
      </StaffWrite>
      <Card title={t('queueTitle')}>
        <nav aria-label={t('filters')} className="mb-4 flex flex-wrap gap-2">
          {DISPUTE_FILTERS.map((f) => (
            <Link
              key={f}
              href={`/admin/disputes?filter=${f}`}
              aria-current={f === filter ? 'page' : undefined}
              className={`rounded-full px-3 py-1.5 text-sm ring-1 ring-inset ${f === filter ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
            >
              {t(`filter.${f}`)}
            </Link>
          ))}
        </nav>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('queueEmpty')}</p>
        ) : (
          <ul className="grid gap-3 lg:grid-cols-2" data-testid="dispute-queue">
            {rows.map((r) => (
              <DisputeCard key={r.dispute.id} row={r} href={`/admin/disputes/${r.dispute.id}`} now={now} showMerchant />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
