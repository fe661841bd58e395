import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { tehranInstant } from '@/lib/date/tehran';
import { events, type CalendarEvent } from '@/db/schema';
import { ownedBy, type MerchantActor } from '@/lib/actor';
import { QUEUES } from '@/lib/jobs/boss';
import { handToQueue } from '@/lib/jobs/hand-to-queue';
import { afterNotify, notify } from '@/lib/messages';
import { err, fieldErr, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import type { EventValues, SaveEventValues } from '@/lib/validation/messages';
import { ownedRow } from '@/lib/owned-row';

export { tehranInstant };
export type { CalendarEvent };

/** Refusals: notFound, or reminderPast on the remind field. */
export type EventResult = Result<CalendarEvent>;
const REMINDER_PAST = { remind: 'reminderPast' } as const;

function rowOf(v: EventValues, now: Date) {
  const startsAt = tehranInstant(v.date, v.startTime);
  const endsAt = v.endTime ? tehranInstant(v.date, v.endTime) : null;
  const remindMinutes = v.remind === 'none' ? null : Number(v.remind);
  const remindAt = remindMinutes === null ? null : new Date(startsAt.getTime() - remindMinutes * 60_000);
  // A reminder for something already begun has nothing to remind of.
  if (remindAt && startsAt <= now) return { error: 'reminderPast' as const };
  return {
    row: {
      title: v.title,
      description: v.description,
      startsAt,
      endsAt,
      color: v.color,
      remindMinutes,
      // A reminder whose time has passed but whose event is still ahead is due, so it goes at once.
      remindAt,
      remindSms: remindMinutes !== null && v.remindSms,
    },
  };
}

async function scheduleReminder(event: CalendarEvent): Promise<void> {
  if (!event.remindAt || event.remindedAt) return;
  const at = event.remindAt;
  // On time to the second; the minutely sweep is the safety net if this is lost.
  await handToQueue('[events] could not schedule the reminder, the sweep will send it:', (boss) =>
    boss.send(QUEUES.reminder, { id: event.id }, { startAfter: at, retryLimit: 3, singletonKey: `${event.id}:${at.toISOString()}` }),
  );
}

export async function createEvent(db: DbOrTx, actor: MerchantActor, v: EventValues, now = new Date()): Promise<EventResult> {
  const r = rowOf(v, now);
  if ('error' in r) return fieldErr(REMINDER_PAST);
  const [event] = await db
    .insert(events)
    .values({ userId: actor.merchantId, ...r.row })
    .returning();
  await scheduleReminder(event);
  return ok(event);
}

/** Edits the merchant's own event; a changed reminder time is sent again (once). */
export async function updateEvent(db: DbOrTx, actor: MerchantActor, input: EventValues & { id: string }, now = new Date()): Promise<EventResult> {
  const { id, ...v } = input;
  if (!isUuid(id)) return err('notFound');
  const r = rowOf(v, now);
  if ('error' in r) return fieldErr(REMINDER_PAST);
  const [event] = await db
    .update(events)
    .set({
      ...r.row,
      updatedAt: new Date(),
      remindedAt: sql`case when ${events.remindAt} is not distinct from ${r.row.remindAt?.toISOString() ?? null}::timestamptz then ${events.remindedAt} else null end`,
    })
    .where(and(eq(events.id, id), ownedBy(actor, events.userId)))
    .returning();
  if (!event) return err('notFound');
  await scheduleReminder(event);
  return ok(event);
}

/** The event form's save: a new event (no id) or an edit of the merchant's own; answers its id and day. */
export async function saveEvent(db: DbOrTx, actor: MerchantActor, input: SaveEventValues, now = new Date()): Promise<Result<{ id: string; date: string }>> {
  const { id, ...v } = input;
  const r = id ? await updateEvent(db, actor, { ...v, id }, now) : await createEvent(db, actor, v, now);
  return r.ok ? ok({ id: r.data.id, date: v.date }) : r;
}

export async function deleteEvent(db: DbOrTx, actor: MerchantActor, input: { id: string }): Promise<Result> {
  if (!isUuid(input.id)) return err('notFound');
  const rows = await db
    .delete(events)
    .where(and(eq(events.id, input.id), ownedBy(actor, events.userId)))
    .returning({ id: events.id });
  return rows.length === 1 ? ok() : err('notFound');
}

export async function getEvent(db: DbOrTx, actor: MerchantActor, id: string): Promise<CalendarEvent | null> {
  return ownedRow(db, actor, events, id);
}

export const EVENTS_PAGE = 20;

/** Upcoming (not yet ended, soonest first) or past (latest first). */
export async function listEvents(db: DbOrTx, actor: MerchantActor, f: { when: 'upcoming' | 'past'; page?: number }, now = new Date()) {
  const { when, page = 1 } = f;
  const ended = sql`coalesce(${events.endsAt}, ${events.startsAt}) < ${now.toISOString()}::timestamptz`;
  const where = and(ownedBy(actor, events.userId), when === 'past' ? ended : sql`not (${ended})`);
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(events)
      .where(where)
      .orderBy(when === 'past' ? desc(events.startsAt) : asc(events.startsAt), asc(events.id))
      .limit(EVENTS_PAGE)
      .offset((page - 1) * EVENTS_PAGE),
    db.select({ total: count() }).from(events).where(where),
  ]);
  return { rows, total };
}

/** The merchant's events starting in [from, to). */
export async function eventsBetween(db: DbOrTx, actor: MerchantActor, f: { from: Date; to: Date }) {
  return db
    .select()
    .from(events)
    .where(and(ownedBy(actor, events.userId), gte(events.startsAt, f.from), lt(events.startsAt, f.to)))
    .orderBy(asc(events.startsAt));
}

/**
 * Sends due reminders: each event is claimed by a conditional update and its message written in
 * the same transaction, so a reminder goes exactly once however many jobs run at the same time.
 */
export async function sendDueReminders(db: Db, now = new Date(), only?: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const results = await db.transaction(async (tx) => {
      const claimed = await tx
        .update(events)
        .set({ remindedAt: now })
        .where(
          sql`${events.id} in (select id from events where remind_at <= ${now.toISOString()}::timestamptz and reminded_at is null ${only ? sql`and id = ${only}::uuid` : sql``} order by remind_at limit 100 for update skip locked)`,
        )
        .returning();
      const out = [];
      for (const e of claimed) {
        out.push(
          await notify(tx, {
            userId: e.userId,
            category: 'reminder',
            template: 'eventReminder',
            params: { title: e.title, at: e.startsAt.toISOString() },
            link: `/events/${e.id}`,
            important: e.remindSms,
            dedupeKey: `reminder:${e.id}:${e.remindAt!.toISOString()}`,
          }),
        );
      }
      return out;
    });
    await afterNotify(results);
    sent += results.filter((r) => r.messageId).length;
    if (results.length < 100 || only) return sent;
  }
}
