/**
 * The virtual POS's costs (issue 18): reconciling a busy Turkish day — 2 000 sales in N Kolay's
 * payment list (the local fake, over HTTP, 500 a page) against our 2 000 lira payments of that
 * day, all matched, each run writing its 2 000 findings — and the card-collections list's first
 * page of 50 over 100 000 lira payments (one merchant, one POS, 30 days, every state). Query plans
 * of the list are printed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const DAY_SALES = 2_000;
const COLLECTIONS = 100_000;

export async function benchVpos(db: Db, measure: Measure) {
  const { startVposFake, makeVposMerchant } = await import('@/lib/vpos/fixtures');
  const { clientOfDefinition, definitionById } = await import('@/lib/vpos/definitions');
  const { reconcileDay, turkishDayBounds } = await import('@/lib/vpos/reconcile');
  const { listCollections } = await import('@/lib/vpos/payments');
  const { FAKE_NKOLAY_CARDS } = await import('@/test/fakes/nkolay');
  const { payments, vposPayments } = await import('@/db/schema');

  const fake = await startVposFake();
  // Tracking codes are unique over all payments: a tag per run keeps a database used before usable.
  const tag = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  try {
    const shop = await makeVposMerchant(db, { use3d: false });
    const d = (await definitionById(db, shop.definitionId))!;
    const client = clientOfDefinition(d);
    const day = '2026-02-10';
    const { start } = turkishDayBounds(day)!;
    fake.clock.set(new Date(start.getTime() + 8 * 3_600_000));

    // The bank's day: 2 000 approved sales, each under the order id (tracking code) we give it.
    const t0 = performance.now();
    const sales: { code: string; ref: string; amount: bigint }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < DAY_SALES) {
          const i = next++;
          const code = `B${tag}${String(i).padStart(7, '0')}`;
          const amount = BigInt(10_000 + i * 7);
          const r = await client.pay({
            clientRefCode: code,
            amount,
            successUrl: 'https://bench.example/ok',
            failUrl: 'https://bench.example/fail',
            card: { number: FAKE_NKOLAY_CARDS.approved, month: 12, year: 2030, cvv: '123' },
            use3D: false,
          });
          if (r.kind !== 'ok' || r.data.step !== 'paid') throw new Error(`bench pay: ${r.kind}`);
          sales.push({ code, ref: r.data.referenceCode, amount });
        }
      }),
    );
    // Ours: the same 2 000, succeeded, made that day.
    for (let i = 0; i < sales.length; i += 500) {
      const chunk = sales.slice(i, i + 500);
      const made = await db
        .insert(payments)
        .values(
          chunk.map((s, k) => ({
            platformId: shop.platform.id,
            source: 'pos' as const,
            livemode: false,
            amount: s.amount,
            currency: 'TRY' as const,
            gateway: 'nkolay',
            orderId: s.code,
            trackingCode: s.code,
            state: 'succeeded' as const,
            gatewayRef: s.ref,
            createdAt: new Date(start.getTime() + 8 * 3_600_000 + (i + k) * 1000),
            completedAt: new Date(start.getTime() + 8 * 3_600_000 + (i + k) * 1000),
            settledAt: new Date(),
          })),
        )
        .returning({ id: payments.id, code: payments.trackingCode });
      const refOf = new Map(chunk.map((s) => [s.code, s.ref]));
      await db
        .insert(vposPayments)
        .values(made.map((p) => ({ paymentId: p.id, definitionId: d.id, channel: 'agent' as const, referenceCode: refOf.get(p.code)! })));
    }
    console.log(`[bench] vpos: ${DAY_SALES} sales at the fake N Kolay and here in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const now = new Date(start.getTime() + 3 * 86_400_000);
    let matched = 0;
    await measure(`Virtual POS: reconcile a day (${DAY_SALES} bank rows, 500 a page, vs ${DAY_SALES} ours; findings written)`, 5, 1, async () => {
      const r = await reconcileDay(db, shop.actor, d.id, day, { now });
      if (!r.ok || r.data.error) throw new Error(JSON.stringify(r));
      matched = r.data.counts.matched ?? 0;
    });
    if (matched !== DAY_SALES) throw new Error(`matched ${matched}, expected ${DAY_SALES}`);

    // 100 000 lira payments over 30 days, in every state, on the same POS.
    const t1 = performance.now();
    await db.execute(sql`
      insert into payments (platform_id, source, livemode, amount, currency, gateway, order_id, tracking_code, state, created_at, completed_at, settled_at)
      select ${shop.platform.id}::uuid, 'pos', false, 5000 + i, 'TRY', 'nkolay', ${`L${tag}`} || lpad(i::text, 7, '0'), ${`L${tag}`} || lpad(i::text, 7, '0'),
        (array['succeeded','succeeded','succeeded','failed','canceled','unknown'])[1 + i % 6]::payment_state,
        ${start.toISOString()}::timestamptz - (i % 30) * interval '1 day' + (i % 86400) * interval '1 second',
        ${start.toISOString()}::timestamptz - (i % 30) * interval '1 day' + (i % 86400) * interval '1 second', now()
      from generate_series(1, ${COLLECTIONS}) i`);
    await db.execute(sql`
      insert into vpos_payments (payment_id, definition_id, channel, reference_code, bank_code, bank_message, created_at)
      select p.id, ${d.id}::uuid, (case when p.tracking_code like '%0' then 'checkout' else 'agent' end)::vpos_channel,
        case when p.state = 'succeeded' then 'IKSIRPF' || p.tracking_code end,
        case when p.state = 'failed' then '51' end, case when p.state = 'failed' then 'Yetersiz bakiye' end, p.created_at
      from payments p where p.tracking_code like ${`L${tag}%`}`);
    await db.execute(sql`analyze payments`);
    await db.execute(sql`analyze vpos_payments`);
    console.log(`[bench] vpos: ${COLLECTIONS} lira payments seeded in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain analyze
      select p.id from vpos_payments v join payments p on p.id = v.payment_id join vpos_definitions d on d.id = v.definition_id
      where d.user_id = ${shop.merchant.id} order by p.created_at desc, p.id desc limit 50`);
    console.log(`[bench] vpos plan — the collections list's first page:\n  ${[...plan].map((r) => r['QUERY PLAN']).join('\n  ')}`);

    await measure(`Virtual POS: card collections, first page of 50 (${COLLECTIONS + DAY_SALES} lira payments), 10 concurrent`, 500, 10, async () => {
      const rows = await listCollections(db, shop.actor, {}, 50);
      if (rows.length !== 50) throw new Error(`rows ${rows.length}`);
    });
    await measure(`Virtual POS: card collections, approved only, one POS, first page of 50, 10 concurrent`, 500, 10, async () => {
      const rows = await listCollections(db, shop.actor, { state: 'succeeded', definitionId: d.id }, 50);
      if (rows.length !== 50) throw new Error(`rows ${rows.length}`);
    });
  } finally {
    await fake.stop();
  }
}
