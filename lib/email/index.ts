import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { emailMessages } from '@/db/schema';
import { QUEUES } from '@/lib/jobs/boss';
import { handToQueue } from '@/lib/jobs/hand-to-queue';
import { currentTransport, EmailSendError, type MailTransport } from './transport';

/**
 * The e-mail outbox, shaped like the SMS one (lib/sms): a message is written in the caller's
 * transaction, handed to the queue once it commits, delivered by the worker with retries; a
 * failure is recorded on the row (`last_error`, then `failed`), never dropped and never an error
 * for the person whose action caused the e-mail.
 */

/** Writes the message to the outbox; call `enqueueEmail` with the id once the transaction commits. */
export async function recordEmail(db: DbOrTx, input: { to: string; subject: string; body: string }): Promise<string> {
  const [row] = await db
    .insert(emailMessages)
    .values({ to: input.to, subject: input.subject.slice(0, 300), body: input.body })
    .returning({ id: emailMessages.id });
  return row.id;
}

/** Hands the message to the job queue; if that fails the row stays `queued` for the requeue job. */
export async function enqueueEmail(id: string): Promise<void> {
  await handToQueue('[email] could not enqueue, the requeue job will retry:', (boss) =>
    boss.send(QUEUES.emailSend, { id }, { retryLimit: 8, retryDelay: 10, retryBackoff: true, singletonKey: id }),
  );
}

export type DeliverOutcome = 'sent' | 'already-done' | 'failed';

/** Sends one outbox message; throws (for pg-boss to retry) on a passing failure, recording it first. */
export async function deliverEmail(db: Db, id: string, transport: MailTransport = currentTransport(), finalAttempt = false): Promise<DeliverOutcome> {
  const [msg] = await db
    .update(emailMessages)
    .set({ attempts: sql`${emailMessages.attempts} + 1` })
    .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'queued')))
    .returning();
  if (!msg) return 'already-done';
  try {
    const { messageId } = await transport.send({ to: msg.to, subject: msg.subject, body: msg.body });
    await db
      .update(emailMessages)
      .set({
        status: 'sent',
        sentAt: new Date(),
        providerMessageId: messageId?.slice(0, 300) ?? null,
        lastError: null,
        // The server has the text now; one-time codes do not stay readable in our database.
        body: transport.name === 'outbox' ? msg.body : redact(msg.body),
      })
      .where(and(eq(emailMessages.id, id), eq(emailMessages.status, 'queued')));
    return 'sent';
  } catch (err) {
    const retryable = !(err instanceof EmailSendError) || err.retryable;
    const giveUp = !retryable || finalAttempt;
    await db
      .update(emailMessages)
      .set({ lastError: (err as Error).message.slice(0, 500), ...(giveUp ? { status: 'failed' as const } : {}) })
      .where(eq(emailMessages.id, id));
    if (giveUp) return 'failed';
    throw err;
  }
}

function redact(body: string): string {
  return body.replace(/\b\d{4,}\b/g, (d) => '•'.repeat(d.length));
}

/** Re-enqueues messages left `queued` (enqueue failed, or the worker died mid-send). */
export async function requeueStaleEmail(db: Db, olderThanSeconds = 60): Promise<number> {
  const stale = await db
    .select({ id: emailMessages.id })
    .from(emailMessages)
    .where(and(eq(emailMessages.status, 'queued'), lt(emailMessages.createdAt, new Date(Date.now() - olderThanSeconds * 1000))))
    .limit(500);
  for (const { id } of stale) await enqueueEmail(id);
  return stale.length;
}

/** The dev outbox: one address's messages, newest first. */
export async function listEmailFor(db: Db, to: string, limit = 50) {
  return db
    .select({
      id: emailMessages.id,
      to: emailMessages.to,
      subject: emailMessages.subject,
      body: emailMessages.body,
      status: emailMessages.status,
      lastError: emailMessages.lastError,
      createdAt: emailMessages.createdAt,
    })
    .from(emailMessages)
    .where(eq(emailMessages.to, to))
    .orderBy(desc(emailMessages.createdAt))
    .limit(limit);
}
