/**
 * The disputes' costs (issue 14): staff opening disputes on distinct payments at once (each locks
 * its payment and the platform's withdrawable row, one posting each), the staff queue (open first,
 * nearest deadline) and a merchant's list, over 20 000 disputes of which 2 000 are open.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const PAYMENTS = 1000;

export async function benchDisputes(db: Db, measure: Measure) {
  const { addPaidPayment, paidPayment } = await import('@/lib/refunds/fixtures');
  const { listDisputeQueue, listMerchantDisputes, openDispute } = await import('@/lib/disputes');
  const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db));
  const { platform, actor, payment } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n, withdrawable: 500_000_000n });
  const paid = [payment.id];
  while (paid.length < PAYMENTS) {
    const more = await Promise.all(
      Array.from({ length: Math.min(20, PAYMENTS - paid.length) }, () => addPaidPayment(db, platform.id, { amount: 1_000_000n, fee: 10_000n, settled: true })),
    );
    paid.push(...more.map((p) => p.id));
  }
  const deadline = new Date(Date.now() + 7 * 86_400_000);
  await measure('dispute opened by staff (distinct payments of one platform, held at once), 10 concurrent', PAYMENTS, 10, async (i) => {
    const r = await openDispute(db, staff, { paymentId: paid[i], amount: 300_000n, reason: 'bench', deadline });
    if (!r.ok) throw new Error(`dispute refused: ${r.error ?? JSON.stringify(r.fieldErrors)}`);
  });
  // The queue at size: synthetic decided disputes on the same payments (rows only; no money moves).
  const ids = `{${paid.join(',')}}`;
  await db.execute(sql`insert into disputes (payment_id, platform_id, merchant_id, amount, from_withdrawable, reason, deadline, state, created_at)
    select (${ids}::uuid[])[1 + i % ${PAYMENTS}], ${platform.id}::uuid, ${actor.merchantId}::uuid, 1000, 1000, 'bench',
      now() - i * interval '1 minute', (case when i % 2 = 0 then 'won' else 'lost' end)::dispute_state, now() - i * interval '1 minute'
    from generate_series(1, 19000) i`);
  await db.execute(sql`analyze disputes`);
  await measure('staff dispute queue (open first, 200 of 20 000), 10 concurrent', 300, 10, async () => {
    const rows = await listDisputeQueue(db, staff, { filter: 'open' });
    if (rows.length === 0) throw new Error('empty queue');
  });
  await measure('staff dispute queue, past deadline, 10 concurrent', 300, 10, () => listDisputeQueue(db, staff, { filter: 'overdue' }));
  await measure("a merchant's disputes (open first, 100 of 20 000), 10 concurrent", 300, 10, () => listMerchantDisputes(db, actor));
}
