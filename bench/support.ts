/**
 * The support queue at size (issue 21): 100 000 tickets of 2 000 businesses over a year, 4 000 of
 * them still active; staff's queue (overdue first, by deadline), the same with filters, the daily
 * summary, and one business's own list.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const MERCHANTS = 2000;
const TICKETS = 100_000;
const ACTIVE = 4000;

export async function benchSupport(db: Db, measure: Measure) {
  const { listQueue, listMerchantTickets, queueSummary } = await import('@/lib/support/queries');
  const { queueFiltersSchema } = await import('@/lib/support/schemas');
  const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db, ['support']), ['support']);
  const ids = await db.execute<{ id: string }>(sql`
    with u as (
      insert into users (mobile, first_name, last_name, password_hash)
      select '0916' || lpad(i::text, 7, '0'), 'S', 'B', 'x' from generate_series(1, ${MERCHANTS}) i
      on conflict (mobile) do update set first_name = excluded.first_name
      returning id)
    insert into merchants (id) select id from u on conflict (id) do update set id = excluded.id returning id`);
  const merchants = `{${ids.map((r) => r.id).join(',')}}`;
  await db.execute(sql`
    insert into support_tickets (merchant_id, department, subject, priority, state, created_at, last_message_at, waiting_since,
      first_response_due_at, resolution_due_at, first_responded_at, resolved_at, assignee_id)
    select (${merchants}::uuid[])[1 + i % ${MERCHANTS}],
      (array['technical','financial','customer_info','sales'])[1 + i % 4]::support_department,
      'bench ticket ' || i,
      (case when i % 10 = 0 then 'urgent' else 'normal' end)::support_priority,
      (case when i <= ${ACTIVE} then (array['open','awaiting_staff','awaiting_merchant'])[1 + i % 3] else (array['resolved','closed'])[1 + i % 2] end)::support_ticket_state,
      now() - i * interval '5 minutes', now() - i * interval '5 minutes',
      case when i <= ${ACTIVE} and i % 3 <> 2 then now() - i * interval '5 minutes' end,
      now() - i * interval '5 minutes' + interval '8 hours', now() - i * interval '5 minutes' + interval '3 days',
      case when i % 3 = 2 or i > ${ACTIVE} then now() - i * interval '4 minutes' end,
      case when i > ${ACTIVE} then now() - i * interval '4 minutes' end,
      case when i % 5 = 0 then ${staff.userId}::uuid end
    from generate_series(1, ${TICKETS}) i`);
  await db.execute(sql`analyze support_tickets`);
  const all = queueFiltersSchema.parse({});
  await measure('support queue (active, overdue first, 50 of 4 000 active / 100 000), 10 concurrent', 300, 10, async () => {
    const rows = await listQueue(db, staff, all);
    if (rows.length === 0) throw new Error('empty queue');
  });
  const narrowed = queueFiltersSchema.parse({ department: 'financial', priority: 'urgent', age: '4', assignee: 'me' });
  await measure('support queue with every filter, 10 concurrent', 300, 10, () => listQueue(db, staff, narrowed));
  await measure('support queue, every state (100 000), 10 concurrent', 100, 10, () => listQueue(db, staff, queueFiltersSchema.parse({ state: 'all' })));
  await measure("support queue's daily summary, 10 concurrent", 300, 10, () => queueSummary(db, staff));
  const one = { kind: 'merchant', userId: ids[0].id, merchantId: ids[0].id, role: 'owner' } as const;
  await measure("a business's own tickets (50 of 100 000), 10 concurrent", 300, 10, () => listMerchantTickets(db, one));
}

const STREAMS = 200;

/**
 * Live conversations' fan-out (issue 21): STREAMS open streams of one ticket (far more tabs than a
 * ticket ever has: the per-process hub's dispatch and the re-reads at that size),
 * all fed by this process's one LISTEN connection; each operation stores a message and waits until
 * every stream has delivered it: post → last delivery, p50/p95. Then the queue's "waiting live" list.
 */
export async function benchSupportLive(db: Db, measure: Measure) {
  const { createDb } = await import('@/db');
  const { openTicket, postMessage } = await import('@/lib/support');
  const { LiveHub, openLiveStream } = await import('@/lib/support/live');
  const { listWaitingLive } = await import('@/lib/support/queries');
  const { openTicketSchema, replySchema } = await import('@/lib/support/schemas');
  const { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } = await import('@/test/fixtures');
  const listener = createDb(process.env.DATABASE_URL!, { max: 2 });
  const hub = new LiveHub((ch, fn, on) => listener.client.listen(ch, fn, on));
  const m = merchantActorOf(await makeMerchant(db));
  const staff = staffActorOf(await makeAdmin(db, ['support']), ['support']);
  // Readers who only look (the auditor): every delivery is the fan-out alone, not also a read receipt per stream.
  const auditor = staffActorOf(await makeAdmin(db, ['auditor']), ['auditor']);
  const t = await openTicket(db, m, openTicketSchema.parse({ department: 'technical', subject: 'Bench live', message: 'Fan-out' }));
  if (!t.ok) throw new Error('bench: could not open a ticket');
  const abort = new AbortController();
  const waiting = new Map<string, number>();
  const resolvers = new Map<string, () => void>();
  const dec = new TextDecoder();
  for (let i = 0; i < STREAMS; i++) {
    const reader = openLiveStream(db, hub, auditor, t.data.id, null, abort.signal).getReader();
    void (async () => {
      let buf = '';
      for (;;) {
        const r = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (r.done) return;
        buf += dec.decode(r.value);
        for (const match of buf.matchAll(/bench-(\d+)/g)) {
          const key = match[1];
          const left = (waiting.get(key) ?? STREAMS) - 1;
          waiting.set(key, left);
          if (left === 0) resolvers.get(key)?.();
        }
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
      }
    })();
  }
  while (hub.size < STREAMS) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));
  await measure(`support live: a message stored → delivered on all ${STREAMS} open streams (one LISTEN per process)`, 50, 1, async (i) => {
    const key = String(i);
    const done = new Promise<void>((r) => resolvers.set(key, r));
    const posted = await postMessage(db, m, replySchema.parse({ ticketId: t.data.id, body: `bench-${key}` }));
    if (!posted.ok) throw new Error('bench: post refused');
    await done;
  });
  abort.abort();
  await hub.stop();
  await listener.client.end({ timeout: 5 });
  await measure('support: staff\'s "waiting live" list, 10 concurrent', 300, 10, () => listWaitingLive(db, staff));
}
