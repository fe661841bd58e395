import type { Message } from '@/db/schema';
import { localDigits } from '@/lib/date/format';
import type { Locale } from '@/lib/i18n/config';
import { templateValues } from './index';

type T = (key: string, values?: Record<string, string>) => string;

/** A message as its reader sees it: system templates in the reader's language, staff text as written. */
export function messageText(m: Pick<Message, 'template' | 'params' | 'title' | 'body'>, locale: Locale, t: T): { title: string; body: string } {
  if (!m.template) return { title: m.title, body: m.body };
  const v = templateValues(m.params ?? {}, locale);
  return { title: t(`templates.${m.template}.title`, v), body: t(`templates.${m.template}.body`, v) };
}

/** The messages menu's badge for an unread count (nav namespace's `unread` for screen readers), as the sidebar and the message page give it. */
export function unreadBadge(unread: { count: number; at: number }, locale: Locale, t: (key: 'unread', values: { count: number }) => string) {
  const { count, at } = unread;
  return { badge: count ? localDigits(count > 99 ? '99+' : count, locale) : undefined, badgeLabel: t('unread', { count }), badgeAt: at };
}
