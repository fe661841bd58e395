import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { StateBadge } from '@/components/support/state-badge';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { listMerchantTickets } from '@/lib/support/queries';

export const generateMetadata = titled('support', 'title');

/** The business's support tickets, active first, with a mark on those support answered since they were last read. */
export default async function SupportPage() {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const t = await getTranslations('support');
  const locale = (await getLocale()) as Locale;
  const rows = await listMerchantTickets(getDb(), actor);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link
          href="/support/new"
          className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
          data-testid="new-ticket"
        >
          {t('newTicket')}
        </Link>
      </PageHeader>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <DataTable
            caption={t('title')}
            testId="ticket-list"
            columns={[t('colNumber'), { label: t('colSubject'), primary: true }, t('colDepartment'), { label: t('colState'), primary: true }, t('colUpdated')]}
          >
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0">
                <td className="px-2 py-2 first:ps-0">{localDigits(r.number, locale)}</td>
                <td className="px-2 py-2">
                  <Link href={`/support/${r.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline" dir="auto">
                    {r.subject}
                  </Link>
                  {r.unread && <span className="ms-2 rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-800">{t('unread')}</span>}
                </td>
                <td className="px-2 py-2">{t(`departments.${r.department}`)}</td>
                <td className="px-2 py-2">
                  <StateBadge state={r.state} label={t(`states.${r.state}`)} />
                </td>
                <td className="px-2 py-2">{formatDate(r.lastMessageAt, locale, { time: true })}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
