/**
 * Payers' inquiries (issue 21): a merchant's inquiry list (newest first, one page of 20) over
 * 20 000 inquiries of theirs among 100 000, the staff's overdue queue, and a payer asking by code.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

export async function benchInquiries(db: Db, measure: Measure) {
  const { addPaidPayment, paidPayment } = await import('@/lib/refunds/fixtures');
  const { askAboutPayment, listInquiries, listOverdueInquiries } = await import('@/lib/support/inquiries');
  const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db), ['support']);
  const mine = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n });
  const other = await paidPayment(db, { amount: 1_000_000n, fee: 10_000n });
  const payments = [mine.payment.id];
  for (let i = 0; i < 19; i++) payments.push((await addPaidPayment(db, mine.platform.id, { mobile: '09130000001' })).id);
  const ids = `{${payments.join(',')}}`;
  // 20 000 of the merchant's (a fifth still open), 80 000 of another merchant's, over the last 200 days.
  await db.execute(sql`insert into payer_inquiries (merchant_id, payment_id, mobile, message, state, answer, due_at, created_at)
    select ${mine.actor.merchantId}::uuid, (${ids}::uuid[])[1 + i % 20], '09130000001', 'bench',
      (case when i % 5 = 0 then 'open' else 'answered' end)::payer_inquiry_state, case when i % 5 = 0 then null else 'ok' end,
      now() - i * interval '14 minutes' + interval '9 hours', now() - i * interval '14 minutes'
    from generate_series(1, 20000) i`);
  await db.execute(sql`insert into payer_inquiries (merchant_id, payment_id, mobile, message, state, answer, due_at, created_at)
    select ${other.actor.merchantId}::uuid, ${other.payment.id}::uuid, '09130000002', 'bench', 'answered', 'ok',
      now() - i * interval '3 minutes' + interval '9 hours', now() - i * interval '3 minutes'
    from generate_series(1, 80000) i`);
  await db.execute(sql`analyze payer_inquiries`);
  await measure("a merchant's payer inquiries (page 1 of 20 000), 10 concurrent", 300, 10, async () => {
    const r = await listInquiries(db, mine.actor, { state: 'all', page: 1 });
    if (r.rows.length !== 20) throw new Error('short page');
  });
  await measure("a merchant's open payer inquiries (page 1 of 4 000), 10 concurrent", 300, 10, () => listInquiries(db, mine.actor, { state: 'open', page: 1 }));
  await measure('staff overdue payer inquiries (page 1), 10 concurrent', 300, 10, () => listOverdueInquiries(db, staff, 1));
  const code = mine.payment.trackingCode;
  await measure('payer asks on /pay/help, wrong mobile (rate limits + lookup), 10 concurrent', 300, 10, (i) =>
    askAboutPayment(
      db,
      { by: 'code', trackingCode: code, mobile: `0914${String(i).padStart(7, '0')}`, message: 'x' },
      { ip: `10.9.${i >> 8}.${i & 255}`, locale: 'fa' },
    ),
  );
}
