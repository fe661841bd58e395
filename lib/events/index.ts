import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { tehranInstant } from '@/lib/date/tehran';
import { events, type CalendarEvent } from '@/db/schema';
import { env } from '@/lib/env';
import { getBoss, QUEUES } from '@/lib/jobs/boss';
import { afterNotify, notify } from '@/lib/messages';
import { isUuid } from '@/lib/validation/ids';
import type { EventValues } from '@/lib/validation/messages';

export { tehranInstant };

export type EventResult = { ok: true; event: CalendarEvent } | { ok: false; error: 'notFound' } | { ok: false; field: 'remind'; error: 'reminderPast' };

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
  try {
    const boss = await getBoss(env().DATABASE_URL);
    // On time to the second; the minutely sweep is the safety net if this is lost.
    await boss.send(
      QUEUES.reminder,
      { id: event.id },
      { startAfter: event.remindAt, retryLimit: 3, singletonKey: `${event.id}:${event.remindAt.toISOString()}` },
    );
  } catch (err) {
    console.error('[events] could not schedule the reminder, the sweep will send it:', (err as Error).message);
  }
}

export async function createEvent(db: Db, userId: string, v: EventValues, now = new Date()): Promise<EventResult> {
  const r = rowOf(v, now);
  if ('error' in r) return { ok: false, field: 'remind', error: 'reminderPast' };
  const [event] = await db
    .insert(events)
    .values({ userId, ...r.row })
    .returning();
  await scheduleReminder(event);
  return { ok: true, event };
}

/** Edits the merchant's own event; a changed reminder time is sent again (once). */
export async function updateEvent(db: Db, userId: string, id: string, v: EventValues, now = new Date()): Promise<EventResult> {
  if (!isUuid(id)) return { ok: false, error: 'notFound' };
  const r = rowOf(v, now);
  if ('error' in r) return { ok: false, field: 'remind', error: 'reminderPast' };
  const [event] = await db
    .update(events)
    .set({
      ...r.row,
      updatedAt: new Date(),
      remindedAt: sql`case when ${events.remindAt} is not distinct from ${r.row.remindAt?.toISOString() ?? null}::timestamptz then ${events.remindedAt} else null end`,
    })
    .where(and(eq(events.id, id), eq(events.userId, userId)))
    .returning();
  if (!event) return { ok: false, error: 'notFound' };
  await scheduleReminder(event);
  return { ok: true, event };
}

export async function deleteEvent(db: Db, userId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db
    .delete(events)
    .where(and(eq(events.id, id), eq(events.userId, userId)))
    .returning({ id: events.id });
  return rows.length === 1;
}

export async function getEvent(db: Db, userId: string, id: string): Promise<CalendarEvent | null> {
  if (!isUuid(id)) return null;
  const [e] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, id), eq(events.userId, userId)));
  return e ?? null;
}

export const EVENTS_PAGE = 20;

/** Upcoming (not yet ended, soonest first) or past (latest first). */
export async function listEvents(db: Db, userId: string, when: 'upcoming' | 'past', page = 1, now = new Date()) {
  const ended = sql`coalesce(${events.endsAt}, ${events.startsAt}) < ${now.toISOString()}::timestamptz`;
  const where = and(eq(events.userId, userId), when === 'past' ? ended : sql`not (${ended})`);
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
export async function eventsBetween(db: Db, userId: string, from: Date, to: Date) {
  return db
    .select()
    .from(events)
    .where(and(eq(events.userId, userId), gte(events.startsAt, from), lt(events.startsAt, to)))
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
