import { and, desc, eq, gt, inArray, isNull, lte, or, sql, TransactionRollbackError } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db';
import {
  payments,
  payouts,
  platforms,
  staffRoles,
  supportMessages,
  supportReads,
  supportTickets,
  type SupportTicket,
  type TicketAboutKind,
  type TicketSide,
  type TicketState,
} from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { afterNotify, notify, type Notified } from '@/lib/messages';
import { dispatch, type Pending } from '@/lib/notify';
import { hit, type RateRule } from '@/lib/rate-limit';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { assertStaffMay } from '@/lib/staff/permissions';
import { can } from '@/lib/teams/permissions';
import { isUuid } from '@/lib/validation/ids';
import { claimAttachments } from './attachments';
import { merchantLink, staffLink, staffToTell, tellPeople } from './notices';
import type { OpenTicketValues, ReplyValues } from './schemas';
import { announce } from './live-notify';
import { resumeDue, slaDueTimes } from './sla';

/**
 * Support tickets between a business and staff. Every state move is one conditional update
 * (`UPDATE … WHERE state IN (…) RETURNING`), so under any concurrency each happens at most once:
 *
 *   open               new, nobody has answered yet (the merchant may add to it)
 *   awaiting_staff     the merchant wrote after staff answered
 *   awaiting_merchant  staff answered (an internal note moves nothing)
 *   resolved           either side marked it solved; the merchant may rate the answer. A merchant's
 *                      message within 7 days reopens it (awaiting_staff); after 7 days the support
 *                      sweep closes it
 *   closed             final: nothing is written any more
 *
 * Messages are rows of their own (id + created_at), internal notes among them with `internal`;
 * every merchant query leaves those out in SQL. Replies reach the other side: staff's reply the
 * business's inbox (and SMS when urgent); the merchant's the staff queue (and SMS to the assignee,
 * or support staff, when urgent). A reply left waiting more than an hour is texted by the sweep.
 */

/** The worker's minutely sweep (registered in worker/index.ts; the web never sends to it). */
export const SUPPORT_SWEEP_QUEUE = 'support.sweep';

export const ACTIVE_STATES = ['open', 'awaiting_staff', 'awaiting_merchant'] as const satisfies readonly TicketState[];
/** A resolved ticket reopens when the merchant writes within this; then it closes itself. */
export const REOPEN_DAYS = 7;
/**
 * A live chat staff did not pick up within this many minutes becomes a ticket answered later (the
 * support sweep tells the merchant by a system line; the ticket keeps its SLA).
 */
export const LIVE_PICKUP_MINUTES = 5;
/** A merchant is "live" while their open conversation's heartbeat (every 15 s) is younger than this. */
export const LIVE_SEEN_SECONDS = 45;
/** Tickets a member may open: a person with a real problem opens a few, not dozens. */
export const OPEN_TICKET_RULE: RateRule = { limit: 10, windowSeconds: 3600 };

/** Whether the merchant may still write on the ticket: active, or resolved less than 7 days ago (which reopens it). */
export function merchantMayWrite(t: Pick<SupportTicket, 'state' | 'resolvedAt'>, now = new Date()): boolean {
  if ((ACTIVE_STATES as readonly string[]).includes(t.state)) return true;
  return t.state === 'resolved' && !!t.resolvedAt && t.resolvedAt.getTime() > now.getTime() - REOPEN_DAYS * 86_400_000;
}

type Done = { notes: Notified[]; pending: Pending[] };
const none = (): Done => ({ notes: [], pending: [] });
async function after(d: Done) {
  await afterNotify(d.notes);
  await dispatch(...d.pending);
}

// ------------------------------------------------------------------ what a ticket is about

/**
 * The payment (by tracking code or id), payout (by id) or platform (by id) a ticket is about,
 * when it is the business's own and the member's role may see that kind; null otherwise.
 */
export async function resolveAbout(db: DbOrTx, actor: MerchantActor, kind: TicketAboutKind, ref: string): Promise<string | null> {
  const byId = isUuid(ref);
  if (kind === 'payment') {
    if (!can(actor, 'payments')) return null;
    if (!byId && !/^\d{11}$/.test(ref)) return null;
    const [p] = await db
      .select({ id: payments.id })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(and(byId ? eq(payments.id, ref) : eq(payments.trackingCode, ref), eq(platforms.userId, actor.merchantId)));
    return p?.id ?? null;
  }
  if (!byId) return null;
  if (kind === 'payout') {
    if (!can(actor, 'payouts')) return null;
    const [p] = await db
      .select({ id: payouts.id })
      .from(payouts)
      .where(and(eq(payouts.id, ref), eq(payouts.merchantId, actor.merchantId)));
    return p?.id ?? null;
  }
  if (!can(actor, 'platforms') && !can(actor, 'payments')) return null;
  const [p] = await db
    .select({ id: platforms.id })
    .from(platforms)
    .where(and(eq(platforms.id, ref), eq(platforms.userId, actor.merchantId)));
  return p?.id ?? null;
}

/** What the new-ticket form offers to pick: the business's latest payments, payouts and platforms its role may see. */
export async function aboutChoices(db: DbOrTx, actor: MerchantActor) {
  const [pays, outs, plats] = await Promise.all([
    can(actor, 'payments')
      ? db
          .select({ id: payments.id, trackingCode: payments.trackingCode, amount: payments.amount, currency: payments.currency, createdAt: payments.createdAt })
          .from(payments)
          .innerJoin(platforms, eq(platforms.id, payments.platformId))
          .where(eq(platforms.userId, actor.merchantId))
          .orderBy(desc(payments.createdAt))
          .limit(15)
      : [],
    can(actor, 'payouts')
      ? db
          .select({ id: payouts.id, amount: payouts.amount, currency: payouts.currency, state: payouts.state, requestedAt: payouts.requestedAt })
          .from(payouts)
          .where(eq(payouts.merchantId, actor.merchantId))
          .orderBy(desc(payouts.requestedAt))
          .limit(15)
      : [],
    db.select({ id: platforms.id, name: platforms.name }).from(platforms).where(eq(platforms.userId, actor.merchantId)).orderBy(platforms.createdAt).limit(50),
  ]);
  return { payments: pays, payouts: outs, platforms: plats };
}

// ------------------------------------------------------------------ moves

/** A member of the business opens a ticket with its first message (and files already uploaded). */
export async function openTicket(db: Db, actor: MerchantActor, input: OpenTicketValues, now = new Date()): Promise<Result<{ id: string; number: number }>> {
  if (!can(actor, 'payments')) return err('roleForbidden');
  // Real time, not `now` (which backdates the SLA clocks in tests and imports).
  const rate = await hit(db, `support:open:${actor.userId}`, OPEN_TICKET_RULE);
  if (!rate.ok) return err('supportTooManyTickets', { minutes: Math.ceil(rate.retryAfterSeconds / 60) });
  const done = none();
  const r = await db
    .transaction(async (tx): Promise<Result<{ id: string; number: number }>> => {
      let aboutId: string | null = null;
      const aboutKind = input.aboutKind || null;
      if (aboutKind) {
        aboutId = await resolveAbout(tx, actor, aboutKind, input.aboutRef);
        if (!aboutId) return fieldErr({ aboutRef: 'supportAboutNotFound' });
      }
      const due = slaDueTimes(input.priority, now);
      const [ticket] = await tx
        .insert(supportTickets)
        .values({
          merchantId: actor.merchantId,
          openedBy: actor.userId,
          department: input.department,
          subject: input.subject,
          priority: input.priority,
          state: 'open',
          aboutKind,
          aboutId,
          createdAt: now,
          lastMessageAt: now,
          waitingSince: now,
          ...due,
        })
        .returning();
      const [message] = await tx
        .insert(supportMessages)
        .values({ ticketId: ticket.id, authorId: actor.userId, side: 'merchant', body: input.message, createdAt: now })
        .returning({ id: supportMessages.id });
      if (!(await claimAttachments(tx, actor, input.attachments, { ticketId: ticket.id, messageId: message.id, merchantId: actor.merchantId }))) {
        tx.rollback();
      }
      await markRead(tx, ticket.id, 'merchant', message.id, now);
      await audit(tx, actor, {
        action: 'open',
        objectType: 'support_ticket',
        objectId: ticket.id,
        after: { department: ticket.department, priority: ticket.priority, about: aboutKind ? `${aboutKind}:${aboutId}` : null },
      });
      if (ticket.priority === 'urgent') done.pending.push(await tellPeople(tx, await staffToTell(tx, null), 'urgentOpened', ticket, staffLink));
      return ok({ id: ticket.id, number: ticket.number });
    })
    .catch((e: unknown) => {
      // tx.rollback() throws to leave the transaction: the files were not the member's to send.
      if (e instanceof TransactionRollbackError) return fieldErr({ attachments: 'supportAttachmentGone' });
      throw e;
    });
  if (r.ok) await after(done);
  return r;
}

/**
 * A message on a ticket. The merchant's: on an active ticket, or on a resolved one within 7 days
 * (which reopens it). Staff's reply: on an active ticket (it is then awaiting the merchant); staff's
 * internal note: on any ticket not closed, moving nothing.
 */
export async function postMessage(
  db: Db,
  actor: MerchantActor | StaffActor,
  input: ReplyValues,
  now = new Date(),
): Promise<Result<{ messageId: string; state: TicketState }>> {
  if (!isUuid(input.ticketId)) return err('notFound');
  if (actor.kind === 'staff') assertStaffMay(actor, 'support');
  else if (!can(actor, 'payments')) return err('roleForbidden');
  const internal = actor.kind === 'staff' && input.internal;
  const done = none();
  const r = await db
    .transaction(async (tx): Promise<Result<{ messageId: string; state: TicketState }>> => {
      const before = await lockTicket(tx, actor, input.ticketId);
      if (!before) return err('notFound');
      const moved = internal
        ? await noteMove(tx, before)
        : actor.kind === 'merchant'
          ? await merchantMove(tx, before, now)
          : await staffMove(tx, actor, before, now);
      if (!moved.ok) return moved;
      const t = moved.data;
      const side: TicketSide = actor.kind === 'merchant' ? 'merchant' : 'staff';
      // Stamped under the ticket's lock (held to the commit), after every message already stored on
      // it: readers resume from a (created_at, id) cursor, so a message must never sort before one
      // committed ahead of it. `now` was taken before the lock; a writer that waited behind another
      // would otherwise store an earlier time, after a reader's cursor had passed it for good.
      const [message] = await tx
        .insert(supportMessages)
        .values({
          ticketId: t.id,
          authorId: actor.userId,
          side,
          internal,
          body: input.body,
          createdAt: sql`greatest(${now.toISOString()}::timestamptz, (select max(m.created_at) + interval '1 microsecond' from ${supportMessages} m where m.ticket_id = ${t.id}))`,
        })
        .returning({ id: supportMessages.id });
      if (!(await claimAttachments(tx, actor, input.attachments, { ticketId: t.id, messageId: message.id, merchantId: t.merchantId }))) tx.rollback();
      await markRead(tx, t.id, side, message.id, now);
      // Stored, then announced: NOTIFY inside the transaction is delivered at its commit (never for a
      // rolled-back message), with ids only; every stream re-reads the message through its own reader's query.
      await announce(tx, { t: t.id, k: 'm', id: message.id });
      if (before.state === 'resolved' && t.state !== 'resolved') {
        await audit(tx, actor, {
          action: 'support.reopen',
          objectType: 'support_ticket',
          objectId: t.id,
          merchantId: t.merchantId,
          before: { state: 'resolved' },
          after: { state: t.state },
        });
      }
      if (!internal && actor.kind === 'staff') {
        done.notes.push(
          await notify(tx, {
            userId: t.merchantId,
            category: 'announcement',
            template: 'supportReply',
            params: { number: String(t.number), subject: t.subject },
            link: merchantLink(t.id),
            important: t.priority === 'urgent',
          }),
        );
      }
      if (actor.kind === 'merchant' && t.priority === 'urgent')
        done.pending.push(await tellPeople(tx, await staffToTell(tx, t.assigneeId), 'urgentMessage', t, staffLink));
      return ok({ messageId: message.id, state: t.state });
    })
    .catch((e: unknown) => {
      if (e instanceof TransactionRollbackError) return fieldErr({ attachments: 'supportAttachmentGone' });
      throw e;
    });
  if (r.ok) await after(done);
  return r;
}

/** The ticket, locked for this message, if the actor may write on it (the business's own, or staff). */
async function lockTicket(tx: Tx, actor: MerchantActor | StaffActor, id: string): Promise<SupportTicket | null> {
  const [t] = await tx
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.id, id), actor.kind === 'merchant' ? eq(supportTickets.merchantId, actor.merchantId) : undefined))
    .for('update');
  return t ?? null;
}

async function noteMove(tx: Tx, t: SupportTicket): Promise<Result<SupportTicket>> {
  const [row] = await tx
    .update(supportTickets)
    .set({ state: sql`${supportTickets.state}` })
    .where(and(eq(supportTickets.id, t.id), inArray(supportTickets.state, [...ACTIVE_STATES, 'resolved'])))
    .returning();
  return row ? ok(row) : err('supportClosed');
}

async function merchantMove(tx: Tx, t: SupportTicket, now: Date): Promise<Result<SupportTicket>> {
  const nowIso = now.toISOString();
  // The row is locked (lockTicket): the pause staff's answer began ends now, and the resolution's due
  // instant moves later by the working time it lasted.
  const resumed = t.state === 'awaiting_merchant' && t.pausedAt ? resumeDue(t.resolutionDueAt, t.pausedAt, now) : null;
  const [row] = await tx
    .update(supportTickets)
    .set({
      ...(resumed ? { resolutionDueAt: resumed } : {}),
      pausedAt: null,
      // A ticket nobody answered yet stays new; otherwise the merchant now waits for staff.
      state: sql`case when ${supportTickets.state} = 'open' then 'open' else 'awaiting_staff' end::support_ticket_state`,
      waitingSince: sql`coalesce(${supportTickets.waitingSince}, ${nowIso}::timestamptz)`,
      waitSmsAt: sql`case when ${supportTickets.waitingSince} is null then null else ${supportTickets.waitSmsAt} end`,
      lastMessageAt: now,
      resolvedAt: null,
    })
    .where(
      and(
        eq(supportTickets.id, t.id),
        or(
          inArray(supportTickets.state, [...ACTIVE_STATES]),
          and(eq(supportTickets.state, 'resolved'), gt(supportTickets.resolvedAt, sql`${nowIso}::timestamptz - make_interval(days => ${REOPEN_DAYS})`)),
        ),
      ),
    )
    .returning();
  return row ? ok(row) : err('supportClosed');
}

async function staffMove(tx: Tx, staff: StaffActor, t: SupportTicket, now: Date): Promise<Result<SupportTicket>> {
  const [row] = await tx
    .update(supportTickets)
    .set({
      state: 'awaiting_merchant',
      firstRespondedAt: sql`coalesce(${supportTickets.firstRespondedAt}, ${now.toISOString()}::timestamptz)`,
      waitingSince: null,
      waitSmsAt: null,
      lastMessageAt: now,
      // The resolution clock pauses from staff's first answer until the merchant writes again (./sla.ts).
      pausedAt: sql`coalesce(${supportTickets.pausedAt}, ${now.toISOString()}::timestamptz)`,
      // Picked up: a later live wait of the merchant's counts afresh.
      liveToldAt: null,
      // Whoever answers an unassigned ticket takes it.
      assigneeId: sql`coalesce(${supportTickets.assigneeId}, ${staff.userId}::uuid)`,
    })
    .where(and(eq(supportTickets.id, t.id), inArray(supportTickets.state, [...ACTIVE_STATES])))
    .returning();
  return row ? ok(row) : err('supportNotActive');
}

/** Staff take an unassigned active ticket: of two taking it at once, one wins and the other is told. */
export async function takeTicket(db: Db, staff: StaffActor, ticketId: string): Promise<Result<SupportTicket>> {
  assertStaffMay(staff, 'support');
  if (!isUuid(ticketId)) return err('notFound');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(supportTickets)
      .set({ assigneeId: staff.userId })
      .where(and(eq(supportTickets.id, ticketId), isNull(supportTickets.assigneeId), inArray(supportTickets.state, [...ACTIVE_STATES])))
      .returning();
    if (!row) return err((await exists(tx, ticketId)) ? 'supportTaken' : 'notFound');
    await audit(tx, staff, {
      action: 'support.take',
      objectType: 'support_ticket',
      objectId: row.id,
      merchantId: row.merchantId,
      after: { assigneeId: staff.userId },
    });
    return ok(row);
  });
}

/** Staff hand an active ticket to a colleague who holds the support role (or to themselves). */
export async function assignTicket(db: Db, staff: StaffActor, input: { ticketId: string; assigneeId: string }): Promise<Result<SupportTicket>> {
  assertStaffMay(staff, 'support');
  if (!isUuid(input.ticketId)) return err('notFound');
  const to = input.assigneeId || staff.userId;
  if (!isUuid(to)) return fieldErr({ assigneeId: 'supportNotSupportStaff' });
  return db.transaction(async (tx) => {
    const [holder] = await tx
      .select({ id: staffRoles.userId })
      .from(staffRoles)
      .where(and(eq(staffRoles.userId, to), eq(staffRoles.role, 'support')));
    if (!holder) return fieldErr({ assigneeId: 'supportNotSupportStaff' });
    const [old] = await tx.select({ assigneeId: supportTickets.assigneeId }).from(supportTickets).where(eq(supportTickets.id, input.ticketId));
    const [row] = await tx
      .update(supportTickets)
      .set({ assigneeId: to })
      .where(and(eq(supportTickets.id, input.ticketId), inArray(supportTickets.state, [...ACTIVE_STATES])))
      .returning();
    if (!row) return err(old ? 'supportNotActive' : 'notFound');
    await audit(tx, staff, {
      action: 'support.assign',
      objectType: 'support_ticket',
      objectId: row.id,
      merchantId: row.merchantId,
      before: { assigneeId: old?.assigneeId ?? null },
      after: { assigneeId: to },
    });
    return ok(row);
  });
}

/** Either side marks an active ticket solved; staff resolving tells the merchant, who may then rate it. */
export async function resolveTicket(db: Db, actor: MerchantActor | StaffActor, ticketId: string, now = new Date()): Promise<Result<SupportTicket>> {
  if (!isUuid(ticketId)) return err('notFound');
  if (actor.kind === 'staff') assertStaffMay(actor, 'support');
  else if (!can(actor, 'payments')) return err('roleForbidden');
  const done = none();
  const r = await db.transaction(async (tx): Promise<Result<SupportTicket>> => {
    const [row] = await tx
      .update(supportTickets)
      .set({ state: 'resolved', resolvedAt: now, waitingSince: null, waitSmsAt: null, pausedAt: null })
      .where(
        and(
          eq(supportTickets.id, ticketId),
          inArray(supportTickets.state, [...ACTIVE_STATES]),
          actor.kind === 'merchant' ? eq(supportTickets.merchantId, actor.merchantId) : undefined,
        ),
      )
      .returning();
    if (!row) {
      const [t] = await tx
        .select({ id: supportTickets.id })
        .from(supportTickets)
        .where(and(eq(supportTickets.id, ticketId), actor.kind === 'merchant' ? eq(supportTickets.merchantId, actor.merchantId) : undefined));
      return err(t ? 'supportNotActive' : 'notFound');
    }
    await audit(tx, actor, {
      action: 'support.resolve',
      objectType: 'support_ticket',
      objectId: row.id,
      merchantId: row.merchantId,
      after: { state: 'resolved' },
    });
    if (actor.kind === 'staff') {
      done.notes.push(
        await notify(tx, {
          userId: row.merchantId,
          category: 'announcement',
          template: 'supportResolved',
          params: { number: String(row.number), subject: row.subject },
          link: merchantLink(row.id),
        }),
      );
    }
    return ok(row);
  });
  if (r.ok) await after(done);
  return r;
}

/** The merchant rates the answer of a resolved (or since closed) ticket, once. */
export async function rateTicket(db: Db, actor: MerchantActor, input: { ticketId: string; rating: number; comment: string }): Promise<Result<SupportTicket>> {
  if (!isUuid(input.ticketId)) return err('notFound');
  if (!can(actor, 'payments')) return err('roleForbidden');
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) return fieldErr({ rating: 'supportRating' });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(supportTickets)
      .set({ rating: input.rating, ratingComment: input.comment || null })
      .where(
        and(
          eq(supportTickets.id, input.ticketId),
          eq(supportTickets.merchantId, actor.merchantId),
          inArray(supportTickets.state, ['resolved', 'closed']),
          isNull(supportTickets.rating),
        ),
      )
      .returning();
    if (!row) {
      const [t] = await tx
        .select({ state: supportTickets.state, rating: supportTickets.rating })
        .from(supportTickets)
        .where(and(eq(supportTickets.id, input.ticketId), eq(supportTickets.merchantId, actor.merchantId)));
      return err(!t ? 'notFound' : t.rating ? 'supportRated' : 'supportNotResolved');
    }
    await audit(tx, actor, { action: 'support.rate', objectType: 'support_ticket', objectId: row.id, after: { rating: input.rating } });
    return ok(row);
  });
}

/** Resolved tickets the merchant did not write on within 7 days close (the support sweep). */
export async function closeStaleResolved(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(supportTickets)
      .set({ state: 'closed', closedAt: now })
      .where(
        and(
          eq(supportTickets.state, 'resolved'),
          lte(supportTickets.resolvedAt, sql`${now.toISOString()}::timestamptz - make_interval(days => ${REOPEN_DAYS})`),
        ),
      )
      .returning({ id: supportTickets.id, merchantId: supportTickets.merchantId });
    for (const r of rows) {
      await audit(tx, null, {
        action: 'close',
        objectType: 'support_ticket',
        objectId: r.id,
        merchantId: r.merchantId,
        before: { state: 'resolved' },
        after: { state: 'closed' },
      });
    }
    return rows.length;
  });
}

/**
 * Replies left waiting more than an hour, texted once per wait (the support sweep): a merchant's
 * message staff have not answered goes to the assignee (or support staff); staff's answer the
 * merchant has not read goes to the business's owner.
 */
export async function textWaitingReplies(db: Db, now = new Date()): Promise<number> {
  const hourAgo = sql`${now.toISOString()}::timestamptz - interval '1 hour'`;
  const pending: Pending[] = [];
  const n = await db.transaction(async (tx) => {
    const forStaff = await tx
      .update(supportTickets)
      .set({ waitSmsAt: now })
      .where(and(inArray(supportTickets.state, ['open', 'awaiting_staff']), lte(supportTickets.waitingSince, hourAgo), isNull(supportTickets.waitSmsAt)))
      .returning();
    for (const t of forStaff) pending.push(await tellPeople(tx, await staffToTell(tx, t.assigneeId), 'waitingStaff', t, staffLink));
    const forMerchant = await tx
      .update(supportTickets)
      .set({ waitSmsAt: now })
      .where(
        and(
          eq(supportTickets.state, 'awaiting_merchant'),
          lte(supportTickets.lastMessageAt, hourAgo),
          isNull(supportTickets.waitSmsAt),
          sql`not exists (select 1 from ${supportReads} r where r.ticket_id = ${supportTickets.id} and r.side = 'merchant' and r.last_read_at >= ${supportTickets.lastMessageAt})`,
        ),
      )
      .returning();
    for (const t of forMerchant) pending.push(await tellPeople(tx, [t.merchantId], 'waitingMerchant', t, merchantLink));
    return forStaff.length + forMerchant.length;
  });
  await dispatch(...pending);
  return n;
}

/**
 * Live chats nobody picked up: a merchant wrote while their conversation was open (live) and no
 * staff member answered within LIVE_PICKUP_MINUTES. One conditional update marks the ticket told
 * (`live_told_at is null` is the guard, so of two sweepers one moves it) and, in the same
 * statement, adds the system line that tells the merchant; then it is announced to open streams.
 * Nothing else moves: the ticket keeps its state and its SLA clocks.
 */
export async function tellUnansweredLive(db: Db, now = new Date()): Promise<number> {
  const nowIso = now.toISOString();
  return db.transaction(async (tx) => {
    const moved = await tx.execute<{ id: string }>(sql`
      update ${supportTickets} set live_told_at = ${nowIso}::timestamptz
      where state in ('open', 'awaiting_staff') and live_told_at is null
        and waiting_since <= ${nowIso}::timestamptz - make_interval(mins => ${LIVE_PICKUP_MINUTES})
        and merchant_seen_at >= waiting_since - make_interval(secs => ${LIVE_SEEN_SECONDS})
      returning id`);
    if (moved.length === 0) return 0;
    // A statement of its own, after the update holds the tickets' rows: its snapshot sees every
    // message committed before, and the line is stamped after the newest (as postMessage stamps
    // under the ticket's lock), so a live reader whose cursor passed a message still gets the line.
    const rows = await tx.execute<{ ticket_id: string; id: string }>(sql`
      insert into ${supportMessages} (ticket_id, side, system, body, created_at)
      select t.id, 'staff', true, 'liveMissed',
        greatest(${nowIso}::timestamptz, (select max(m.created_at) + interval '1 microsecond' from ${supportMessages} m where m.ticket_id = t.id))
      from unnest(${`{${moved.map((r) => r.id).join(',')}}`}::uuid[]) as t(id)
      returning ticket_id, id`);
    for (const r of rows) await announce(tx, { t: r.ticket_id, k: 'm', id: r.id });
    return rows.length;
  });
}

/** The worker's support sweep: closes, texts, tells unanswered live chats and removes unsent files; each part runs even if one fails. */
export async function runSupportSweep(db: Db, removeUnclaimed: () => Promise<number>, now = new Date()) {
  const out = { closed: 0, texted: 0, liveTold: 0, removed: 0 };
  const failures: unknown[] = [];
  for (const [k, f] of [
    ['liveTold', () => tellUnansweredLive(db, now)],
    ['closed', () => closeStaleResolved(db, now)],
    ['texted', () => textWaitingReplies(db, now)],
    ['removed', removeUnclaimed],
  ] as const) {
    try {
      out[k] = await f();
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) throw new AggregateError(failures, 'support sweep failed');
  return out;
}

// ------------------------------------------------------------------ read receipts

/** Records that `side` has read the ticket up to `messageId` (never backwards). */
export async function markRead(db: DbOrTx, ticketId: string, side: TicketSide, messageId: string | null, now = new Date()) {
  await db
    .insert(supportReads)
    .values({ ticketId, side, lastReadAt: now, lastMessageId: messageId })
    .onConflictDoUpdate({
      target: [supportReads.ticketId, supportReads.side],
      set: { lastReadAt: now, lastMessageId: messageId },
      setWhere: sql`${supportReads.lastReadAt} <= ${now.toISOString()}::timestamptz`,
    });
}

async function exists(tx: DbOrTx, id: string) {
  const [t] = await tx.select({ id: supportTickets.id }).from(supportTickets).where(eq(supportTickets.id, id));
  return !!t;
}
