import { and, desc, eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import type { DbOrTx } from '@/db';
import { staffRoles, users } from '@/db/schema';
import { emailLocale } from '@/lib/email/texts';
import { nothingPending, portalUrl, recordNotice, type Pending } from '@/lib/notify';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';

/**
 * Support's texts and e-mails to people (lib/notify: SMS to an Iranian mobile, e-mail where there
 * is an address), each in the reader's own language. The merchant's inbox messages go through
 * lib/messages `notify` instead (templates `supportReply` and `supportResolved`).
 */

type Key = 'urgentOpened' | 'waitingStaff' | 'waitingMerchant' | 'urgentMessage';
const translators = {
  fa: createTranslator({ locale: 'fa', messages: fa, namespace: 'support.notices' }),
  en: createTranslator({ locale: 'en', messages: en, namespace: 'support.notices' }),
  tr: createTranslator({ locale: 'tr', messages: tr as unknown as typeof en, namespace: 'support.notices' }),
};

export function noticeText(locale: string | null, key: Key, values: { number: number; subject: string }) {
  const t = translators[emailLocale(locale)];
  return { title: t(`${key}.title`, values), body: t(`${key}.body`, values) };
}

/** Staff to tell: the ticket's assignee, else those holding the support role (the 50 most recently given it; a bound on one ticket's texts). */
export async function staffToTell(tx: DbOrTx, assigneeId: string | null): Promise<string[]> {
  if (assigneeId) return [assigneeId];
  const rows = await tx
    .select({ id: staffRoles.userId })
    .from(staffRoles)
    .innerJoin(users, eq(users.id, staffRoles.userId))
    .where(and(eq(staffRoles.role, 'support'), eq(users.role, 'admin')))
    .orderBy(desc(staffRoles.grantedAt))
    .limit(50);
  return rows.map((r) => r.id);
}

/** Records the SMS and e-mail of a support notice to these people; hand the result to `dispatch` after the commit. */
export async function tellPeople(
  tx: DbOrTx,
  userIds: string[],
  key: Key,
  ticket: { id: string; number: number; subject: string },
  link: (id: string) => string,
): Promise<Pending> {
  const out = nothingPending();
  if (!userIds.length) return out;
  const people = await tx.select({ mobile: users.mobile, email: users.email, locale: users.locale }).from(users).where(inArray(users.id, userIds));
  for (const p of people) {
    const { title, body } = noticeText(p.locale, key, { number: ticket.number, subject: ticket.subject });
    const sent = await recordNotice(tx, p, {
      sms: `${title}\n${body}`.slice(0, 600),
      email: { key: 'message', values: { title, body, link: portalUrl(link(ticket.id)) } },
    });
    out.sms.push(...sent.sms);
    out.email.push(...sent.email);
  }
  return out;
}

export const staffLink = (id: string) => `/admin/support/${id}`;
export const merchantLink = (id: string) => `/support/${id}`;
