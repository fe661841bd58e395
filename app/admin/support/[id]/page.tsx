import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { AssignForm } from '@/components/support/assign-form';
import { LiveConversation } from '@/components/support/live-conversation';
import { ReplyForm } from '@/components/support/reply-form';
import { StateBadge } from '@/components/support/state-badge';
import { TicketButton } from '@/components/support/ticket-button';
import { TimeLeft } from '@/components/support/time-left';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { getDb } from '@/db';
import { requireStaffActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { getLabels } from '@/lib/i18n/labels-server';
import { titled } from '@/lib/i18n/metadata';
import { formatAmount } from '@/lib/money';
import { canStaff } from '@/lib/staff/permissions';
import { listCannedAnswers } from '@/lib/support/canned';
import { toWire } from '@/lib/support/live';
import { getStaffTicket, merchantContext, otherTicketsOf, supportStaff } from '@/lib/support/queries';
import { assignTicketAction, staffReplyAction, staffResolveAction, takeTicketAction } from '../actions';

export const generateMetadata = titled('adminSupport', 'title');

/**
 * One ticket for staff: the whole conversation with internal notes, the reply or note form with
 * saved answers, take / assign / resolve, and beside it the merchant's context (customer
 * information state, platforms, latest payments and payouts, the object the ticket is about).
 */
export default async function StaffTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireStaffActor('support');
  const t = await getTranslations('adminSupport');
  const ts = await getTranslations('support');
  const label = await getLabels();
  const locale = (await getLocale()) as Locale;
  const db = getDb();
  const c = await getStaffTicket(db, actor, (await params).id);
  if (!c) notFound();
  const tk = c.ticket;
  const writer = canStaff(actor, 'support', 'write');
  const [ctx, people, canned, others] = await Promise.all([
    merchantContext(db, actor, tk),
    supportStaff(db, actor),
    listCannedAnswers(db, actor, locale),
    otherTicketsOf(db, actor, tk.merchantId, tk.id),
  ]);
  const active = tk.state === 'open' || tk.state === 'awaiting_staff' || tk.state === 'awaiting_merchant';
  const money = (amount: bigint, currency: string) =>
    currency === 'IRR' ? formatAmount(amount, locale) : `${localDigits(amount.toString(), locale)} ${currency}`;
  const assignee = people.find((p) => p.id === tk.assigneeId);
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/admin/support">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold" dir="auto">
          {tk.subject}
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
          <span>{ts('number', { number: localDigits(tk.number, locale) })}</span>
          <span>·</span>
          <span>{ts(`departments.${tk.department}`)}</span>
          <span>·</span>
          <span className={tk.priority === 'urgent' ? 'font-semibold text-red-700' : ''}>{ts(`priorityShort.${tk.priority}`)}</span>
          <StateBadge state={tk.state} label={ts(`states.${tk.state}`)} />
          <TimeLeft ticket={tk} now={now} />
        </p>
      </div>
      {!writer && <Notice tone="info">{t('readOnly')}</Notice>}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Card>
            <LiveConversation
              initial={c.messages.map(toWire)}
              viewer="staff"
              otherReadAt={c.otherReadAt?.toISOString() ?? null}
              filesBase="/admin/support/files"
              base={`/admin/support/${tk.id}`}
              staff={{
                internalBadge: t('internalBadge'),
                merchantSide: t('merchantSide'),
                staffSide: t('staffSide'),
                seenByMerchant: t('seenByMerchant'),
                notSeenByMerchant: t('notSeenByMerchant'),
              }}
            />
          </Card>
          {tk.rating && (
            <p className="text-sm" data-testid="staff-rating">
              {t('rating', { n: localDigits(tk.rating, locale) })}
              {tk.ratingComment && <span dir="auto"> — {tk.ratingComment}</span>}
            </p>
          )}
          {writer && tk.state !== 'closed' && (
            <Card title={active ? t('replyTab') : t('noteTab')}>
              <ReplyForm
                ticketId={tk.id}
                action={staffReplyAction}
                uploadUrl="/admin/support/files"
                typingUrl={`/admin/support/${tk.id}/live`}
                staff={{
                  canned: canned.map((x) => ({ id: x.id, title: x.title, body: x.body })),
                  labels: { canned: t('canned'), cannedNone: t('cannedNone'), body: t('body'), internal: t('internal'), send: t('send') },
                }}
              />
            </Card>
          )}
        </div>
        <aside className="flex flex-col gap-6" aria-label={t('context')}>
          <Card title={t('assignee')}>
            <p className="mb-3 text-sm" data-testid="assignee">
              {assignee ? t('taken', { name: assignee.name }) : t('unassigned')}
            </p>
            {writer && active && (
              <div className="flex flex-col gap-3">
                {!tk.assigneeId && <TicketButton ticketId={tk.id} action={takeTicketAction} label={t('take')} variant="primary" testId="take" />}
                <AssignForm key={tk.assigneeId ?? 'none'} ticketId={tk.id} current={tk.assigneeId} people={people} action={assignTicketAction} />
                <TicketButton ticketId={tk.id} action={staffResolveAction} label={t('resolve')} testId="staff-resolve" />
              </div>
            )}
          </Card>
          <Card title={t('context')}>
            <dl className="flex flex-col gap-3 text-sm" data-testid="merchant-context">
              <div>
                <dt className="text-xs text-muted">{t('colMerchant')}</dt>
                <dd dir="auto">
                  {ctx.merchant.name} · {localDigits(ctx.merchant.mobile, locale)}
                </dd>
                <dd>
                  <Link href={`/admin/merchants/${ctx.merchant.id}`} className="text-brand-700 underline underline-offset-2">
                    {t('openMerchant')}
                  </Link>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted">{t('kyc')}</dt>
                <dd>{ctx.kycStatus ? label('kycStatus', ctx.kycStatus) : t('kycNone')}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">{t('about')}</dt>
                <dd data-testid="ticket-about">
                  {ctx.about ? (
                    <>
                      {ts(`aboutKinds.${ctx.about.kind as 'payment'}`)}: <span dir="ltr">{localDigits(ctx.about.label, locale)}</span> ·{' '}
                      {ctx.about.kind === 'payment'
                        ? label('paymentStates', ctx.about.state)
                        : ctx.about.kind === 'payout'
                          ? label('payoutStates', ctx.about.state)
                          : label('platformStatus', ctx.about.state)}
                      {ctx.about.amount !== undefined && ` · ${money(ctx.about.amount, ctx.about.currency ?? 'IRR')}`}
                      {ctx.about.kind === 'payment' && (
                        <Link href={`/admin/reports/transactions/${ctx.about.id}`} className="ms-1 text-brand-700 underline underline-offset-2">
                          ↗
                        </Link>
                      )}
                    </>
                  ) : (
                    t('none')
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-muted">{t('platforms')}</dt>
                {ctx.platforms.length ? (
                  ctx.platforms.map((p) => (
                    <dd key={p.id} dir="auto">
                      {p.name} · {label('platformStatus', p.status)}
                    </dd>
                  ))
                ) : (
                  <dd>{t('none')}</dd>
                )}
              </div>
              <div>
                <dt className="text-xs text-muted">{t('payments')}</dt>
                {ctx.payments.length ? (
                  ctx.payments.map((p) => (
                    <dd key={p.id}>
                      <span dir="ltr">{localDigits(p.trackingCode, locale)}</span> · {money(p.amount, p.currency)} · {label('paymentStates', p.state)} ·{' '}
                      {formatDate(p.createdAt, locale)}
                    </dd>
                  ))
                ) : (
                  <dd>{t('none')}</dd>
                )}
              </div>
              <div>
                <dt className="text-xs text-muted">{t('payouts')}</dt>
                {ctx.payouts.length ? (
                  ctx.payouts.map((p) => (
                    <dd key={p.id}>
                      {money(p.amount, p.currency)} · {label('payoutStates', p.state)} · {formatDate(p.requestedAt, locale)}
                    </dd>
                  ))
                ) : (
                  <dd>{t('none')}</dd>
                )}
              </div>
              {others.length > 0 && (
                <div>
                  <dt className="text-xs text-muted">{t('otherTickets')}</dt>
                  {others.map((o) => (
                    <dd key={o.id}>
                      <Link href={`/admin/support/${o.id}`} className="text-brand-700 underline underline-offset-2" dir="auto">
                        {o.subject}
                      </Link>{' '}
                      · {ts(`states.${o.state}`)}
                    </dd>
                  ))}
                </div>
              )}
            </dl>
          </Card>
        </aside>
      </div>
    </div>
  );
}
