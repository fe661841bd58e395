import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events, messages, smsMessages } from '@/db/schema';
import { eventSchema, type EventInput } from '@/lib/validation/messages';
import { testDb } from '@/test/db';
import { makeMerchant } from '@/test/fixtures';
import { actorOf, type MerchantActor } from '@/lib/actor';
import { createEvent, deleteEvent, eventsBetween, getEvent, listEvents, sendDueReminders, tehranInstant, updateEvent } from './index';

const db = testDb();
const merchant = async () => {
  const u = await makeMerchant(db);
  return Object.assign(u, { actor: actorOf(u) as MerchantActor });
};

const input = (over: Partial<EventInput> = {}): EventInput => ({
  title: 'Meet the bank',
  description: '',
  date: '2030-01-15',
  startTime: '10:00',
  endTime: '11:30',
  color: 'blue',
  remind: 'none',
  remindSms: false,
  ...over,
});
const values = (over: Partial<EventInput> = {}) => eventSchema.parse(input(over));

describe('events', () => {
  it('keeps Tehran wall-clock times', () => {
    expect(tehranInstant('2030-01-15', '10:00').toISOString()).toBe('2030-01-15T06:30:00.000Z');
    expect(tehranInstant('2030-01-15', '02:00').toISOString()).toBe('2030-01-14T22:30:00.000Z');
  });

  it('are created, listed, edited and deleted by their owner only', async () => {
    const m = await merchant();
    const other = await merchant();
    const now = new Date('2029-12-01T00:00:00Z');
    const r = await createEvent(db, m.actor, values(), now);
    if (!r.ok) throw new Error('not created');
    const past = await createEvent(db, m.actor, values({ date: '2029-11-01', title: 'Old' }), now);
    expect(past.ok).toBe(true);
    expect((await listEvents(db, m.actor, { when: 'upcoming' }, now)).rows.map((e) => e.title)).toEqual(['Meet the bank']);
    expect((await listEvents(db, m.actor, { when: 'past' }, now)).rows.map((e) => e.title)).toEqual(['Old']);
    expect(await eventsBetween(db, m.actor, { from: new Date('2030-01-14T20:30:00Z'), to: new Date('2030-01-15T20:30:00Z') })).toHaveLength(1);

    // Another merchant sees, edits and deletes nothing.
    expect(await getEvent(db, other.actor, r.data.id)).toBeNull();
    expect((await listEvents(db, other.actor, { when: 'upcoming' }, now)).total).toBe(0);
    expect(await eventsBetween(db, other.actor, { from: new Date('2030-01-01'), to: new Date('2030-02-01') })).toEqual([]);
    expect(await updateEvent(db, other.actor, { id: r.data.id, ...values({ title: 'Hacked' }) }, now)).toEqual({ ok: false, error: 'notFound' });
    expect(await deleteEvent(db, other.actor, { id: r.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect((await getEvent(db, m.actor, r.data.id))!.title).toBe('Meet the bank');

    const edited = await updateEvent(db, m.actor, { id: r.data.id, ...values({ title: 'Meet the bank (moved)', startTime: '12:00', endTime: '' }) }, now);
    expect(edited.ok && edited.data.startsAt.toISOString()).toBe('2030-01-15T08:30:00.000Z');
    expect(edited.ok && edited.data.endsAt).toBeNull();
    expect(await deleteEvent(db, m.actor, { id: r.data.id })).toEqual({ ok: true });
    expect(await getEvent(db, m.actor, r.data.id)).toBeNull();
    expect(await getEvent(db, m.actor, 'not-a-uuid')).toBeNull();
  });

  it('refuses bad input with a message per field', () => {
    const issue = (over: Partial<EventInput>) => eventSchema.safeParse(input(over)).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issue({ endTime: '09:00' })).toEqual([['endTime', 'endBeforeStart']]);
    expect(issue({ date: '2030-02-30' })).toEqual([['date', 'dateInvalid']]);
    expect(issue({ date: '1399-01-01' })).toEqual([['date', 'dateOutOfRange']]);
    expect(issue({ date: '9999-12-31' })).toEqual([['date', 'dateOutOfRange']]);
    expect(issue({ description: 'x'.repeat(10_000) })).toEqual([['description', 'tooLong']]);
    expect(issue({ startTime: '25:00' })).toEqual([['startTime', 'timeInvalid']]);
    expect(issue({ title: '   ' })).toEqual([['title', 'required']]);
    expect(issue({ color: 'pink' as never })?.[0][0]).toBe('color');
    // Persian digits are fine.
    expect(eventSchema.parse(input({ date: '۲۰۳۰-۰۱-۱۵', startTime: '۰۹:۳۰', endTime: '' }))).toMatchObject({ date: '2030-01-15', startTime: '09:30' });
  });

  it('refuses an end before the start in the database too', async () => {
    const m = await merchant();
    await expect(
      db.insert(events).values({ userId: m.id, title: 'x', startsAt: new Date('2030-01-01T10:00:00Z'), endsAt: new Date('2030-01-01T09:00:00Z') }),
    ).rejects.toThrow();
    await expect(db.insert(events).values({ userId: m.id, title: 'x', description: 'x'.repeat(2001), startsAt: new Date() })).rejects.toThrow();
  });

  it('refuses a reminder for an event already begun', async () => {
    const m = await merchant();
    const r = await createEvent(db, m.actor, values({ remind: '15' }), new Date('2030-01-15T07:00:00Z'));
    expect(r).toEqual({ ok: false, fieldErrors: { remind: 'reminderPast' } });
  });
});

describe('reminders', () => {
  it('arrive in the inbox (and by SMS if chosen) exactly once, however many jobs run', async () => {
    const m = await merchant();
    const created = await createEvent(db, m.actor, values({ remind: '60', remindSms: true, title: 'Pay rent' }), new Date('2029-12-01T00:00:00Z'));
    if (!created.ok) throw new Error('not created');
    expect(created.data.remindAt!.toISOString()).toBe('2030-01-15T05:30:00.000Z');
    // Not due yet.
    expect(await sendDueReminders(db, new Date('2030-01-15T05:29:00Z'), created.data.id)).toBe(0);
    const due = new Date('2030-01-15T05:30:30Z');
    const sent = await Promise.all([1, 2, 3, 4, 5].map(() => sendDueReminders(db, due, created.data.id)));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sendDueReminders(db, due, created.data.id)).toBe(0);
    const inbox = await db.select().from(messages).where(eq(messages.userId, m.id));
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ category: 'reminder', template: 'eventReminder', important: true, link: `/events/${created.data.id}` });
    expect(inbox[0].title).toContain('Pay rent');
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, m.mobile));
    expect(texts).toHaveLength(1);

    // Moving the event re-arms its reminder, which then goes once more.
    const moved = await updateEvent(
      db,
      m.actor,
      { id: created.data.id, ...values({ remind: '60', remindSms: false, title: 'Pay rent', date: '2030-01-16' }) },
      due,
    );
    expect(moved.ok && moved.data.remindedAt).toBeNull();
    await sendDueReminders(db, new Date('2030-01-16T05:31:00Z'), created.data.id);
    await sendDueReminders(db, new Date('2030-01-16T05:32:00Z'), created.data.id);
    expect(await db.select().from(messages).where(eq(messages.userId, m.id))).toHaveLength(2);
    // An edit that keeps the reminder time does not send it again.
    const same = await updateEvent(
      db,
      m.actor,
      { id: created.data.id, ...values({ remind: '60', title: 'Pay the rent', date: '2030-01-16' }) },
      new Date('2030-01-16T05:40:00Z'),
    );
    expect(same.ok && same.data.remindedAt).not.toBeNull();
  });
});
