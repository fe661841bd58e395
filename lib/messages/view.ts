import type { Message } from '@/db/schema';
import type { Locale } from '@/lib/i18n/config';
import { templateValues } from './index';

type T = (key: string, values?: Record<string, string>) => string;

/** A message as its reader sees it: system templates in the reader's language, staff text as written. */
export function messageText(m: Pick<Message, 'template' | 'params' | 'title' | 'body'>, locale: Locale, t: T): { title: string; body: string } {
  if (!m.template) return { title: m.title, body: m.body };
  const v = templateValues(m.params ?? {}, locale);
  return { title: t(`templates.${m.template}.title`, v), body: t(`templates.${m.template}.body`, v) };
}
