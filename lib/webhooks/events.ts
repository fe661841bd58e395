import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { tehranIso } from '@/lib/date/tehran';
import { afterNotify, notify } from '@/lib/messages';
import { Webhook } from 'standardwebhooks';
import type { Db, DbOrTx } from '@/db';
import type { MerchantActor } from '@/lib/actor';
import { platforms, webhookDeliveries, webhookEndpoints, webhookEvents } from '@/db/schema';
import { QUEUES } from '@/lib/jobs/boss';
import { handToQueue } from '@/lib/jobs/hand-to-queue';
import { isAddressNotAllowed, readPrefix, safeFetch } from '@/lib/net/fetch';
import { getOwnPlatform } from '@/lib/platforms';
import { err, ok, type Result } from '@/lib/result';
import { signingSecretOf } from './endpoints';
import { logger } from '@/lib/log';

/**
 * Webhook events, signed per Standard Webhooks with the `standardwebhooks` library and delivered
 * by pg-boss with exponential back-off for about three days (15 s × 2^n, 13 retries ≈ 2.8 days).
 */
export type WebhookEventType =
  | 'payment.succeeded'
  | 'payment.failed'
  | 'deposit_slip.submitted'
  | 'deposit_slip.confirmed'
  | 'deposit_slip.rejected'
  | 'payout.requested'
  | 'payout.paid'
  | 'payout.returned'
  | 'payout.rejected'
  | 'refund.created'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'topup.delivered'
  | 'topup.failed'
  | 'split_invoice.paid'
  | 'split_invoice.closed'
  | 'split_invoice.refunded'
  /** Sent on the merchant's request from the platform page, to try their endpoint. */
  | 'test';

export const DELIVERY_RETRY = { retryLimit: 13, retryDelay: 15, retryBackoff: true } as const;

/** Records an event inside the caller's transaction, if the platform has a webhook; returns its id. */
export async function recordEvent(tx: DbOrTx, platformId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<string | null> {
  const [endpoint] = await tx.select({ url: webhookEndpoints.url }).from(webhookEndpoints).where(eq(webhookEndpoints.platformId, platformId));
  if (!endpoint) return null;
  const id = `msg_${randomBytes(16).toString('hex')}`;
  const payload = { type, timestamp: new Date().toISOString(), data };
  await tx.insert(webhookEvents).values({ id, platformId, type, payload });
  return id;
}

/** Queues delivery once the event's transaction has committed. */
export async function enqueueDeliveries(ids: (string | null)[]): Promise<void> {
  const real = ids.filter((x): x is string => Boolean(x));
  if (!real.length) return;
  await handToQueue('[webhooks] could not enqueue:', async (boss) => {
    for (const id of real) await boss.send(QUEUES.webhookDeliver, { id }, DELIVERY_RETRY);
  });
}

/**
 * Pending events that no delivery has been tried for, older than `olderThanSeconds` (and younger
 * than a day): their job was never sent — the process recording them died between the commit and
 * handing the job to the queue (handToQueue's rows must be ones the worker finds by itself, as the
 * SMS and e-mail requeues find theirs). Any attempt, failed or not, records a delivery, so an event in
 * its retries is never taken; 180 s is past a killed worker's job coming back (expiry 90 s + 20 s).
 */
export async function staleWebhookIds(db: DbOrTx, olderThanSeconds = 180, now = new Date()): Promise<string[]> {
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.state, 'pending'),
        lt(webhookEvents.createdAt, new Date(now.getTime() - olderThanSeconds * 1000)),
        gt(webhookEvents.createdAt, new Date(now.getTime() - 86_400_000)),
        sql`not exists (select 1 from ${webhookDeliveries} where ${webhookDeliveries.eventId} = ${webhookEvents.id})`,
      ),
    )
    .limit(500);
  return rows.map((r) => r.id);
}

/** The worker's minute sweep: queues the delivery of events whose job was lost (above). */
export async function requeueStaleWebhooks(db: Db): Promise<number> {
  const ids = await staleWebhookIds(db);
  await enqueueDeliveries(ids);
  return ids.length;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'gone';

/**
 * Why an attempt got no HTTP answer, as stored and shown to the merchant. Deliberately coarse: a
 * refused address, a refused connection and a timeout must not tell a port scanner apart, so no raw
 * error text and no latency is kept for them.
 */
export type DeliveryFailure = 'addressNotAllowed' | 'connectFailed';

/** The reason to show for a stored attempt without an answer; older rows kept raw error text, shown as "could not connect". */
export function failureOf(error: string | null): DeliveryFailure {
  return error === 'addressNotAllowed' ? 'addressNotAllowed' : 'connectFailed';
}

/** One delivery attempt: signs, POSTs (10 s limit) to a checked public address, records status, latency and the answer. */
export async function deliverEvent(db: Db, eventId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
  const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
  if (!event) return 'gone';
  // A job run again after its event was delivered (a retried batch, a worker killed after marking
  // it) sends nothing more: the receiver has it.
  if (event.state === 'delivered') return 'delivered';
  const endpoint = await signingSecretOf(db, event.platformId);
  if (!endpoint) return 'gone';
  const body = JSON.stringify(event.payload);
  const at = new Date();
  const signature = new Webhook(endpoint.secret).sign(event.id, at, body);
  const t0 = performance.now();
  let status: number | null = null;
  let response: string | null = null;
  let error: DeliveryFailure | null = null;
  try {
    const res = await safeFetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Dargah-Webhooks/1',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    // PostgreSQL text cannot hold U+0000.
    response = (await readPrefix(res, 500).catch(() => '')).replace(/\u0000/g, '');
  } catch (e) {
    error = isAddressNotAllowed(e) ? 'addressNotAllowed' : 'connectFailed';
    // The detail is for the operator's log only; the merchant sees the coarse reason.
    logger({ module: 'webhooks' }).warn({ eventId, reason: error, err: e, cause: ((e as Error).cause as Error | undefined)?.message }, 'webhook not delivered');
  }
  const latencyMs = status === null ? null : Math.round(performance.now() - t0);
  const ok = status !== null && status >= 200 && status < 300;
  await db.insert(webhookDeliveries).values({ eventId, url: endpoint.url, status, latencyMs, response, error });
  await db
    .update(webhookEvents)
    .set({ attempts: sql`${webhookEvents.attempts} + 1`, lastAttemptAt: at, ...(ok ? { state: 'delivered' } : finalAttempt ? { state: 'failed' } : {}) })
    .where(eq(webhookEvents.id, eventId));
  // The third failure in a row (about two minutes of retries) tells the merchant, once a day per platform.
  if (!ok && event.attempts + 1 >= 3) await warnFailingEndpoint(db, event.platformId, endpoint.url, at);
  return ok ? 'delivered' : finalAttempt ? 'failed' : 'retry';
}

async function warnFailingEndpoint(db: Db, platformId: string, url: string, at: Date): Promise<void> {
  const [p] = await db.select({ userId: platforms.userId, name: platforms.name }).from(platforms).where(eq(platforms.id, platformId));
  if (!p) return;
  const r = await db.transaction((tx) =>
    notify(tx, {
      userId: p.userId,
      category: 'webhook',
      template: 'webhookFailing',
      params: { name: p.name, url },
      link: `/platforms/${platformId}`,
      important: true,
      dedupeKey: `webhook:${platformId}:${tehranIso(at)}`,
    }),
  );
  await afterNotify([r]);
}

/** The platform's recent events with their attempts, for the portal. */
export async function listEvents(db: Db, actor: MerchantActor, platformId: string, limit = 30) {
  const platform = await getOwnPlatform(db, actor, platformId);
  if (!platform) return null;
  const events = await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, platform.id)).orderBy(desc(webhookEvents.createdAt)).limit(limit);
  const attempts = events.length
    ? await db
        .select()
        .from(webhookDeliveries)
        .where(
          inArray(
            webhookDeliveries.eventId,
            events.map((e) => e.id),
          ),
        )
        .orderBy(desc(webhookDeliveries.at))
    : [];
  return events.map((e) => ({ ...e, deliveries: attempts.filter((a) => a.eventId === e.id) }));
}

/** The merchant's resend: one more delivery of an event of their own platform. */
export async function resendEvent(db: Db, actor: MerchantActor, eventId: string): Promise<boolean> {
  if (!/^msg_[0-9a-f]{32}$/.test(eventId)) return false;
  const [row] = await db.select({ platformId: webhookEvents.platformId }).from(webhookEvents).where(eq(webhookEvents.id, eventId));
  if (!row || !(await getOwnPlatform(db, actor, row.platformId))) return false;
  await db
    .update(webhookEvents)
    .set({ state: 'pending' })
    .where(and(eq(webhookEvents.id, eventId)));
  await enqueueDeliveries([eventId]);
  return true;
}

/** How long a platform waits between two test events (each one is a real POST to its endpoint). */
export const TEST_EVENT_GAP_MS = 5_000;

/**
 * The merchant's "send a test event": a `test` event signed and delivered at once, through the same
 * path as every other event (one attempt, no retries), recorded with its delivery. Answers the
 * attempt as the event list shows it.
 */
export async function sendTestEvent(
  db: Db,
  actor: MerchantActor,
  platformId: string,
  now = new Date(),
): Promise<
  Result<
    { eventId: string; outcome: 'delivered' | 'failed'; status: number | null; latencyMs: number | null; failure: DeliveryFailure | null },
    'notFound' | 'noEndpoint' | 'tooSoon'
  >
> {
  const platform = await getOwnPlatform(db, actor, platformId);
  if (!platform) return err('notFound');
  // The gap is checked and the event recorded under one lock per platform: five clicks at once
  // must send one event, not five (a check then an insert alone lets them all through).
  const recorded = await db.transaction(async (tx): Promise<Result<string, 'noEndpoint' | 'tooSoon'>> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook-test:${platform.id}`}))`);
    const [recent] = await tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(
        and(
          eq(webhookEvents.platformId, platform.id),
          eq(webhookEvents.type, 'test'),
          gt(webhookEvents.createdAt, new Date(now.getTime() - TEST_EVENT_GAP_MS)),
        ),
      )
      .limit(1);
    if (recent) return err('tooSoon');
    const id = await recordEvent(tx, platform.id, 'test', { platformId: platform.id, message: 'A test event from Dargah.' });
    return id ? ok(id) : err('noEndpoint');
  });
  if (!recorded.ok) return recorded;
  const eventId = recorded.data;
  const outcome = await deliverEvent(db, eventId, true);
  const [attempt] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, eventId)).orderBy(desc(webhookDeliveries.at)).limit(1);
  return ok({
    eventId,
    outcome: outcome === 'delivered' ? 'delivered' : 'failed',
    status: attempt?.status ?? null,
    latencyMs: attempt?.latencyMs ?? null,
    failure: attempt && attempt.status === null ? failureOf(attempt.error) : null,
  });
}
