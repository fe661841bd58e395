import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, messages, smsMessages, supportMessages, supportTickets, users } from '@/db/schema';
import { paidPayment } from '@/lib/refunds/fixtures';
import { localStorage } from '@/lib/storage';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { PNG } from '@/test/uploads';
import { readAttachment, uploadAttachment } from './attachments';
import { listCannedAnswers, removeCannedAnswer, saveCannedAnswer } from './canned';
import { assignTicket, closeStaleResolved, openTicket, postMessage, rateTicket, resolveTicket, takeTicket, textWaitingReplies } from './index';
import { getMerchantTicket, getStaffTicket, listMerchantTickets, listQueue, queueSummary } from './queries';
import { cannedAnswerSchema, openTicketSchema, queueFiltersSchema, replySchema } from './schemas';
import { slaDueTimes, workingMinutesLeft } from './sla';

const db = testDb();
const storage = localStorage(mkdtempSync(path.join(os.tmpdir(), 'support-files-')));
const PDF = Buffer.from('%PDF-1.4\n%ticket attachment\n');

async function merchant() {
  return merchantActorOf(await makeMerchant(db));
}
async function supportStaff() {
  return staffActorOf(await makeAdmin(db, ['support']), ['support']);
}
const values = (input: Record<string, unknown>) =>
  openTicketSchema.parse({ department: 'technical', subject: 'Callback fails', message: 'Our verify call gets 401.', ...input });
const reply = (input: Record<string, unknown>) => replySchema.parse(input);

async function open(actor: Awaited<ReturnType<typeof merchant>>, input: Record<string, unknown> = {}, now?: Date) {
  const r = await openTicket(db, actor, values(input), now);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

describe('support tickets', () => {
  it('opens a ticket with its first message, SLA clocks and an audit event; staff reply, the merchant sees it in the inbox', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const [row] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(row).toMatchObject({ state: 'open', merchantId: m.merchantId, openedBy: m.userId, priority: 'normal' });
    expect(row.firstResponseDueAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
    const [ev] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, t.id), eq(auditEvents.action, 'open')));
    expect(ev).toMatchObject({ objectType: 'support_ticket', merchantId: m.merchantId });

    const r = await postMessage(db, s, reply({ ticketId: t.id, body: 'Check the signing key.' }));
    expect(r).toMatchObject({ ok: true, data: { state: 'awaiting_merchant' } });
    const [after] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(after.firstRespondedAt).not.toBeNull();
    expect(after.assigneeId).toBe(s.userId);
    const inbox = await db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, m.merchantId), eq(messages.template, 'supportReply')));
    expect(inbox).toHaveLength(1);
    expect(inbox[0].link).toBe(`/support/${t.id}`);

    // The merchant writes back: waiting for staff again.
    expect(await postMessage(db, m, reply({ ticketId: t.id, body: 'Still 401.' }))).toMatchObject({ ok: true, data: { state: 'awaiting_staff' } });
  });

  it('never returns an internal note, or its file, to the merchant', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const file = await uploadAttachment(db, s, { bytes: PDF, name: 'note.pdf' }, storage);
    if (!file.ok) throw new Error('upload');
    const note = await postMessage(db, s, reply({ ticketId: t.id, body: 'SECRET: merchant looks risky', internal: true, attachments: [file.data.id] }));
    expect(note.ok).toBe(true);
    await postMessage(db, s, reply({ ticketId: t.id, body: 'We are on it.' }));
    const seen = await getMerchantTicket(db, m, t.id);
    expect(seen!.messages.map((x) => x.body)).toEqual(['Our verify call gets 401.', 'We are on it.']);
    expect(JSON.stringify(seen)).not.toContain('SECRET');
    expect(seen!.messages.every((x) => !x.internal)).toBe(true);
    expect(await readAttachment(db, m, file.data.id, storage)).toBeNull();
    // Staff see the note, and it moved nothing.
    const staffView = await getStaffTicket(db, s, t.id);
    expect(staffView!.messages.filter((x) => x.internal).map((x) => x.body)).toEqual(['SECRET: merchant looks risky']);
    expect(await readAttachment(db, s, file.data.id, storage)).not.toBeNull();
    // The merchant's list does not count a note as a new reply either.
    const list = await listMerchantTickets(db, m);
    expect(list.find((x) => x.id === t.id)?.unread).toBe(false);
  });

  it("gives nothing of another business's ticket or attachment", async () => {
    const a = await merchant();
    const b = await merchant();
    const file = await uploadAttachment(db, a, { bytes: PNG, name: 'shot.png' }, storage);
    if (!file.ok) throw new Error('upload');
    const t = await open(a, { attachments: [file.data.id] });
    expect(await getMerchantTicket(db, b, t.id)).toBeNull();
    expect(await readAttachment(db, b, file.data.id, storage)).toBeNull();
    expect(await readAttachment(db, a, file.data.id, storage)).not.toBeNull();
    expect(await postMessage(db, b, reply({ ticketId: t.id, body: 'hi' }))).toEqual({ ok: false, error: 'notFound' });
    expect(await resolveTicket(db, b, t.id)).toEqual({ ok: false, error: 'notFound' });
    expect(await rateTicket(db, b, { ticketId: t.id, rating: 1, comment: '' })).toEqual({ ok: false, error: 'notFound' });
    expect((await listMerchantTickets(db, b)).map((x) => x.id)).not.toContain(t.id);
    // B cannot send A's file with its own ticket: refused as a field error, nothing half-saved.
    const other = await uploadAttachment(db, a, { bytes: PNG, name: 'x.png' }, storage);
    if (!other.ok) throw new Error('upload');
    const before = (await listMerchantTickets(db, b)).length;
    expect(await openTicket(db, b, values({ attachments: [other.data.id] }))).toEqual({ ok: false, fieldErrors: { attachments: 'supportAttachmentGone' } });
    expect(await listMerchantTickets(db, b)).toHaveLength(before);
  });

  it('resolves what the ticket is about only among the business own objects', async () => {
    const { merchant: owner, payment } = await paidPayment(db);
    const stranger = await merchant();
    const t = await open(merchantActorOf(owner), { aboutKind: 'payment', aboutRef: payment.trackingCode });
    const [row] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(row).toMatchObject({ aboutKind: 'payment', aboutId: payment.id });
    expect(await openTicket(db, stranger, values({ aboutKind: 'payment', aboutRef: payment.trackingCode }))).toEqual({
      ok: false,
      fieldErrors: { aboutRef: 'supportAboutNotFound' },
    });
    expect(await openTicket(db, stranger, values({ aboutKind: 'payout', aboutRef: payment.id }))).toMatchObject({ ok: false });
  });

  it('lets one of two staff taking the same ticket at once win', async () => {
    const m = await merchant();
    const [s1, s2] = await Promise.all([supportStaff(), supportStaff()]);
    const t = await open(m);
    const results = await Promise.all([takeTicket(db, s1, t.id), takeTicket(db, s2, t.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: 'supportTaken' });
    const winner = results.find((r) => r.ok)!;
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, t.id), eq(auditEvents.action, 'support.take')));
    expect(events).toHaveLength(1);
    expect(winner.ok && winner.data.assigneeId).toBe(events[0].actorUserId);
    // Assigning to someone without the support role is a field error; to a colleague, fine.
    const finance = await makeAdmin(db, ['finance']);
    expect(await assignTicket(db, s1, { ticketId: t.id, assigneeId: finance.id })).toEqual({
      ok: false,
      fieldErrors: { assigneeId: 'supportNotSupportStaff' },
    });
    expect(await assignTicket(db, s1, { ticketId: t.id, assigneeId: s2.userId })).toMatchObject({ ok: true, data: { assigneeId: s2.userId } });
  });

  it('resolves once under concurrency; the merchant rates once; a message within 7 days reopens, later the sweep closes', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    await postMessage(db, s, reply({ ticketId: t.id, body: 'Done on our side.' }));
    const both = await Promise.all([resolveTicket(db, s, t.id), resolveTicket(db, m, t.id)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await rateTicket(db, m, { ticketId: t.id, rating: 5, comment: 'Quick' })).toMatchObject({ ok: true, data: { rating: 5 } });
    expect(await rateTicket(db, m, { ticketId: t.id, rating: 1, comment: '' })).toEqual({ ok: false, error: 'supportRated' });

    // Within 7 days: the merchant's message reopens it, and the move is audited.
    expect(await postMessage(db, m, reply({ ticketId: t.id, body: 'It broke again.' }))).toMatchObject({ ok: true, data: { state: 'awaiting_staff' } });
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.objectId, t.id), eq(auditEvents.action, 'support.reopen'))),
    ).toHaveLength(1);

    // Resolved 8 days ago: the merchant can no longer write, and the sweep closes it.
    await resolveTicket(db, s, t.id);
    await db
      .update(supportTickets)
      .set({ resolvedAt: new Date(Date.now() - 8 * 86_400_000) })
      .where(eq(supportTickets.id, t.id));
    expect(await postMessage(db, m, reply({ ticketId: t.id, body: 'Hello?' }))).toEqual({ ok: false, error: 'supportClosed' });
    expect(await closeStaleResolved(db)).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(row.state).toBe('closed');
    expect(await postMessage(db, s, reply({ ticketId: t.id, body: 'note', internal: true }))).toEqual({ ok: false, error: 'supportClosed' });
    // A ticket resolved just now stays resolved after the sweep.
    const fresh = await open(m);
    await resolveTicket(db, m, fresh.id);
    await closeStaleResolved(db);
    const [still] = await db.select().from(supportTickets).where(eq(supportTickets.id, fresh.id));
    expect(still.state).toBe('resolved');
    // Nothing is rated before it is resolved.
    const active = await open(m);
    expect(await rateTicket(db, m, { ticketId: active.id, rating: 4, comment: '' })).toEqual({ ok: false, error: 'supportNotResolved' });
  });

  it('texts an urgent ticket to support staff, and a reply left waiting over an hour once', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const [staffUser] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, s.userId));
    const t = await open(m, { priority: 'urgent' });
    const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, staffUser.mobile));
    expect(texts.length).toBeGreaterThanOrEqual(1);
    expect(texts.some((x) => x.body.includes(String(t.number)))).toBe(true);

    // A normal ticket waiting more than an hour: one text to support staff, not two.
    const waiting = await open(m, {}, new Date(Date.now() - 2 * 3600_000));
    await takeTicket(db, s, waiting.id);
    await textWaitingReplies(db);
    await textWaitingReplies(db);
    const about = (await db.select().from(smsMessages).where(eq(smsMessages.mobile, staffUser.mobile))).filter((x) => x.body.includes(`${waiting.number}`));
    expect(about).toHaveLength(1);
  });

  it('puts overdue tickets first in the queue, with the filters and the daily summary', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const old = await open(m, { subject: 'Old one', priority: 'urgent' }, new Date(Date.now() - 30 * 86_400_000));
    const fresh = await open(m, { subject: 'Fresh one' });
    const rows = await listQueue(db, s, queueFiltersSchema.parse({}), new Date(), 500);
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(old.id);
    // An overdue ticket comes before any ticket still in time.
    const firstInTime = rows.findIndex((r) => (r.firstRespondedAt ? r.resolutionDueAt : r.firstResponseDueAt) >= new Date());
    expect(firstInTime === -1 || ids.indexOf(old.id) < firstInTime).toBe(true);
    if (ids.includes(fresh.id)) expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(fresh.id));
    const urgentOnly = await listQueue(db, s, queueFiltersSchema.parse({ priority: 'urgent', department: 'technical' }), new Date(), 500);
    expect(urgentOnly.every((r) => r.priority === 'urgent' && r.department === 'technical')).toBe(true);
    await takeTicket(db, s, fresh.id);
    expect((await listQueue(db, s, queueFiltersSchema.parse({ assignee: 'me' }))).map((r) => r.id)).toEqual([fresh.id]);
    const sum = await queueSummary(db, s);
    expect(sum.overdue).toBeGreaterThanOrEqual(1);
    expect(sum.openedToday).toBeGreaterThanOrEqual(1);
    // Unknown filter values are ignored, never an error.
    expect(queueFiltersSchema.parse({ department: 'nope', state: 'x', age: '9', assignee: 'drop table' })).toMatchObject({
      state: 'active',
      age: '',
      assignee: '',
    });
    // The auditor reads the queue but changes nothing.
    const auditor = staffActorOf(await makeAdmin(db, ['auditor']), ['auditor']);
    expect((await listQueue(db, auditor, queueFiltersSchema.parse({}))).length).toBeGreaterThan(0);
    await expect(takeTicket(db, auditor, old.id)).rejects.toThrow(/staff role required/);
  });

  it('keeps saved answers per language or for any', async () => {
    const s = await supportStaff();
    const fa = await saveCannedAnswer(db, s, cannedAnswerSchema.parse({ title: `Greeting ${Date.now()}`, body: 'سلام', locale: 'fa' }));
    const any = await saveCannedAnswer(db, s, cannedAnswerSchema.parse({ title: `Any ${Date.now()}`, body: 'Hello', locale: '' }));
    if (!fa.ok || !any.ok) throw new Error('save');
    const forEn = (await listCannedAnswers(db, s, 'en')).map((c) => c.id);
    expect(forEn).toContain(any.data.id);
    expect(forEn).not.toContain(fa.data.id);
    expect(await removeCannedAnswer(db, s, fa.data.id)).toEqual({ ok: true, data: undefined });
    expect(await removeCannedAnswer(db, s, fa.data.id)).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('SLA in working time', () => {
  it('counts an urgent first answer across a Friday and a holiday, and a normal one across a Tuesday holiday', () => {
    // Thursday 2027-01-21 12:30 Tehran (09:00 UTC): 30 minutes Thursday, Friday closed, Saturday 23 a holiday.
    const urgent = slaDueTimes('urgent', new Date('2027-01-21T09:00:00Z'));
    expect(urgent.firstResponseDueAt.toISOString()).toBe('2027-01-24T05:00:00.000Z'); // Sunday 08:30 Tehran
    // Monday 2026-12-21 16:00 Tehran: 1 h Monday, Tuesday 22 a holiday, 7 h Wednesday.
    const normal = slaDueTimes('normal', new Date('2026-12-21T12:30:00Z'));
    expect(normal.firstResponseDueAt.toISOString()).toBe('2026-12-23T11:30:00.000Z'); // Wednesday 15:00 Tehran
    // 27 working hours: Mon 1 + Wed 9 + Thu 5 + Sat 9 + Sun 3 → Sunday 11:00 Tehran.
    expect(normal.resolutionDueAt.toISOString()).toBe('2026-12-27T07:30:00.000Z');
  });

  it('tells the working minutes left, negative once overdue', () => {
    const due = new Date('2026-12-23T11:30:00Z');
    expect(workingMinutesLeft(due, new Date('2026-12-23T10:30:00Z'))).toBe(60);
    expect(workingMinutesLeft(due, new Date('2026-12-23T12:00:00Z'))).toBe(-30);
  });
});

describe('bad input', () => {
  it('answers field errors, never a throw', () => {
    const bad = (input: Record<string, unknown>) => {
      const r = openTicketSchema.safeParse({ department: 'technical', subject: 'Subject', message: 'Body', ...input });
      return r.success ? null : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
    };
    expect(bad({ message: '' })).toEqual({ message: 'required' });
    expect(bad({ message: '   ' })).toEqual({ message: 'required' });
    expect(bad({ message: 'x'.repeat(10_000) })).toEqual({ message: 'tooLong' });
    expect(bad({ message: 'a\u0000b' })).toEqual({ message: 'controlChars' });
    expect(bad({ department: 'hacking' })).toEqual({ department: 'supportDepartment' });
    expect(bad({ department: undefined })).toEqual({ department: 'supportDepartment' });
    expect(bad({ priority: 'critical' })).toEqual({ priority: 'supportPriority' });
    expect(bad({ aboutKind: 'payment', aboutRef: '' })).toEqual({ aboutRef: 'supportAboutRequired' });
    expect(bad({ attachments: ['not-a-uuid'] })).toEqual({ attachments: 'notFound' });
    expect(bad({ subject: '' })).toEqual({ subject: 'supportSubjectShort' });
    expect(replySchema.safeParse({ ticketId: 'x', body: 'hi' }).success).toBe(false);
  });

  it('stores HTML as the text it is', async () => {
    const m = await merchant();
    const html = '<script>alert(1)</script><b>bold</b>';
    const t = await open(m, { message: html });
    const [msg] = await db.select().from(supportMessages).where(eq(supportMessages.ticketId, t.id));
    expect(msg.body).toBe(html);
  });

  it('refuses a disguised, empty or oversized file by its bytes', async () => {
    const m = await merchant();
    expect(await uploadAttachment(db, m, { bytes: Buffer.from('<html>not a pdf</html>'), name: 'invoice.pdf' }, storage)).toEqual({
      ok: false,
      error: 'fileType',
    });
    expect(await uploadAttachment(db, m, { bytes: Buffer.alloc(0), name: 'a.png' }, storage)).toEqual({ ok: false, error: 'fileEmpty' });
    expect(await uploadAttachment(db, m, { bytes: Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), name: 'big.pdf' }, storage)).toEqual({
      ok: false,
      error: 'fileTooLarge',
    });
    // A malformed id is "not found", never a database error.
    expect(await getMerchantTicket(db, m, 'not-a-uuid')).toBeNull();
    expect(await readAttachment(db, m, "1' or 1=1", storage)).toBeNull();
    expect(await postMessage(db, m, { ticketId: 'nope', body: 'x', internal: false, attachments: [] })).toEqual({ ok: false, error: 'notFound' });
  });

  it('never lets a merchant write an internal note', async () => {
    const m = await merchant();
    const t = await open(m);
    await postMessage(db, m, reply({ ticketId: t.id, body: 'pretend note', internal: true }));
    const rows = await db
      .select()
      .from(supportMessages)
      .where(and(eq(supportMessages.ticketId, t.id), eq(supportMessages.internal, true)));
    expect(rows).toHaveLength(0);
    const ids = (await db.select({ id: supportMessages.id }).from(supportMessages).where(eq(supportMessages.ticketId, t.id))).map((r) => r.id);
    expect(await db.select().from(supportMessages).where(inArray(supportMessages.id, ids))).toHaveLength(2);
  });
});
