import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { supportTickets } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeMerchant, merchantActorOf } from '@/test/fixtures';
import { LIVE_PICKUP_MINUTES, openTicket, postMessage, tellUnansweredLive } from '@/lib/support';
import { liveMessages } from '@/lib/support/queries';
import { openTicketSchema, replySchema } from '@/lib/support/schemas';

const db = testDb();

describe('the unanswered-live line and the live cursor', () => {
  it('a line the sweeper adds after a message a reader has seen comes after it in the cursor order, even stamped by an earlier sweep clock', async () => {
    const m = merchantActorOf(await makeMerchant(db));
    const start = new Date(Date.now() - (LIVE_PICKUP_MINUTES + 1) * 60_000);
    const r = await openTicket(db, m, openTicketSchema.parse({ department: 'technical', subject: 'Live q', message: 'anyone?' }), start);
    if (!r.ok) throw new Error(JSON.stringify(r));
    const t = r.data;
    await db
      .update(supportTickets)
      .set({ merchantSeenAt: new Date(start.getTime() + 10_000) })
      .where(eq(supportTickets.id, t.id));
    // The sweeper took its `now` (runSupportSweep's, before any part ran) ...
    const sweepNow = new Date();
    // ... a merchant message is stamped 50 ms later and commits first (the sweeper's UPDATE waits on its ticket lock) ...
    const msg = await postMessage(db, m, replySchema.parse({ ticketId: t.id, body: 'still here' }), new Date(sweepNow.getTime() + 50));
    if (!msg.ok) throw new Error(JSON.stringify(msg));
    // A live reader receives it and its cursor passes it.
    const seen = (await liveMessages(db, m, t.id))!;
    expect(seen.at(-1)!.id).toBe(msg.data.messageId);
    // Then the sweeper's statement runs, with its earlier now.
    const told = await tellUnansweredLive(db, sweepNow);
    // Other files' tickets may be swept too (the database is shared); this one must be among them.
    expect(told).toBeGreaterThanOrEqual(1);
    const resumed = (await liveMessages(db, m, t.id, { afterId: msg.data.messageId }))!.map((x) => x.body);
    // Committed after the message, so after it in order: the resumed reader gets it.
    expect(resumed).toEqual(['liveMissed']);
  });
});
