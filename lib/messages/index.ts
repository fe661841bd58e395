import { and, count, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import type { Db, DbOrTx } from '@/db';
import { broadcasts, messages, users, type BroadcastTarget, type Message } from '@/db/schema';
import { assertStaff, type MerchantActor, ownedBy, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { formatDate } from '@/lib/date/format';
import { env } from '@/lib/env';
import { formatAmount } from '@/lib/money';
import type { Locale } from '@/lib/i18n/config';
import { QUEUES } from '@/lib/jobs/boss';
import { handToQueue } from '@/lib/jobs/hand-to-queue';
import { emailLocale } from '@/lib/email/texts';
import { dispatch, portalUrl, recordNotice } from '@/lib/notify';
import { ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import type { ComposeValues, InboxFilters, InboxOpInput } from '@/lib/validation/messages';
import { resolveTarget } from './compose';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { ownedRow } from '@/lib/owned-row';

export type { BroadcastTarget, Message };
export type Category = Message['category'];
export type Template =
  | 'kycApproved'
  | 'kycRejected'
  | 'kycSuspended'
  | 'kycReinstated'
  | 'platformApproved'
  | 'platformRejected'
  | 'settlementDone'
  | 'webhookFailing'
  | 'eventReminder'
  | 'payoutRequested'
  | 'payoutApproved'
  | 'payoutSent'
  | 'payoutPaid'
  | 'payoutReturned'
  | 'payoutRejected'
  | 'payoutCanceled'
  | 'bankAccountAdded'
  | 'bankAccountApproved'
  | 'bankAccountRejected'
  | 'refundSucceeded'
  | 'disputeOpened'
  | 'disputeWon'
  | 'disputeLost'
  | 'payerInquiry'
  | 'supportReply'
  | 'supportResolved';

const faT = createTranslator({ locale: 'fa', messages: fa, namespace: 'inbox.templates' });
const enT = createTranslator({ locale: 'en', messages: en, namespace: 'inbox.templates' });
const trT = createTranslator({ locale: 'tr', messages: tr as unknown as typeof en, namespace: 'inbox.templates' });

/** Template values as shown: an instant `at` becomes `when`, a date in the reader's calendar. */
export function templateValues(params: Record<string, string>, locale: Locale): Record<string, string> {
  const v = { ...params };
  if (params.at) v.when = formatDate(new Date(params.at), locale, { time: true });
  if (params.rials) v.amount = formatAmount(BigInt(params.rials), locale, 'rial');
  return v;
}

/** The Persian title and body of a system message (stored for search and used for SMS). */
export function renderTemplate(template: Template, params: Record<string, string>) {
  return renderTemplateIn(faT, template, params, 'fa');
}

function renderTemplateIn(t: typeof faT, template: Template, params: Record<string, string>, locale: Locale) {
  const v = templateValues(params, locale);
  return { title: t(`${template}.title`, v), body: t(`${template}.body`, v) };
}

export type Notice = {
  userId: string;
  category: Category;
  template: Template;
  params?: Record<string, string>;
  link?: string;
  /** Also texted to the merchant. */
  important?: boolean;
  /** At most one message per merchant with this key (reminders, daily webhook warnings). */
  dedupeKey?: string;
};

/** Pass to `afterNotify` once the transaction commits: the SMS and e-mail of an important message. */
export type Notified = { messageId: string | null; smsId: string | null; emailId: string | null };

/**
 * Puts a system message in a merchant's inbox, inside the caller's transaction. An important one
 * also goes out through lib/notify (SMS to an Iranian mobile, e-mail in the person's language
 * where there is an address); returns those to enqueue once the transaction commits.
 */
export async function notify(tx: DbOrTx, n: Notice): Promise<Notified> {
  const params = n.params ?? {};
  const { title, body } = renderTemplate(n.template, params);
  const [row] = await tx
    .insert(messages)
    .values({
      userId: n.userId,
      source: 'system',
      category: n.category,
      template: n.template,
      params,
      title,
      body,
      link: n.link ?? null,
      important: !!n.important,
      dedupeKey: n.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  if (!row) return { messageId: null, smsId: null, emailId: null };
  if (!n.important) return { messageId: row.id, smsId: null, emailId: null };
  const [owner] = await tx.select({ mobile: users.mobile, email: users.email, locale: users.locale }).from(users).where(eq(users.id, n.userId));
  if (!owner) return { messageId: row.id, smsId: null, emailId: null };
  const lang = emailLocale(owner.locale);
  const inOwnLanguage = lang === 'fa' ? { title, body } : renderTemplateIn(lang === 'tr' ? trT : enT, n.template, params, lang);
  const sent = await recordNotice(tx, owner, {
    sms: `${title}\n${body}`.slice(0, 600),
    email: { key: 'message', values: { ...inOwnLanguage, link: n.link ? portalUrl(n.link) : '' } },
  });
  return { messageId: row.id, smsId: sent.sms[0] ?? null, emailId: sent.email[0] ?? null };
}

/** Escapes LIKE wildcards so a search for `50%` means the text "50%". */
function likeText(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const INBOX_PAGE = 20;

function inboxWhere(actor: MerchantActor, f: InboxFilters): SQL | undefined {
  return and(
    ownedBy(actor, messages.userId),
    f.box === 'archive' ? isNotNull(messages.archivedAt) : isNull(messages.archivedAt),
    f.category !== 'all' ? eq(messages.category, f.category) : undefined,
    f.unread === '1' ? isNull(messages.readAt) : undefined,
    f.q ? or(ilike(messages.title, likeText(f.q)), ilike(messages.body, likeText(f.q))) : undefined,
  );
}

/** One page of a merchant's messages, newest first, and how many match. */
export async function listMessages(db: DbOrTx, actor: MerchantActor, f: InboxFilters) {
  const where = inboxWhere(actor, f);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(messages)
      .where(where)
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(INBOX_PAGE)
      .offset((f.page - 1) * INBOX_PAGE),
    db.select({ total: count() }).from(messages).where(where),
  ]);
  return { rows, total };
}

/** Unread messages still in the inbox (the sidebar's badge). */
export async function unreadCount(db: DbOrTx, actor: MerchantActor): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(ownedBy(actor, messages.userId), isNull(messages.readAt), isNull(messages.archivedAt)));
  return n;
}

/**
 * The unread count with the database time it was counted at (ms): the sidebar's badge keeps the
 * newest of the layout's count and the message page's (components/shell/nav-badge.tsx). The time is
 * the statement's start, when its snapshot was taken — `clock_timestamp()` is read later, so a count
 * from an older snapshot could carry a newer time and win.
 */
export async function unreadCountNow(db: DbOrTx, actor: MerchantActor): Promise<{ count: number; at: number }> {
  const [r] = await db
    .select({ count: count(), at: sql<number>`(extract(epoch from statement_timestamp()) * 1000)::float8` })
    .from(messages)
    .where(and(ownedBy(actor, messages.userId), isNull(messages.readAt), isNull(messages.archivedAt)));
  return { count: r.count, at: Number(r.at) };
}

/**
 * A merchant's own message, marked read as it is opened; another merchant's id gets null.
 * `wasUnread` tells the page to refresh the sidebar's count, which renders alongside it.
 */
export async function openMessage(db: DbOrTx, actor: MerchantActor, id: string): Promise<{ message: Message; wasUnread: boolean } | null> {
  const m = await ownedRow(db, actor, messages, id);
  if (!m) return null;
  if (m.readAt) return { message: m, wasUnread: false };
  const [read] = await db
    .update(messages)
    .set({ readAt: sql`coalesce(${messages.readAt}, now())` })
    .where(and(eq(messages.id, id), ownedBy(actor, messages.userId)))
    .returning();
  return { message: read ?? m, wasUnread: true };
}

export type InboxOp = 'read' | 'unread' | 'archive' | 'unarchive';

/** Applies an operation to some of the merchant's own messages; ids of others are ignored. */
export async function updateMessages(db: DbOrTx, actor: MerchantActor, input: { ids: string[]; op: InboxOp }): Promise<number> {
  const { op } = input;
  const own = input.ids.filter(isUuid).slice(0, 200);
  if (!own.length) return 0;
  const set =
    op === 'read'
      ? { readAt: sql`coalesce(${messages.readAt}, now())` }
      : op === 'unread'
        ? { readAt: null }
        : op === 'archive'
          ? { archivedAt: sql`coalesce(${messages.archivedAt}, now())`, readAt: sql`coalesce(${messages.readAt}, now())` }
          : { archivedAt: null };
  const rows = await db
    .update(messages)
    .set(set)
    .where(and(ownedBy(actor, messages.userId), inArray(messages.id, own)))
    .returning({ id: messages.id });
  return rows.length;
}

export async function markAllRead(db: DbOrTx, actor: MerchantActor): Promise<number> {
  const rows = await db
    .update(messages)
    .set({ readAt: sql`now()` })
    .where(and(ownedBy(actor, messages.userId), isNull(messages.readAt), isNull(messages.archivedAt)))
    .returning({ id: messages.id });
  return rows.length;
}

/** The inbox's buttons: the pressed one's operation on the ticked messages, or all read. */
export async function applyInboxOp(db: DbOrTx, actor: MerchantActor, input: InboxOpInput): Promise<Result<{ changed: number }>> {
  const changed = input.op === 'allRead' ? await markAllRead(db, actor) : await updateMessages(db, actor, { ids: input.id, op: input.op });
  return ok({ changed });
}

// ---------------------------------------------------------------------------------------------
// Staff broadcasts

/** The merchants a target reaches, as a condition on `users` (aliased `u`). */
function targetCondition(target: BroadcastTarget): SQL {
  switch (target.kind) {
    case 'all':
      return sql`true`;
    case 'merchant':
      return sql`u.id = ${target.userId}::uuid`;
    case 'service':
      return sql`exists (select 1 from merchant_services ms where ms.user_id = u.id and ms.service_id = ${target.serviceId} and ms.status <> 'suspended')`;
    case 'kyc':
      return target.status === 'none'
        ? sql`not exists (select 1 from kyc_profiles k where k.user_id = u.id)`
        : sql`exists (select 1 from kyc_profiles k where k.user_id = u.id and k.status = ${target.status}::kyc_status)`;
    case 'province':
      return sql`exists (select 1 from kyc_profiles k where k.user_id = u.id and coalesce(k.approved_identity, k.identity) ->> 'province' = ${target.province})`;
  }
}

/** How many merchants a target reaches now (the preview's count). */
export async function countRecipients(db: DbOrTx, actor: StaffActor, target: BroadcastTarget): Promise<number> {
  assertStaff(actor);
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from users u where u.role = 'merchant' and ${targetCondition(target)}`);
  return rows[0].n;
}

/** The compose form's preview: how many merchants the message would reach now. */
export async function previewBroadcast(db: DbOrTx, actor: StaffActor, input: ComposeValues): Promise<Result<{ recipients: number }>> {
  assertStaff(actor);
  const target = await resolveTarget(db, input);
  if (!target.ok) return target;
  return ok({ recipients: await countRecipients(db, actor, target.data) });
}

/** The compose form's send: records the message and queues it; the worker writes the inboxes. */
export async function composeBroadcast(db: Db, actor: StaffActor, input: ComposeValues): Promise<Result<{ id: string }>> {
  assertStaffMay(actor, 'messages');
  const target = await resolveTarget(db, input);
  if (!target.ok) return target;
  const id = await createBroadcast(db, actor, { title: input.title, body: input.body, link: input.link || null, sms: input.sms, target: target.data });
  return ok({ id });
}

/** Records a broadcast and hands it to the worker; the page returns at once. */
export async function createBroadcast(
  db: Db,
  actor: StaffActor,
  input: { title: string; body: string; link: string | null; sms: boolean; target: BroadcastTarget },
): Promise<string> {
  assertStaffMay(actor, 'messages');
  const [row] = await db
    .insert(broadcasts)
    .values({ authorId: actor.userId, title: input.title, body: input.body, link: input.link, sms: input.sms, target: input.target })
    .returning({ id: broadcasts.id });
  await enqueueBroadcast(row.id);
  return row.id;
}

/** The worker's sweep sends broadcasts left queued, so a failure here loses nothing. */
export async function enqueueBroadcast(id: string): Promise<void> {
  await handToQueue('[messages] could not enqueue broadcast, the sweep will:', (boss) =>
    boss.send(QUEUES.broadcast, { id }, { retryLimit: 5, retryDelay: 10, retryBackoff: true, singletonKey: id }),
  );
}

/**
 * Writes one inbox row per recipient with a single INSERT … SELECT (a broadcast to 100 000
 * merchants is one statement), and their SMS if asked. Safe to run again: the unique
 * (broadcast, user) key makes a second run add nothing.
 */
export async function sendBroadcast(db: Db, id: string): Promise<{ recipients: number; sms: string[] } | null> {
  const result = await db.transaction(async (tx) => {
    const [b] = await tx
      .update(broadcasts)
      .set({ state: 'sending' })
      .where(and(eq(broadcasts.id, id), inArray(broadcasts.state, ['queued', 'sending'])))
      .returning();
    if (!b) return null;
    await tx.execute(sql`
      insert into messages (user_id, broadcast_id, source, category, title, body, link, important)
      select u.id, ${b.id}::uuid, 'staff', 'announcement', ${b.title}, ${b.body}, ${b.link}, ${b.sms}
      from users u where u.role = 'merchant' and ${targetCondition(b.target)}
      on conflict do nothing`);
    let sms: string[] = [];
    if (b.sms) {
      const text = `${b.title}\n${b.body}`.slice(0, 600);
      const rows = await tx.execute<{ id: string }>(sql`
        insert into sms_messages (mobile, body, provider)
        select u.mobile, ${text}, ${env().SMS_PROVIDER}
        from messages m join users u on u.id = m.user_id
        where m.broadcast_id = ${b.id}::uuid
        returning id`);
      sms = rows.map((r) => r.id);
    }
    const [{ n }] = await tx.select({ n: count() }).from(messages).where(eq(messages.broadcastId, b.id));
    await tx.update(broadcasts).set({ state: 'sent', recipients: n, sentAt: new Date() }).where(eq(broadcasts.id, b.id));
    return { recipients: n, sms };
  });
  if (result?.sms.length) {
    // Hand the texts to the SMS queue in batches; any not handed over are picked up by the requeue job.
    const sms = result.sms;
    await handToQueue('[messages] could not enqueue broadcast SMS, the requeue job will:', async (boss) => {
      for (let i = 0; i < sms.length; i += 1000) {
        await boss.insert(
          sms.slice(i, i + 1000).map((smsId) => ({ name: QUEUES.smsSend, data: { id: smsId }, retryLimit: 5, retryDelay: 5, retryBackoff: true })),
        );
      }
    });
  }
  return result;
}

/** Broadcasts left queued (the enqueue failed) are sent by the worker's sweep. */
export async function pendingBroadcasts(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: broadcasts.id })
    .from(broadcasts)
    .where(and(inArray(broadcasts.state, ['queued', 'sending']), sql`${broadcasts.createdAt} < now() - interval '1 minute'`));
  return rows.map((r) => r.id);
}

/** Staff's list: newest first, with how many recipients have read each (counted for the page only). */
export async function listBroadcasts(db: DbOrTx, actor: StaffActor, page = 1) {
  assertStaff(actor);
  const rows = await db
    .select({
      id: broadcasts.id,
      title: broadcasts.title,
      target: broadcasts.target,
      state: broadcasts.state,
      sms: broadcasts.sms,
      recipients: broadcasts.recipients,
      createdAt: broadcasts.createdAt,
      sentAt: broadcasts.sentAt,
      author: sql<string | null>`(select u.first_name || ' ' || u.last_name from users u where u.id = ${broadcasts.authorId})`,
    })
    .from(broadcasts)
    .orderBy(desc(broadcasts.createdAt))
    .limit(20)
    .offset((page - 1) * 20);
  const counts = rows.length
    ? await db
        .select({ id: messages.broadcastId, read: sql<number>`count(*) filter (where ${messages.readAt} is not null)::int` })
        .from(messages)
        .where(
          inArray(
            messages.broadcastId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(messages.broadcastId)
    : [];
  const readOf = new Map(counts.map((c) => [c.id, c.read]));
  const [{ total }] = await db.select({ total: count() }).from(broadcasts);
  return { rows: rows.map((r) => ({ ...r, read: readOf.get(r.id) ?? 0 })), total };
}

export async function readCount(db: DbOrTx, actor: StaffActor, broadcastId: string): Promise<{ recipients: number; read: number }> {
  assertStaff(actor);
  const [r] = await db
    .select({ recipients: count(), read: sql<number>`count(*) filter (where ${messages.readAt} is not null)::int` })
    .from(messages)
    .where(eq(messages.broadcastId, broadcastId));
  return r;
}

/** Hands the SMS and e-mail of important system messages to the queue once their transaction committed. */
export async function afterNotify(results: { smsId: string | null; emailId?: string | null }[]): Promise<void> {
  for (const r of results) await dispatch({ sms: r.smsId ? [r.smsId] : [], email: r.emailId ? [r.emailId] : [] });
}
