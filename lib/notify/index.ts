import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { users } from '@/db/schema';
import { enqueueEmail, recordEmail } from '@/lib/email';
import { emailText, type EmailKey, type EmailValues } from '@/lib/email/texts';
import { env } from '@/lib/env';
import { enqueueSms, recordSms } from '@/lib/sms';

/**
 * The one way a notice reaches a person with an account (codes, decisions, important messages):
 * an SMS to an Iranian mobile, an e-mail where the person has an address, both when both. A
 * Turkish mobile gets no SMS (the Iranian provider cannot reach it), so a Turkish company hears
 * by e-mail only. Payers, who have no account, keep their SMS (lib/sms `sendPayerSms`).
 *
 * Recorded in the caller's transaction; `dispatch` hands the messages to the queue once it commits.
 */

export type Person = { mobile: string | null; email: string | null; locale: string | null };
export type Notice = { sms: string; email: { key: EmailKey; values?: EmailValues } };
/** Outbox rows written by `recordNotice`, to hand to the queue after the commit. */
export type Pending = { sms: string[]; email: string[] };

export const nothingPending = (): Pending => ({ sms: [], email: [] });

const IRANIAN_MOBILE = /^09\d{9}$/;

export function channelsFor(person: Pick<Person, 'mobile' | 'email'>): { sms: boolean; email: boolean } {
  return { sms: !!person.mobile && IRANIAN_MOBILE.test(person.mobile), email: !!person.email };
}

export async function recordNotice(tx: DbOrTx, person: Person, notice: Notice): Promise<Pending> {
  const to = channelsFor(person);
  const pending = nothingPending();
  if (to.sms) pending.sms.push(await recordSms(tx, { mobile: person.mobile!, body: notice.sms }));
  if (to.email) {
    const { subject, body } = emailText(person.locale, notice.email.key, notice.email.values ?? {});
    pending.email.push(await recordEmail(tx, { to: person.email!, subject, body }));
  }
  return pending;
}

/** `recordNotice` for an account by its id; nothing when the account is gone. */
export async function recordUserNotice(tx: DbOrTx, userId: string, notice: Notice): Promise<Pending> {
  const [person] = await tx.select({ mobile: users.mobile, email: users.email, locale: users.locale }).from(users).where(eq(users.id, userId));
  return person ? recordNotice(tx, person, notice) : nothingPending();
}

/** Hands recorded notices to the queue; a queue that cannot be reached leaves them for the requeue jobs. */
export async function dispatch(...pending: (Pending | null | undefined)[]): Promise<void> {
  for (const p of pending) {
    if (!p) continue;
    for (const id of p.sms) await enqueueSms(id);
    for (const id of p.email) await enqueueEmail(id);
  }
}

/** An absolute portal address for an e-mail (PUBLIC_BASE_URL, never a request header); empty when unset. */
export function portalUrl(path: string): string {
  const base = env().PUBLIC_BASE_URL;
  return base ? new URL(path, base).toString() : '';
}
