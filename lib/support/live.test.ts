import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '@/db';
import { supportMessages, supportTickets } from '@/db/schema';
import { markShuttingDown, resetLifecycleForTests } from '@/lib/lifecycle/index.mjs';
import { localStorage } from '@/lib/storage';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { PNG } from '@/test/uploads';
import { UPLOAD_RULE, uploadAttachment } from './attachments';
import { LIVE_PICKUP_MINUTES, OPEN_TICKET_RULE, openTicket, postMessage, tellUnansweredLive } from './index';
import { HEARTBEAT_MS, LiveHub, MAX_STREAMS_PER_READER, openLiveStream } from './live';
import { LIVE_CHANNEL, parseNote, type LiveNote } from './live-notify';
import { listQueue, listWaitingLive, liveMessages, mayReadTicket, queueSummary } from './queries';
import { openTicketSchema, queueFiltersSchema, replySchema } from './schemas';
import { clockNow, resumeDue } from './sla';
import { workingMinutesBetween } from './working-hours';

const db = testDb();
// The listening side, as a web process has it: its own client (postgres.js keeps one LISTEN connection for it).
const listener = createDb(process.env.DATABASE_URL!, { max: 2 });
afterAll(() => listener.client.end({ timeout: 5 }));

const merchant = async () => merchantActorOf(await makeMerchant(db));
const supportStaff = async () => staffActorOf(await makeAdmin(db, ['support']), ['support']);
const reply = (input: Record<string, unknown>) => replySchema.parse(input);

async function open(actor: Awaited<ReturnType<typeof merchant>>, now?: Date) {
  const r = await openTicket(db, actor, openTicketSchema.parse({ department: 'technical', subject: 'Live question', message: 'Is anyone there?' }), now);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

/** Reads a stream's SSE text until `until` holds (or the time is up), then cancels it. */
async function readUntil(stream: ReadableStream<Uint8Array>, until: (text: string) => boolean, ms = 8000) {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!until(text) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    text += dec.decode(chunk.value);
  }
  await reader.cancel().catch(() => {});
  return text;
}

const hub = new LiveHub((ch, fn, on) => listener.client.listen(ch, fn, on));
afterAll(() => hub.stop());

describe('live conversations', () => {
  it('announces a message only after it is stored, with ids only', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const seen: { note: LiveNote; stored: boolean; payload: string }[] = [];
    const l = await listener.client.listen(LIVE_CHANNEL, (payload) => {
      const note = parseNote(payload);
      if (note?.t !== t.id || note.k !== 'm') return;
      // Checked from another connection when the NOTIFY arrives: the row is already committed.
      void db
        .select({ id: supportMessages.id })
        .from(supportMessages)
        .where(eq(supportMessages.id, note.id))
        .then((rows) => seen.push({ note, stored: rows.length === 1, payload }));
    });
    const r = await postMessage(db, s, reply({ ticketId: t.id, body: 'We are looking at it, secret-body-text.' }));
    expect(r.ok).toBe(true);
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(1);
    await l.unlisten();
    expect(seen[0]).toMatchObject({ note: { t: t.id, k: 'm', id: r.ok ? r.data.messageId : '' }, stored: true });
    expect(seen[0].payload).not.toContain('secret-body-text');

    // A message refused (the ticket is someone else's) is neither stored nor announced.
    const other = await merchant();
    expect(await postMessage(db, other, reply({ ticketId: t.id, body: 'Not mine' }))).toMatchObject({ ok: false, error: 'notFound' });
  });

  it("gives another business's member nothing: no messages, no poll, no stream", async () => {
    const m = await merchant();
    const t = await open(m);
    const stranger = await merchant();
    expect(await mayReadTicket(db, stranger, t.id)).toBe(false);
    expect(await liveMessages(db, stranger, t.id)).toBeNull();
    expect(await liveMessages(db, stranger, t.id, { afterId: null })).toBeNull();
    expect(await liveMessages(db, m, 'not-a-uuid')).toBeNull();
    // The owner's member sees the first message.
    expect((await liveMessages(db, m, t.id))?.map((x) => x.body)).toEqual(['Is anyone there?']);
    // A stream opened for a stranger (past a broken door) still re-reads through the access check: it closes with no message.
    const text = await readUntil(openLiveStream(db, hub, stranger, t.id, null, new AbortController().signal), (x) => x.includes('event: message'), 2000);
    expect(text).not.toContain('event: message');
    expect(text).not.toContain('Is anyone there?');
  });

  it("never carries staff's internal note to a merchant's stream; staff's stream has both", async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const first = (await liveMessages(db, m, t.id))!.at(-1)!.id;
    const abortM = new AbortController();
    const abortS = new AbortController();
    const merchantStream = openLiveStream(db, hub, m, t.id, first, abortM.signal);
    const staffStream = openLiveStream(db, hub, s, t.id, first, abortS.signal);
    const mText = readUntil(merchantStream, (x) => x.includes('public-answer-2'));
    const sText = readUntil(staffStream, (x) => x.includes('public-answer-2'));
    // Let both streams LISTEN before anything is stored (what they miss they would read at open anyway).
    await expect.poll(() => hub.size, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const note = await postMessage(db, s, reply({ ticketId: t.id, body: 'internal-note-text: check the bank', internal: true }));
    await postMessage(db, s, reply({ ticketId: t.id, body: 'public-answer-1' }));
    await postMessage(db, m, reply({ ticketId: t.id, body: 'merchant-says-thanks' }));
    await postMessage(db, s, reply({ ticketId: t.id, body: 'public-answer-2' }));
    const [mt, st] = await Promise.all([mText, sText]);
    abortM.abort();
    abortS.abort();
    expect(mt).toContain('public-answer-1');
    expect(mt).toContain('merchant-says-thanks');
    expect(mt).not.toContain('internal-note-text');
    expect(mt).not.toContain(note.ok ? note.data.messageId : 'x');
    expect(mt).not.toMatch(/"internal":true/);
    // In order, each once.
    expect(mt.indexOf('public-answer-1')).toBeLessThan(mt.indexOf('merchant-says-thanks'));
    expect(mt.split('public-answer-1').length).toBe(2);
    expect(st).toContain('internal-note-text');
    expect(st).toContain('public-answer-2');
  });

  it('resumes from Last-Event-ID: a reconnect gets exactly the messages after the one it had', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const a = await postMessage(db, s, reply({ ticketId: t.id, body: 'answer-a' }));
    await postMessage(db, s, reply({ ticketId: t.id, body: 'answer-b' }));
    const after = (await liveMessages(db, m, t.id, { afterId: a.ok ? a.data.messageId : '' }))!.map((x) => x.body);
    expect(after).toEqual(['answer-b']);
    const text = await readUntil(openLiveStream(db, hub, m, t.id, a.ok ? a.data.messageId : null, new AbortController().signal), (x) => x.includes('answer-b'));
    expect(text).toContain('answer-b');
    expect(text).not.toContain('answer-a');
  });

  // The cursor is (created_at, id). A message whose time was taken before another's, but whose
  // transaction got the ticket's lock after it (and so committed after it), must still sort after it,
  // or a reader whose cursor already passed the other one never gets it.
  it('a message committed after another sorts after it, whatever time its writer took first', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const t0 = Date.now();
    const late = await postMessage(db, s, reply({ ticketId: t.id, body: 'stamped-later-committed-first' }), new Date(t0 + 1000));
    if (!late.ok) throw new Error(JSON.stringify(late));
    const seen = (await liveMessages(db, m, t.id))!;
    expect(seen.at(-1)!.id).toBe(late.data.messageId);
    const early = await postMessage(db, s, reply({ ticketId: t.id, body: 'stamped-earlier-committed-second' }), new Date(t0));
    if (!early.ok) throw new Error(JSON.stringify(early));
    const resumed = (await liveMessages(db, m, t.id, { afterId: late.data.messageId }))!.map((x) => x.body);
    expect(resumed).toEqual(['stamped-earlier-committed-second']);
  });

  it('under concurrent writers, a reader that advances its cursor as it goes misses no message', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m);
    const WRITERS = 6;
    const EACH = 8;
    let writing = true;
    const got: string[] = [];
    const reader = (async () => {
      let cursor: string | null = null;
      for (;;) {
        const done = !writing;
        const ms: { id: string }[] = (await liveMessages(db, s, t.id, { afterId: cursor }))!;
        for (const x of ms) got.push(x.id);
        if (ms.length) cursor = ms.at(-1)!.id;
        if (done) return;
      }
    })();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < EACH; i++) {
          // Each writer takes its time before the transaction, as postMessage's callers do; a small,
          // varying delay lets another writer's transaction reach the ticket's lock first.
          const now = new Date();
          await new Promise((r) => setTimeout(r, (w * 7 + i * 3) % 5));
          const r = await postMessage(db, w % 2 ? m : s, reply({ ticketId: t.id, body: `w${w}-${i}` }), now);
          if (!r.ok) throw new Error(JSON.stringify(r));
        }
      }),
    );
    writing = false;
    await reader;
    const all = (await liveMessages(db, s, t.id))!.map((x) => x.id);
    expect(all).toHaveLength(1 + WRITERS * EACH);
    expect(got).toEqual(all);
  });

  it('turns an unanswered live chat into a ticket once, under two sweepers at once; the SLA stays', async () => {
    const m = await merchant();
    const start = new Date(Date.now() - (LIVE_PICKUP_MINUTES + 1) * 60_000);
    const t = await open(m, start);
    // The merchant's conversation was open (its heartbeat) when they wrote.
    await db
      .update(supportTickets)
      .set({ merchantSeenAt: new Date(start.getTime() + 10_000) })
      .where(eq(supportTickets.id, t.id));
    const [before] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    const staff = await supportStaff();
    const liveNow = await listWaitingLive(db, staff, new Date(start.getTime() + 20_000));
    expect(liveNow.map((r) => r.id)).toContain(t.id);

    const now = new Date();
    const [a, b] = await Promise.all([tellUnansweredLive(db, now), tellUnansweredLive(db, now)]);
    const lines = await db
      .select()
      .from(supportMessages)
      .where(and(eq(supportMessages.ticketId, t.id), eq(supportMessages.system, true)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ body: 'liveMissed', side: 'staff', internal: false, authorId: null });
    expect(a + b).toBeGreaterThanOrEqual(1);
    const [after] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(after.liveToldAt).not.toBeNull();
    // Same state, same clocks: a ticket answered later within its SLA.
    expect(after).toMatchObject({
      state: before.state,
      firstResponseDueAt: before.firstResponseDueAt,
      resolutionDueAt: before.resolutionDueAt,
      firstRespondedAt: null,
    });
    // The merchant reads the system line (it is not a staff note).
    expect((await liveMessages(db, m, t.id))!.some((x) => x.system && x.body === 'liveMissed')).toBe(true);
    // Told once: no longer in the waiting-live list, and a third sweep adds nothing.
    expect((await listWaitingLive(db, staff, now)).map((r) => r.id)).not.toContain(t.id);
    await tellUnansweredLive(db, new Date());
    expect(
      await db
        .select()
        .from(supportMessages)
        .where(and(eq(supportMessages.ticketId, t.id), eq(supportMessages.system, true))),
    ).toHaveLength(1);
  });

  it('leaves alone a ticket whose merchant was not live, or that staff picked up', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const start = new Date(Date.now() - (LIVE_PICKUP_MINUTES + 2) * 60_000);
    const notLive = await open(m, start);
    const picked = await open(m, start);
    await db.update(supportTickets).set({ merchantSeenAt: start }).where(eq(supportTickets.id, picked.id));
    await postMessage(db, s, reply({ ticketId: picked.id, body: 'Here, how can I help?' }));
    await tellUnansweredLive(db, new Date());
    for (const id of [notLive.id, picked.id]) {
      const [row] = await db.select({ told: supportTickets.liveToldAt }).from(supportTickets).where(eq(supportTickets.id, id));
      expect(row.told).toBeNull();
    }
  });
});

describe('stream bookkeeping', () => {
  it('a stream the browser leaves while it is still starting starts no heartbeat (it would beat for a reader who is gone)', async () => {
    const m = await merchant();
    const t = await open(m);
    const own = new LiveHub((ch, fn, on) => listener.client.listen(ch, fn, on));
    const intervals = vi.spyOn(globalThis, 'setInterval');
    try {
      const abort = new AbortController();
      const reader = openLiveStream(db, own, m, t.id, null, abort.signal).getReader();
      await reader.read(); // the padding, written before the start's reads
      abort.abort();
      await new Promise((r) => setTimeout(r, 1500)); // the start's reads finish meanwhile
      expect(intervals.mock.calls.filter(([, ms]) => ms === HEARTBEAT_MS)).toHaveLength(0);
      expect(own.size).toBe(0);
    } finally {
      intervals.mockRestore();
      await own.stop();
    }
  });

  it('caps the streams one person holds, so one member cannot take the process cap from everyone', async () => {
    const own = new LiveHub((ch, fn, on) => listener.client.listen(ch, fn, on));
    const sub = (reader: string) => ({ ticketId: 'a4d5b01a-0000-4000-8000-000000000000', reader, onNote() {}, onResync() {}, close() {} });
    try {
      const mine = Array.from({ length: MAX_STREAMS_PER_READER }, () => sub('user-1'));
      for (const s of mine.slice(0, -1)) await own.add(s);
      expect(own.full('user-1')).toBe(false);
      await own.add(mine.at(-1)!);
      expect(own.full('user-1')).toBe(true);
      expect(own.full('user-2')).toBe(false);
      own.remove(mine[0]);
      expect(own.full('user-1')).toBe(false);
    } finally {
      await own.stop();
    }
  });
});

describe('shutdown', () => {
  it('ends every open stream as soon as the process starts draining (they would hold the drain otherwise)', async () => {
    const m = await merchant();
    const t = await open(m);
    const own = new LiveHub((ch, fn, on) => listener.client.listen(ch, fn, on));
    const reader = openLiveStream(db, own, m, t.id, null, new AbortController().signal).getReader();
    await expect.poll(() => own.size, { timeout: 5000 }).toBe(1);
    markShuttingDown();
    try {
      const started = Date.now();
      for (;;) {
        const r = await reader.read();
        if (r.done) break;
      }
      expect(Date.now() - started).toBeLessThan(3000);
      expect(own.size).toBe(0);
    } finally {
      resetLifecycleForTests();
      await own.stop();
    }
  });
});

describe('the SLA clock pauses while the ticket awaits the merchant', () => {
  // Sunday 7 December 2025, 09:00 Tehran (05:30 UTC): a working day.
  const sun9 = new Date('2025-12-07T05:30:00Z');
  const at = (hours: number) => new Date(sun9.getTime() + hours * 3600_000);

  it('moves the resolution due later by the working minutes the pause lasted, across a closed Friday', async () => {
    // Staff answered Wednesday 16:00 Tehran; the merchant wrote back on Saturday 09:00 (Thursday 08–13 open, Friday closed).
    const paused = new Date('2025-12-10T12:30:00Z');
    const back = new Date('2025-12-13T05:30:00Z');
    const due = new Date('2025-12-14T09:30:00Z');
    const worked = workingMinutesBetween(paused, back);
    // Wed 16–17 (60) + Thu 08–13 (300) + Sat 08–09 (60); Friday adds nothing.
    expect(worked).toBe(420);
    const moved = resumeDue(due, paused, back);
    expect(workingMinutesBetween(due, moved)).toBe(420);
    expect(resumeDue(due, back, back)).toEqual(due);
  });

  it('freezes the time left while paused and never counts the ticket overdue, then runs again', async () => {
    const m = await merchant();
    const s = await supportStaff();
    const t = await open(m, sun9);
    const [opened] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    await postMessage(db, s, reply({ ticketId: t.id, body: 'Send us the tracking code.' }), at(1));
    const [paused] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(paused.state).toBe('awaiting_merchant');
    expect(paused.pausedAt).toEqual(at(1));
    expect(clockNow(paused, at(300))).toEqual(at(1));
    // A second staff message does not restart the pause.
    await postMessage(db, s, reply({ ticketId: t.id, body: 'Or a screenshot.' }), at(2));
    const [still] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(still.pausedAt).toEqual(at(1));

    // Long past the resolution due: paused, so not overdue in the queue or the summary.
    const late = new Date(opened.resolutionDueAt.getTime() + 30 * 86_400_000);
    const q = await listQueue(db, s, queueFiltersSchema.parse({ state: 'awaiting_merchant' }), late, 500);
    expect(q.find((r) => r.id === t.id)).toBeDefined();
    const summaryBefore = await queueSummary(db, s, late);

    // The merchant writes 3 working hours after staff's first answer (Sunday 13:00 Tehran).
    await postMessage(db, m, reply({ ticketId: t.id, body: 'Here: 12345678901' }), at(4));
    const [resumed] = await db.select().from(supportTickets).where(eq(supportTickets.id, t.id));
    expect(resumed.state).toBe('awaiting_staff');
    expect(resumed.pausedAt).toBeNull();
    expect(workingMinutesBetween(opened.resolutionDueAt, resumed.resolutionDueAt)).toBe(180);
    expect(clockNow(resumed, at(5))).toEqual(at(5));
    // Running again: long after the moved due, it counts as overdue.
    const summaryAfter = await queueSummary(db, s, late);
    expect(summaryAfter.overdue).toBe(summaryBefore.overdue + 1);
  });
});

describe('rate limits on opening tickets and uploading files', () => {
  it('refuses the 11th ticket within an hour with a clear error and stores nothing', async () => {
    const m = await merchant();
    for (let i = 0; i < OPEN_TICKET_RULE.limit; i++) await open(m);
    const r = await openTicket(db, m, openTicketSchema.parse({ department: 'technical', subject: 'One more', message: 'Again' }));
    expect(r).toMatchObject({ ok: false, error: 'supportTooManyTickets' });
    expect(!r.ok && Number(r.params?.minutes)).toBeGreaterThan(0);
    const rows = await db.select({ id: supportTickets.id }).from(supportTickets).where(eq(supportTickets.merchantId, m.merchantId));
    expect(rows).toHaveLength(OPEN_TICKET_RULE.limit);
    // Another member's bucket is their own.
    expect((await openTicket(db, await merchant(), openTicketSchema.parse({ department: 'sales', subject: 'Hello', message: 'Hi' }))).ok).toBe(true);
  });

  it('refuses uploads beyond the limit per person', async () => {
    const m = await merchant();
    const storage = localStorage(mkdtempSync(path.join(os.tmpdir(), 'support-live-files-')));
    for (let i = 0; i < UPLOAD_RULE.limit; i++) expect((await uploadAttachment(db, m, { bytes: PNG, name: `a${i}.png` }, storage)).ok).toBe(true);
    expect(await uploadAttachment(db, m, { bytes: PNG, name: 'late.png' }, storage)).toMatchObject({ ok: false, error: 'supportUploadsTooMany' });
  });
});
