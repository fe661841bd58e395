import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { LiveConversation } from '@/components/support/live-conversation';
import { RateForm } from '@/components/support/rate-form';
import { ReplyForm } from '@/components/support/reply-form';
import { StateBadge } from '@/components/support/state-badge';
import { TicketButton } from '@/components/support/ticket-button';
import { BackLink } from '@/components/ui/back-link';
import { Card } from '@/components/ui/card';
import { Notice } from '@/components/ui/notice';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate, localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { titled } from '@/lib/i18n/metadata';
import { merchantMayWrite } from '@/lib/support';
import { toWire } from '@/lib/support/live';
import { getMerchantTicket } from '@/lib/support/queries';
import { rateTicketAction, replyTicketAction, resolveTicketAction } from '../actions';

export const generateMetadata = titled('support', 'detailTitle');

/** One of the business's tickets: the conversation, live (never staff's notes), a reply, "solved", and the rating once resolved. */
export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireMerchantActor({ need: 'payments' });
  const t = await getTranslations('support');
  const locale = (await getLocale()) as Locale;
  const c = await getMerchantTicket(getDb(), actor, (await params).id);
  if (!c) notFound();
  const tk = c.ticket;
  const active = tk.state === 'open' || tk.state === 'awaiting_staff' || tk.state === 'awaiting_merchant';
  return (
    <div className="flex flex-col gap-6">
      <div>
        <BackLink href="/support">{t('back')}</BackLink>
        <h1 className="mt-2 text-2xl font-bold" dir="auto">
          {tk.subject}
        </h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
          <span>{t('number', { number: localDigits(tk.number, locale) })}</span>
          <span>·</span>
          <span>{t(`departments.${tk.department}`)}</span>
          <span>·</span>
          <span>{t(`priorityShort.${tk.priority}`)}</span>
          <StateBadge state={tk.state} label={t(`states.${tk.state}`)} />
          <span>{t('openedAt', { when: formatDate(tk.createdAt, locale, { time: true }) })}</span>
        </p>
      </div>
      <Card>
        <LiveConversation
          initial={c.messages.map(toWire)}
          viewer="merchant"
          otherReadAt={c.otherReadAt?.toISOString() ?? null}
          filesBase="/support/files"
          base={`/support/${tk.id}`}
        />
      </Card>
      {tk.state === 'resolved' && <Notice tone="info">{t('resolvedNote')}</Notice>}
      {tk.state === 'closed' && <Notice tone="info">{t('closedNote')}</Notice>}
      {(tk.state === 'resolved' || tk.state === 'closed') && (
        <Card title={t('rateTitle')}>
          {tk.rating ? (
            <p className="text-sm" data-testid="rated">
              {t('rated', { n: localDigits(tk.rating, locale) })}
            </p>
          ) : (
            <RateForm ticketId={tk.id} action={rateTicketAction} />
          )}
        </Card>
      )}
      {merchantMayWrite(tk) && (
        <Card title={t('reply')}>
          <ReplyForm ticketId={tk.id} action={replyTicketAction} uploadUrl="/support/files" typingUrl={`/support/${tk.id}/live`} />
        </Card>
      )}
      {active && <TicketButton ticketId={tk.id} action={resolveTicketAction} label={t('resolve')} testId="resolve" />}
    </div>
  );
}
