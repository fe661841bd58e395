/**
 * The refunds' costs (issue 14) on a live platform of 2 000 payments paid on the sandbox bank:
 * refunds of distinct payments at once (each locks its own payment row; every posting updates the
 * platform's one pending row), refunds of one payment at once (queued on its row), and the
 * janitor's minutely question — which gateway refunds are due — over 200 000 refunds of which
 * 1 000 are waiting for the bank and none is due yet (the usual minute).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const PAYMENTS = 2000;

export async function benchRefunds(db: Db, measure: Measure) {
  const { addPaidPayment, paidPayment } = await import('@/lib/refunds/fixtures');
  const { createRefund, runRefundJanitor } = await import('@/lib/refunds');
  const { platform, actor, payment } = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n });
  const paid = [payment.id];
  while (paid.length < PAYMENTS) {
    const more = await Promise.all(
      Array.from({ length: Math.min(20, PAYMENTS - paid.length) }, () => addPaidPayment(db, platform.id, { amount: 1_000_000n, fee: 10_000n })),
    );
    paid.push(...more.map((p) => p.id));
  }
  const refund = async (paymentId: string, amount: bigint) => {
    const r = await createRefund(db, actor, { paymentId, amount, reason: 'bench' });
    if (!r.ok) throw new Error(`refund refused: ${r.error ?? JSON.stringify(r.fieldErrors)}`);
    return r.data.refund;
  };
  await measure('refund, the sandbox bank refunds the card (distinct payments of one platform), 20 concurrent', 1000, 20, async (i) => {
    const r = await refund(paid[i], 100_000n);
    if (r.state !== 'succeeded') throw new Error(`refund ${r.state}`);
  });
  let refused = 0;
  await measure('refunds of one payment (queued on its row), 20 concurrent', 400, 20, () =>
    refund(paid[PAYMENTS - 1], 5_000n).catch(() => {
      refused++;
    }),
  );
  // 400 × 5 000 > the 990 000 its pending holds (no fee back): the queue also meets refusals.
  console.log(`[bench] refunds of one payment: ${400 - refused} made, ${refused} refused`);

  // The janitor's due-query at size: synthetic test-mode refunds (no ledger), spread over the payments.
  const ids = `{${paid.join(',')}}`;
  await db.execute(sql`insert into refunds (payment_id, platform_id, merchant_id, livemode, amount, reason, state, method, next_inquiry_at, created_at)
    select (${ids}::uuid[])[1 + i % ${PAYMENTS}], ${platform.id}::uuid, ${actor.merchantId}::uuid, false, 1000, 'bench',
      (case when i % 200 = 0 then 'processing' else 'succeeded' end)::refund_state, 'gateway',
      case when i % 200 = 0 then now() + interval '1 day' end, now() - i * interval '1 second'
    from generate_series(1, 200000) i`);
  await db.execute(sql`analyze refunds`);
  const plan = await db.execute<{ 'QUERY PLAN': string }>(
    sql`explain select id from refunds where state = 'processing' and method = 'gateway' and (next_inquiry_at is null or next_inquiry_at < now()) limit 100`,
  );
  console.log(`[bench] refund janitor plan: ${[...plan].map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);
  await measure('refund janitor: due refunds among 200 000 (1 000 waiting, none due), one at a time', 500, 1, async () => {
    const r = await runRefundJanitor(db);
    if (r.inquired !== 0) throw new Error(`inquired ${r.inquired}`);
  });
}
