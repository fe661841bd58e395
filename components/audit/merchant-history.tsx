import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuditEventList } from '@/components/audit/event-list';
import { getDb } from '@/db';
import type { StaffActor } from '@/lib/actor';
import { listAuditEvents } from '@/lib/audit/list';

const SHOWN = 10;

/** The staff merchant page's history: that business's latest events, and a link to its whole trail. */
export async function MerchantHistory({ actor, merchantId }: { actor: StaffActor; merchantId: string }) {
  const t = await getTranslations('audit');
  const { rows, next } = await listAuditEvents(getDb(), actor, { merchantId }, SHOWN);
  return (
    <section id="history" aria-labelledby="merchant-history-title" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="merchant-history-title" className="text-base font-bold text-ink">
          {t('historyTitle')}
        </h2>
        {(rows.length > 0 || next) && (
          <Link href={`/admin/audit?merchant=${merchantId}`} className="text-sm font-medium text-brand-700 hover:underline" data-testid="merchant-history-all">
            {t('historyAll')}
          </Link>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted">{t('noHistory')}</p>
      ) : (
        <AuditEventList rows={rows} audience="staff" testId="merchant-history" showMerchant={false} />
      )}
    </section>
  );
}
