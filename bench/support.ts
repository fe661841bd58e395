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
