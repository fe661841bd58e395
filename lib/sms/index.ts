import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { smsMessages } from '@/db/schema';
import { env } from '@/lib/env';
import { QUEUES } from '@/lib/jobs/boss';
import { handToQueue } from '@/lib/jobs/hand-to-queue';
import { hit } from '@/lib/rate-limit';
import { consoleProvider, kavenegarProvider, SmsSendError, type SmsProvider } from './providers';

export function currentProvider(): SmsProvider {
  const e = env();
  if (e.SMS_PROVIDER === 'kavenegar') {
    return kavenegarProvider({ apiKey: e.KAVENEGAR_API_KEY!, baseUrl: e.KAVENEGAR_BASE_URL, sender: e.KAVENEGAR_SENDER });
  }
  return consoleProvider;
}

/** Texts to a payer's mobile a public page may cause: a stranger can type anyone's number there. */
export const PAYER_SMS_RULE = { limit: 3, windowSeconds: 3600 } as const;

/**
 * An SMS to a payer, sent only while the mobile is under PAYER_SMS_RULE; past it the message is
 * dropped (the payment stands, its receipt page has everything), so public pages cannot pump SMS.
 */
export async function sendPayerSms(db: Db, mobile: string, body: string): Promise<boolean> {
  const id = await recordPayerSms(db, mobile, body);
  if (id) await enqueueSms(id);
  return id !== null;
}

/**
 * The same in a transaction: the payer's text is written with what it tells (null past the rule);
 * `enqueueSms` it once the transaction commits (or the requeue job will).
 */
export async function recordPayerSms(db: DbOrTx, mobile: string, body: string): Promise<string | null> {
  if (!(await hit(db, `sms:payer:${mobile}`, PAYER_SMS_RULE)).ok) return null;
  return recordSms(db, { mobile, body });
}

/** Writes the message to the outbox; call `enqueueSms` with the id once the transaction commits. */
export async function recordSms(db: DbOrTx, input: { mobile: string; body: string }): Promise<string> {
  const [row] = await db.insert(smsMessages).values({ mobile: input.mobile, body: input.body, provider: env().SMS_PROVIDER }).returning({ id: smsMessages.id });
  return row.id;
}

/**
 * Hands the message to the job queue. If this fails the row stays `queued` and the worker's
 * requeue job picks it up, so a message is never lost.
 */
export async function enqueueSms(id: string): Promise<void> {
  await handToQueue('[sms] could not enqueue, the requeue job will retry:', (boss) =>
    boss.send(QUEUES.smsSend, { id }, { retryLimit: 5, retryDelay: 5, retryBackoff: true, singletonKey: id }),
  );
}

export type DeliverOutcome = 'sent' | 'already-done' | 'failed';

/** Sends one outbox message; throws (for pg-boss to retry) on a passing failure. */
export async function deliverSms(db: Db, id: string, provider: SmsProvider = currentProvider(), finalAttempt = false): Promise<DeliverOutcome> {
  const [msg] = await db
    .update(smsMessages)
    .set({ attempts: sql`${smsMessages.attempts} + 1` })
    .where(and(eq(smsMessages.id, id), eq(smsMessages.status, 'queued')))
    .returning();
  if (!msg) return 'already-done';
  try {
    const { messageId } = await provider.send(msg.mobile, msg.body, smsLocalId(msg.id));
    await db
      .update(smsMessages)
      .set({
        status: 'sent',
        sentAt: new Date(),
        providerMessageId: messageId,
        lastError: null,
        // A real provider has the text now; do not keep one-time codes readable in our database.
        body: provider.name === 'console' ? msg.body : redact(msg.body),
      })
      .where(and(eq(smsMessages.id, id), eq(smsMessages.status, 'queued')));
    return 'sent';
  } catch (err) {
    const retryable = !(err instanceof SmsSendError) || err.retryable;
    const giveUp = !retryable || finalAttempt;
    await db
      .update(smsMessages)
      .set({ lastError: (err as Error).message.slice(0, 500), ...(giveUp ? { status: 'failed' as const } : {}) })
      .where(eq(smsMessages.id, id));
    if (giveUp) return 'failed';
    throw err;
  }
}

/**
 * The outbox row's number for the provider's de-duplication (Kavenegar's `localid`, a long): 62
 * random bits of its uuid as a decimal, the same on every attempt and every worker. Two rows share
 * one with odds of about n²/2⁶³ (one in ten million after a million texts).
 */
export function smsLocalId(id: string): string {
  return (BigInt(`0x${id.replace(/-/g, '').slice(-16)}`) & ((1n << 63n) - 1n)).toString();
}

function redact(body: string): string {
  return body.replace(/\d{4,}/g, (d) => '•'.repeat(d.length));
}

/** Re-enqueues messages left `queued` (enqueue failed, or the worker died mid-send). */
export async function requeueStaleSms(db: Db, olderThanSeconds = 60): Promise<number> {
  const stale = await db
    .select({ id: smsMessages.id })
    .from(smsMessages)
    .where(and(eq(smsMessages.status, 'queued'), lt(smsMessages.createdAt, new Date(Date.now() - olderThanSeconds * 1000))))
    .limit(500);
  for (const { id } of stale) await enqueueSms(id);
  return stale.length;
}
