import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { StateBadge } from '@/components/support/state-badge';
import { TimeLeft } from '@/components/support/time-left';
import { Card } from '@/components/ui/card';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { LIVE_PICKUP_MINUTES } from '@/lib/support';
import { listQueue, listWaitingLive, queueSummary, supportStaff } from '@/lib/support/queries';
import { DEPARTMENTS, PRIORITIES, queueFiltersSchema, TICKET_STATES } from '@/lib/support/schemas';

export const generateMetadata = titled('adminSupport', 'title');

const select = 'min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-sm';

/** Staff's one queue of tickets: today's summary, the filters (a plain GET form), overdue first with the working time left. */
export default async function SupportQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { actor } = await requireStaffActor('support');
  const t = await getTranslations('adminSupport');
  const ts = await getTranslations('support');
  const locale = (await getLocale()) as Locale;
  const f = queueFiltersSchema.parse(await searchParams);
  const now = new Date();
  const [rows, sum, people, live] = await Promise.all([
    listQueue(getDb(), actor, f, now),
    queueSummary(getDb(), actor, now),
    supportStaff(getDb(), actor),
    listWaitingLive(getDb(), actor, now),
  ]);
  const n = (v: number) => localDigits(v, locale);
  const summary: [string, number, boolean?][] = [
    [t('sumOverdue'), sum.overdue, true],
    [t('sumOpen'), sum.open],
    [t('sumAwaitingStaff'), sum.awaitingStaff],
    [t('sumAwaitingMerchant'), sum.awaitingMerchant],
    [t('sumUrgent'), sum.urgent],
    [t('sumNormal'), sum.normal],
    [t('sumUnassigned'), sum.unassigned],
    [t('sumOpenedToday'), sum.openedToday],
    [t('sumResolvedToday'), sum.resolvedToday],
  ];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link href="/admin/support/canned" className="inline-flex min-h-11 items-center text-sm font-medium text-brand-700 underline-offset-4 hover:underline">
          {t('cannedNav')}
        </Link>
      </PageHeader>
      <Card title={t('waitingLive', { n: n(live.length) })}>
        {live.length === 0 ? (
          <p className="text-sm text-muted" data-testid="waiting-live-empty">
            {t('waitingLiveNone')}
          </p>
        ) : (
          <ul className="flex flex-col gap-2" data-testid="waiting-live">
            {live.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="waiting-live-row">
                <span aria-hidden className="inline-block size-2 rounded-full bg-green-600" />
                <Link href={`/admin/support/${w.id}`} className="font-medium text-brand-700 underline underline-offset-2" dir="auto">
                  {w.merchantName} — {w.subject}
                </Link>
                {w.priority === 'urgent' && <span className="font-semibold text-red-700">{ts('priorityShort.urgent')}</span>}
                <span className="text-muted">
                  {t('waitingFor', {
                    m: n(Math.max(0, Math.floor((now.getTime() - (w.waitingSince?.getTime() ?? now.getTime())) / 60_000))),
                    limit: n(LIVE_PICKUP_MINUTES),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('summary')}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="support-summary">
          {summary.map(([label, value, alarm]) => (
            <div key={label} className="rounded-lg bg-slate-50 p-3">
              <dt className="text-xs text-muted">{label}</dt>
              <dd className={`text-xl font-bold ${alarm && value > 0 ? 'text-red-700' : ''}`}>{n(value)}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={t('filters')}>
        <form method="get" className="flex flex-wrap items-end gap-3" data-testid="queue-filters">
          <label className="flex flex-col gap-1 text-sm">
            {t('department')}
            <select name="department" defaultValue={f.department ?? ''} className={select}>
              <option value="">{t('any')}</option>
              {DEPARTMENTS.map((d) => (
                <option key={d} value={d}>
                  {ts(`departments.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {t('priority')}
            <select name="priority" defaultValue={f.priority ?? ''} className={select}>
              <option value="">{t('any')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {ts(`priorityShort.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {t('state')}
            <select name="state" defaultValue={f.state} className={select}>
              <option value="active">{t('activeStates')}</option>
              {TICKET_STATES.map((s) => (
                <option key={s} value={s}>
                  {ts(`states.${s}`)}
                </option>
              ))}
              <option value="all">{t('allStates')}</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {t('age')}
            <select name="age" defaultValue={f.age} className={select}>
              <option value="">{t('any')}</option>
              {(['1', '4', '24', '72'] as const).map((a) => (
                <option key={a} value={a}>
                  {t(`ages.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            {t('assignee')}
            <select name="assignee" defaultValue={f.assignee} className={select}>
              <option value="">{t('any')}</option>
              <option value="me">{t('me')}</option>
              <option value="none">{t('nobody')}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="min-h-11 rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700">
            {t('filter')}
          </button>
          <Link href="/admin/support" className="inline-flex min-h-11 items-center text-sm text-brand-700 underline-offset-4 hover:underline">
            {t('clear')}
          </Link>
        </form>
      </Card>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-muted">{t('empty')}</p>
        ) : (
          <DataTable
            caption={t('title')}
            testId="support-queue"
            columns={[{ label: t('colTicket'), primary: true }, t('colMerchant'), { label: t('colDue'), primary: true }, t('colState'), t('colAssignee')]}
          >
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-100 last:border-0" data-testid="queue-row">
                <td className="px-2 py-2 first:ps-0">
                  <Link href={`/admin/support/${r.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                    <span dir="auto">{r.subject}</span>
                  </Link>
                  <span className="block text-xs text-muted">
                    {ts('number', { number: n(r.number) })} · {ts(`departments.${r.department}`)}
                    {r.priority === 'urgent' && <span className="ms-1 rounded bg-red-100 px-1.5 text-red-800">{ts('priorityShort.urgent')}</span>}
                  </span>
                </td>
                <td className="px-2 py-2" dir="auto">
                  {r.merchantName}
                </td>
                <td className="px-2 py-2">
                  <TimeLeft ticket={r} now={now} />
                </td>
                <td className="px-2 py-2">
                  <StateBadge state={r.state} label={ts(`states.${r.state}`)} />
                </td>
                <td className="px-2 py-2">{r.assigneeName ?? <span className="text-muted">{t('unassigned')}</span>}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
