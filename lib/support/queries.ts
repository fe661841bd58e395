import { aliasedTable, and, asc, desc, eq, inArray, isNull, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import {
  kycProfiles,
  merchants,
  payments,
  payouts,
  platforms,
  staffRoles,
  supportAttachments,
  supportMessages,
  supportReads,
  supportTickets,
  users,
  type SupportMessage,
  type SupportTicket,
  type TicketSide,
} from '@/db/schema';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { assertStaffMay, canStaff } from '@/lib/staff/permissions';
import { can } from '@/lib/teams/permissions';
import { isUuid } from '@/lib/validation/ids';
import { LIVE_SEEN_SECONDS, markRead } from './index';
import type { QueueFilters } from './schemas';

/**
 * Reads of tickets. A merchant's reads are scoped to their business in SQL and never select an
 * internal note (`internal = false` is in every merchant query, not a filter applied afterwards).
 */

export type TicketMessage = Pick<SupportMessage, 'id' | 'side' | 'internal' | 'system' | 'body' | 'createdAt'> & {
  authorName: string | null;
  attachments: { id: string; name: string; contentType: string; size: number }[];
};

export type Conversation = {
  ticket: SupportTicket;
  messages: TicketMessage[];
  /** When the other side last read the ticket (the "seen" ticks), and when this side had before now. */
  otherReadAt: Date | null;
  ownReadAt: Date | null;
};

const author = aliasedTable(users, 'author');
const owner = aliasedTable(users, 'owner');

/** Which messages of a ticket to read: all, those after one (by the conversation's order), or some by id. */
export type MessagesOnly = { afterId?: string | null; ids?: string[] };

/** A ticket's messages as `side` sees them; `withInternal` only for staff. The one reader of the page, the stream and the poll. */
async function readMessages(db: DbOrTx, ticketId: string, side: TicketSide, withInternal: boolean, only: MessagesOnly = {}): Promise<TicketMessage[]> {
  const ids = only.ids?.filter(isUuid);
  if (only.ids && !ids?.length) return [];
  const after = only.afterId && isUuid(only.afterId) ? only.afterId : null;
  const rows = await db
    .select({
      id: supportMessages.id,
      side: supportMessages.side,
      internal: supportMessages.internal,
      system: supportMessages.system,
      body: supportMessages.body,
      createdAt: supportMessages.createdAt,
      authorFirst: author.firstName,
      authorLast: author.lastName,
    })
    .from(supportMessages)
    .leftJoin(author, eq(author.id, supportMessages.authorId))
    .where(
      and(
        eq(supportMessages.ticketId, ticketId),
        withInternal ? undefined : eq(supportMessages.internal, false),
        ids ? inArray(supportMessages.id, ids) : undefined,
        after
          ? sql`(${supportMessages.createdAt}, ${supportMessages.id}) > (select m.created_at, m.id from ${supportMessages} m where m.id = ${after} and m.ticket_id = ${ticketId})`
          : undefined,
      ),
    )
    .orderBy(asc(supportMessages.createdAt), asc(supportMessages.id))
    .limit(1000);
  const found = rows.map((r) => r.id);
  const files = found.length
    ? await db
        .select({
          id: supportAttachments.id,
          messageId: supportAttachments.messageId,
          name: supportAttachments.name,
          contentType: supportAttachments.contentType,
          size: supportAttachments.size,
        })
        .from(supportAttachments)
        .where(and(eq(supportAttachments.ticketId, ticketId), inArray(supportAttachments.messageId, found)))
        .orderBy(asc(supportAttachments.createdAt))
    : [];
  return rows.map(({ authorFirst, authorLast, ...m }) => ({
    ...m,
    // The merchant sees "Support" for staff, never a staff member's name.
    authorName: side === 'merchant' && m.side === 'staff' ? null : authorFirst ? `${authorFirst} ${authorLast ?? ''}`.trim() : null,
    attachments: files.filter((f) => f.messageId === m.id).map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: f.size })),
  }));
}

async function conversation(db: DbOrTx, ticket: SupportTicket, side: TicketSide, withInternal: boolean): Promise<Conversation> {
  const messages = await readMessages(db, ticket.id, side, withInternal);
  const reads = await db.select().from(supportReads).where(eq(supportReads.ticketId, ticket.id));
  return {
    ticket,
    messages,
    otherReadAt: reads.find((r) => r.side !== side)?.lastReadAt ?? null,
    ownReadAt: reads.find((r) => r.side === side)?.lastReadAt ?? null,
  };
}

/**
 * The messages of a ticket the actor may read, for the live stream and its polling fallback: the
 * business's own ticket without staff's notes for a merchant member, any ticket with its notes for
 * staff who may read support. Null (nothing at all) for anyone else's ticket.
 */
export async function liveMessages(db: DbOrTx, actor: MerchantActor | StaffActor, ticketId: string, only: MessagesOnly = {}): Promise<TicketMessage[] | null> {
  if (!(await mayReadTicket(db, actor, ticketId))) return null;
  return actor.kind === 'merchant' ? readMessages(db, ticketId, 'merchant', false, only) : readMessages(db, ticketId, 'staff', true, only);
}

/** Whether the actor may read this ticket: the business's own for a member whose role may ask support, any for staff who may read support. */
export async function mayReadTicket(db: DbOrTx, actor: MerchantActor | StaffActor, ticketId: string): Promise<boolean> {
  if (!isUuid(ticketId)) return false;
  if (actor.kind === 'merchant' ? !can(actor, 'payments') : !canStaff(actor, 'support', 'read')) return false;
  const [t] = await db
    .select({ id: supportTickets.id })
    .from(supportTickets)
    .where(and(eq(supportTickets.id, ticketId), actor.kind === 'merchant' ? eq(supportTickets.merchantId, actor.merchantId) : undefined));
  return !!t;
}

/**
 * Merchants waiting for a live answer now: their conversation is open (a heartbeat within
 * LIVE_SEEN_SECONDS), their message is unanswered, and it has not yet been turned into a ticket
 * answered later. Oldest wait first.
 */
export async function listWaitingLive(db: DbOrTx, staff: StaffActor, now = new Date()) {
  assertStaffMay(staff, 'support', 'read');
  const nowIso = now.toISOString();
  return db
    .select({
      id: supportTickets.id,
      number: supportTickets.number,
      subject: supportTickets.subject,
      priority: supportTickets.priority,
      waitingSince: supportTickets.waitingSince,
      merchantName: sql<string>`coalesce(${merchants.name}, ${owner.firstName} || ' ' || ${owner.lastName})`,
    })
    .from(supportTickets)
    .innerJoin(merchants, eq(merchants.id, supportTickets.merchantId))
    .innerJoin(owner, eq(owner.id, supportTickets.merchantId))
    .where(
      and(
        inArray(supportTickets.state, ['open', 'awaiting_staff']),
        isNull(supportTickets.liveToldAt),
        sql`${supportTickets.waitingSince} is not null`,
        sql`${supportTickets.merchantSeenAt} > ${nowIso}::timestamptz - make_interval(secs => ${LIVE_SEEN_SECONDS})`,
      ),
    )
    .orderBy(asc(supportTickets.waitingSince))
    .limit(50);
}

/** The business's own ticket with its messages (never a staff note), marked read by the merchant side; null for anyone else's. */
export async function getMerchantTicket(db: DbOrTx, actor: MerchantActor, id: string, now = new Date()): Promise<Conversation | null> {
  if (!isUuid(id) || !can(actor, 'payments')) return null;
  const [ticket] = await db
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.id, id), eq(supportTickets.merchantId, actor.merchantId)));
  if (!ticket) return null;
  const c = await conversation(db, ticket, 'merchant', false);
  const last = c.messages.at(-1);
  if (last) await markRead(db, ticket.id, 'merchant', last.id, now);
  return c;
}

/** What a ticket's line shows in either list (the merchant's and staff's queue). */
const ticketLine = {
  id: supportTickets.id,
  number: supportTickets.number,
  subject: supportTickets.subject,
  department: supportTickets.department,
  priority: supportTickets.priority,
  state: supportTickets.state,
  createdAt: supportTickets.createdAt,
  lastMessageAt: supportTickets.lastMessageAt,
};

export type MerchantTicketRow = Pick<
  SupportTicket,
  'id' | 'number' | 'subject' | 'department' | 'priority' | 'state' | 'createdAt' | 'lastMessageAt' | 'rating'
> & { unread: boolean };

/** The business's tickets, active first, latest activity first. */
export async function listMerchantTickets(db: DbOrTx, actor: MerchantActor, opts: { limit?: number } = {}): Promise<MerchantTicketRow[]> {
  if (!can(actor, 'payments')) return [];
  return db
    .select({
      ...ticketLine,
      rating: supportTickets.rating,
      // Staff wrote (a reply, not a note) after the merchant side last read it.
      unread: sql<boolean>`exists (
        select 1 from ${supportMessages} m where m.ticket_id = ${supportTickets.id} and m.side = 'staff' and not m.internal
          and m.created_at > coalesce((select r.last_read_at from ${supportReads} r where r.ticket_id = ${supportTickets.id} and r.side = 'merchant'), '-infinity'))`,
    })
    .from(supportTickets)
    .where(eq(supportTickets.merchantId, actor.merchantId))
    .orderBy(sql`case when ${supportTickets.state} in ('resolved', 'closed') then 1 else 0 end`, desc(supportTickets.lastMessageAt))
    .limit(opts.limit ?? 100);
}

// ------------------------------------------------------------------ staff

/** The deadline that runs now: the first answer's until staff answered, then the resolution's. */
const dueNow = sql<Date>`case when ${supportTickets.firstRespondedAt} is null then ${supportTickets.firstResponseDueAt} else ${supportTickets.resolutionDueAt} end`;
const active = sql`${supportTickets.state} in ('open', 'awaiting_staff', 'awaiting_merchant')`;
/** A ticket awaiting the merchant has its clock paused (./sla.ts): never overdue while so. */
const running = sql`${supportTickets.state} in ('open', 'awaiting_staff')`;

export type QueueRow = Pick<
  SupportTicket,
  | 'id'
  | 'number'
  | 'subject'
  | 'department'
  | 'priority'
  | 'state'
  | 'createdAt'
  | 'lastMessageAt'
  | 'waitingSince'
  | 'firstRespondedAt'
  | 'firstResponseDueAt'
  | 'resolutionDueAt'
  | 'pausedAt'
  | 'assigneeId'
  | 'merchantId'
> & { merchantName: string; assigneeName: string | null; unread: boolean };

const assignee = aliasedTable(users, 'assignee');

export const QUEUE_PAGE = 50;

/**
 * Staff's one queue: the filters of the page, overdue tickets first (oldest deadline first), then
 * active ones by deadline, then resolved and closed ones by latest activity.
 */
export async function listQueue(db: DbOrTx, staff: StaffActor, f: QueueFilters, now = new Date(), limit = QUEUE_PAGE): Promise<QueueRow[]> {
  assertStaffMay(staff, 'support', 'read');
  const nowIso = now.toISOString();
  const where: (SQL | undefined)[] = [
    f.department ? eq(supportTickets.department, f.department) : undefined,
    f.priority ? eq(supportTickets.priority, f.priority) : undefined,
    f.state === 'all' ? undefined : f.state === 'active' ? active : eq(supportTickets.state, f.state),
    f.age ? lte(supportTickets.lastMessageAt, sql`${nowIso}::timestamptz - make_interval(hours => ${Number(f.age)})`) : undefined,
    f.assignee === 'me'
      ? eq(supportTickets.assigneeId, staff.userId)
      : f.assignee === 'none'
        ? isNull(supportTickets.assigneeId)
        : f.assignee
          ? eq(supportTickets.assigneeId, f.assignee)
          : undefined,
  ];
  // The page's tickets first, from the tickets alone (the partial queue index for the active
  // states); then their names. Joining before the limit made every state's page join 100 000 rows.
  const page = await db
    .select({ id: supportTickets.id })
    .from(supportTickets)
    .where(and(...where))
    .orderBy(
      sql`case when ${running} and ${dueNow} < ${nowIso}::timestamptz then 0 when ${active} then 1 else 2 end`,
      sql`case when ${active} then ${dueNow} end asc`,
      desc(supportTickets.lastMessageAt),
      asc(supportTickets.id),
    )
    .limit(limit);
  if (page.length === 0) return [];
  const rows: QueueRow[] = await db
    .select({
      ...ticketLine,
      waitingSince: supportTickets.waitingSince,
      firstRespondedAt: supportTickets.firstRespondedAt,
      firstResponseDueAt: supportTickets.firstResponseDueAt,
      resolutionDueAt: supportTickets.resolutionDueAt,
      pausedAt: supportTickets.pausedAt,
      assigneeId: supportTickets.assigneeId,
      merchantId: supportTickets.merchantId,
      merchantName: sql<string>`coalesce(${merchants.name}, ${owner.firstName} || ' ' || ${owner.lastName})`,
      assigneeName: sql<string | null>`${assignee.firstName} || ' ' || ${assignee.lastName}`,
      unread: sql<boolean>`${supportTickets.waitingSince} is not null`,
    })
    .from(supportTickets)
    .innerJoin(merchants, eq(merchants.id, supportTickets.merchantId))
    .innerJoin(owner, eq(owner.id, supportTickets.merchantId))
    .leftJoin(assignee, eq(assignee.id, supportTickets.assigneeId))
    .where(
      inArray(
        supportTickets.id,
        page.map((p) => p.id),
      ),
    );
  const at = new Map<string, number>(page.map((p, i) => [p.id, i] as const));
  return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
}

/** The queue page's daily summary: tickets by state and priority now, overdue ones, and today's (Tehran) opened and resolved. */
export async function queueSummary(db: DbOrTx, staff: StaffActor, now = new Date()) {
  assertStaffMay(staff, 'support', 'read');
  const nowIso = now.toISOString();
  // The start of today in Tehran (UTC+03:30 all year).
  const dayStart = sql`(date_trunc('day', ${nowIso}::timestamptz at time zone 'Asia/Tehran') at time zone 'Asia/Tehran')`;
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${supportTickets.state} = 'open')::int`,
      awaitingStaff: sql<number>`count(*) filter (where ${supportTickets.state} = 'awaiting_staff')::int`,
      awaitingMerchant: sql<number>`count(*) filter (where ${supportTickets.state} = 'awaiting_merchant')::int`,
      urgent: sql<number>`count(*) filter (where ${active} and ${supportTickets.priority} = 'urgent')::int`,
      normal: sql<number>`count(*) filter (where ${active} and ${supportTickets.priority} = 'normal')::int`,
      overdue: sql<number>`count(*) filter (where ${running} and ${dueNow} < ${nowIso}::timestamptz)::int`,
      unassigned: sql<number>`count(*) filter (where ${active} and ${supportTickets.assigneeId} is null)::int`,
    })
    .from(supportTickets)
    .where(active);
  // Two index ranges (created_at, resolved_at), never a scan of every ticket ever opened.
  const [[opened], [resolved]] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(supportTickets)
      .where(sql`${supportTickets.createdAt} >= ${dayStart}`),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(supportTickets)
      .where(sql`${supportTickets.resolvedAt} >= ${dayStart}`),
  ]);
  return { ...row, openedToday: opened.n, resolvedToday: resolved.n };
}

/** A ticket for staff: every message, internal notes included, marked read by the staff side. */
export async function getStaffTicket(db: DbOrTx, staff: StaffActor, id: string, now = new Date()): Promise<Conversation | null> {
  assertStaffMay(staff, 'support', 'read');
  if (!isUuid(id)) return null;
  const [ticket] = await db.select().from(supportTickets).where(eq(supportTickets.id, id));
  if (!ticket) return null;
  const c = await conversation(db, ticket, 'staff', true);
  const last = c.messages.filter((m) => !m.internal).at(-1);
  // Only a staff member who may write there marks it read (the auditor only looks).
  if (last && staff.roles.includes('support')) await markRead(db, ticket.id, 'staff', last.id, now);
  return c;
}

/**
 * What staff see beside the conversation: the business, its customer information state, its
 * platforms, its latest payments and payouts, and the object the ticket is about.
 */
export async function merchantContext(db: DbOrTx, staff: StaffActor, ticket: Pick<SupportTicket, 'merchantId' | 'aboutKind' | 'aboutId'>) {
  assertStaffMay(staff, 'support', 'read');
  const m = ticket.merchantId;
  const [[who], [kyc], plats, pays, outs] = await Promise.all([
    db
      .select({ name: merchants.name, firstName: users.firstName, lastName: users.lastName, mobile: users.mobile })
      .from(merchants)
      .innerJoin(users, eq(users.id, merchants.id))
      .where(eq(merchants.id, m)),
    db.select({ status: kycProfiles.status, kind: kycProfiles.kind }).from(kycProfiles).where(eq(kycProfiles.userId, m)),
    db
      .select({ id: platforms.id, name: platforms.name, status: platforms.status, type: platforms.type })
      .from(platforms)
      .where(eq(platforms.userId, m))
      .orderBy(platforms.createdAt)
      .limit(10),
    db
      .select({
        id: payments.id,
        trackingCode: payments.trackingCode,
        amount: payments.amount,
        currency: payments.currency,
        state: payments.state,
        createdAt: payments.createdAt,
      })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(eq(platforms.userId, m))
      .orderBy(desc(payments.createdAt))
      .limit(5),
    db
      .select({ id: payouts.id, amount: payouts.amount, currency: payouts.currency, state: payouts.state, requestedAt: payouts.requestedAt })
      .from(payouts)
      .where(eq(payouts.merchantId, m))
      .orderBy(desc(payouts.requestedAt))
      .limit(5),
  ]);
  let about: { kind: string; id: string; label: string; state: string; amount?: bigint; currency?: string; at?: Date } | null = null;
  if (ticket.aboutKind && ticket.aboutId) {
    const id = ticket.aboutId;
    if (ticket.aboutKind === 'payment') {
      const [p] = await db
        .select({ code: payments.trackingCode, state: payments.state, amount: payments.amount, currency: payments.currency, at: payments.createdAt })
        .from(payments)
        .where(eq(payments.id, id));
      if (p) about = { kind: 'payment', id, label: p.code, state: p.state, amount: p.amount, currency: p.currency, at: p.at };
    } else if (ticket.aboutKind === 'payout') {
      const [p] = await db
        .select({ state: payouts.state, amount: payouts.amount, currency: payouts.currency, at: payouts.requestedAt })
        .from(payouts)
        .where(eq(payouts.id, id));
      if (p) about = { kind: 'payout', id, label: id.slice(0, 8), state: p.state, amount: p.amount, currency: p.currency, at: p.at };
    } else {
      const [p] = await db.select({ name: platforms.name, state: platforms.status }).from(platforms).where(eq(platforms.id, id));
      if (p) about = { kind: 'platform', id, label: p.name, state: p.state };
    }
  }
  return {
    merchant: who ? { id: m, name: who.name || `${who.firstName} ${who.lastName}`, mobile: who.mobile } : { id: m, name: '', mobile: '' },
    kycStatus: kyc?.status ?? null,
    platforms: plats,
    payments: pays,
    payouts: outs,
    about,
  };
}

/** Staff who may be given tickets: those holding the support role. */
export async function supportStaff(db: DbOrTx, staff: StaffActor) {
  assertStaffMay(staff, 'support', 'read');
  return db
    .select({ id: users.id, name: sql<string>`${users.firstName} || ' ' || ${users.lastName}` })
    .from(staffRoles)
    .innerJoin(users, eq(users.id, staffRoles.userId))
    .where(and(eq(staffRoles.role, 'support'), eq(users.role, 'admin')))
    .orderBy(users.firstName)
    .limit(200);
}

/** A merchant's own tickets as staff see them beside a conversation (the others of that business). */
export async function otherTicketsOf(db: DbOrTx, staff: StaffActor, merchantId: string, exceptId: string) {
  assertStaffMay(staff, 'support', 'read');
  return db
    .select({ id: supportTickets.id, number: supportTickets.number, subject: supportTickets.subject, state: supportTickets.state })
    .from(supportTickets)
    .where(and(eq(supportTickets.merchantId, merchantId), ne(supportTickets.id, exceptId)))
    .orderBy(desc(supportTickets.lastMessageAt))
    .limit(5);
}
