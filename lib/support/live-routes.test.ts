/**
 * The live conversation's route handlers as a browser calls them (issue 21): the session, the
 * side of the path and the ticket are checked through the Actor when a stream opens; another
 * business's ticket is a 404 with nothing in it, on the stream, the poll and the typing ping.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant, merchantActorOf } = await import('@/test/fixtures');
const { openTicket } = await import('./index');
const { openTicketSchema } = await import('./schemas');
const { supportLivePoll, supportLiveStream, supportTyping } = await import('./live-routes');
const { liveHub } = await import('./live');
const { getClient } = await import('@/db');

const db = testDb();
h.db = db;
afterAll(async () => {
  await liveHub(getClient()).stop();
  await getClient().end({ timeout: 5 });
});

const url = (id: string, what: 'live' | 'messages') => `http://127.0.0.1/support/${id}/${what}`;

describe('live routes', () => {
  it("answer another business's member 404 and nothing; the owner's member gets the stream, the poll and the ping", async () => {
    const owner = await makeMerchant(db);
    const actor = merchantActorOf(owner);
    const t = await openTicket(db, actor, openTicketSchema.parse({ department: 'sales', subject: 'Route test', message: 'first-message-body' }));
    if (!t.ok) throw new Error('no ticket');
    const id = t.data.id;

    h.user = await makeMerchant(db);
    for (const res of [
      await supportLiveStream(new Request(url(id, 'live')), id, 'merchant'),
      await supportLivePoll(new Request(url(id, 'messages')), id, 'merchant'),
      await supportTyping(new Request(url(id, 'live'), { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } }), id, 'merchant'),
    ]) {
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('first-message-body');
    }
    // Nobody signed in: 401. A merchant on staff's path: 404.
    h.user = null;
    expect((await supportLiveStream(new Request(url(id, 'live')), id, 'merchant')).status).toBe(401);
    h.user = owner;
    expect((await supportLiveStream(new Request(url(id, 'live')), id, 'staff')).status).toBe(404);
    // A staff member on the merchant's path: 404.
    h.user = await makeAdmin(db, ['support']);
    expect((await supportLivePoll(new Request(url(id, 'messages')), id, 'merchant')).status).toBe(404);

    h.user = owner;
    const poll = await supportLivePoll(new Request(url(id, 'messages')), id, 'merchant');
    expect(poll.status).toBe(200);
    expect(((await poll.json()) as { messages: { body: string }[] }).messages.map((m) => m.body)).toEqual(['first-message-body']);

    const abort = new AbortController();
    const stream = await supportLiveStream(new Request(url(id, 'live'), { signal: abort.signal }), id, 'merchant');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toContain('no-transform');
    expect(stream.headers.get('x-accel-buffering')).toBe('no');
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes('first-message-body')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^retry: 3000/);
    abort.abort();

    // Typing: from the portal's origin only, at most one per 3 s.
    const ping = () => supportTyping(new Request(url(id, 'live'), { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } }), id, 'merchant');
    expect((await ping()).status).toBe(204);
    expect((await ping()).status).toBe(429);
    const foreign = await supportTyping(new Request(url(id, 'live'), { method: 'POST', headers: { origin: 'https://evil.example' } }), id, 'merchant');
    expect(foreign.status).toBe(403);
  });
});
