import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { requireMerchantActor } from '@/lib/auth/session';
import { formatDate } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { openMessage, unreadCountNow } from '@/lib/messages';
import { messageText, unreadBadge } from '@/lib/messages/view';
import { NavBadgeUpdate } from '@/components/shell/nav-badge';
import { inboxAction } from '../actions';
import { titled } from '@/lib/i18n/metadata';
import { BackLink } from '@/components/ui/back-link';

/** A plain form's action (it works before scripts load); its answer is the page it redirects to. */
const inboxForm = inboxAction as unknown as (formData: FormData) => Promise<void>;

export const generateMetadata = titled('inbox', 'title');

/** One message, marked read as it opens. Text is shown as text: HTML in it stays visible markup. */
export default async function MessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireMerchantActor();
  const { id } = await params;
  const opened = await openMessage(getDb(), actor, id);
  if (!opened) notFound();
  const m = opened.message;
  const t = await getTranslations('inbox');
  const locale = (await getLocale()) as Locale;
  const { title, body } = messageText(m, locale, t);
  // Opening it lowered the sidebar's count, which the layout (kept across a navigation) cannot know:
  // the count read now, after the mark, travels with this page and replaces the older one.
  const unread = opened.wasUnread ? unreadBadge(await unreadCountNow(getDb(), actor), locale, await getTranslations('nav')) : null;
  return (
    <div className="flex flex-col gap-6">
      {unread && <NavBadgeUpdate href="/messages" value={{ badge: unread.badge, badgeLabel: unread.badgeLabel, at: unread.badgeAt }} />}
      <BackLink href="/messages">{t('back')}</BackLink>
      <Card>
        <article>
          <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
            <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{m.source === 'system' ? t('fromSystem') : t('fromStaff')}</span>
            <span>{t(`categories.${m.category}`)}</span>
            {m.important && <span className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900">{t('important')}</span>}
            <time className="ms-auto" dateTime={m.createdAt.toISOString()}>
              {formatDate(m.createdAt, locale, { time: true })}
            </time>
          </div>
          <h1 className="mt-3 text-xl font-bold" data-testid="message-title">
            {title}
          </h1>
          <p className="mt-3 whitespace-pre-wrap break-words leading-8 text-ink" data-testid="message-body">
            {body}
          </p>
          <div className="mt-6 flex flex-wrap gap-3">
            {m.link && (
              <Link
                href={m.link}
                className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
              >
                {t('goToLink')}
              </Link>
            )}
            <form action={inboxForm}>
              <input type="hidden" name="id" value={m.id} />
              <input type="hidden" name="back" value="/messages" />
              <Button type="submit" name="op" value={m.archivedAt ? 'unarchive' : 'archive'} variant="secondary">
                {m.archivedAt ? t('unarchive') : t('archiveOne')}
              </Button>
            </form>
            <form action={inboxForm}>
              <input type="hidden" name="id" value={m.id} />
              <input type="hidden" name="back" value="/messages" />
              <Button type="submit" name="op" value="unread" variant="ghost">
                {t('markUnread')}
              </Button>
            </form>
          </div>
        </article>
      </Card>
    </div>
  );
}
