/**
 * Split payments' costs (issue 17) at a realistic size: 20 marketplaces with 3 beneficiaries each
 * and 200 000 invoices over 30 days (600 000 parts: the marketplace's and two sellers'; 70 % closed
 * and settled, 20 % paid, 10 % open), one marketplace holding 40 000 of them. Then p50/p95 of what
 * runs per call: making an invoice, the buyer paying it on the sandbox bank (one posting crediting
 * every party), closing, the marketplace's list and detail, a seller's own parts, the period's
 * totals per party, and the settlement run's split part. Query plans of the scans are printed.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const MARKETPLACES = 20;
const INVOICES = 200_000;

export async function benchSplit(db: Db, measure: Measure) {
  const { makeMarketplace, makeBeneficiary, invoiceBody, payInvoice } = await import('@/lib/split/fixtures');
  const { createSplitInvoice, getSplitInvoice, listSplitInvoices, mySplitParts, beneficiaryTotals, closeSplitInvoice } = await import('@/lib/split');
  const { createSplitInvoiceSchema } = await import('@/lib/split/schemas');
  const { settleSplitShares } = await import('@/lib/split/ledger');

  const markets: Awaited<ReturnType<typeof makeMarketplace>>[] = [];
  while (markets.length < MARKETPLACES) markets.push(...(await Promise.all(Array.from({ length: 5 }, () => makeMarketplace(db)))));
  const sellers: Awaited<ReturnType<typeof makeBeneficiary>>[][] = [];
  for (const m of markets) sellers.push(await Promise.all([1, 2, 3].map((k) => makeBeneficiary(db, m, `Seller ${k}`))));

  // One statement per table: invoices (the first marketplace holds a fifth of them), then three parts each.
  const t0 = performance.now();
  const mk = `{${markets.map((m) => m.platform.id).join(',')}}`;
  const bs = `{${sellers.map((s) => s.map((x) => x.beneficiary.id).join(',')).join(',')}}`;
  const ps = `{${sellers.map((s) => s.map((x) => x.platformId).join(',')).join(',')}}`;
  await db.execute(sql`
    insert into split_invoices (marketplace_id, livemode, rail, bill_number, total, fee_payer, customer_items, state, expires_at,
      fee, paid_at, closed_at, created_at)
    select (${mk}::uuid[])[case when i % 5 = 0 then 1 else 1 + i % ${MARKETPLACES} end], true, 'dargah', 'bench-' || i, 1300000, 'marketplace',
      '[{"description":"order","productId":null,"quantity":1,"unitPrice":"1300000","discount":"0"}]'::jsonb,
      (case when i % 10 < 7 then 'closed' when i % 10 < 9 then 'paid' else 'open' end)::split_invoice_state,
      now() - i * interval '13 seconds' + interval '1 day', 13000,
      case when i % 10 < 9 then now() - i * interval '13 seconds' + interval '2 minutes' end,
      case when i % 10 < 7 then now() - i * interval '13 seconds' + interval '1 hour' end,
      now() - i * interval '13 seconds'
    from generate_series(1, ${INVOICES}) i`);
  await db.execute(sql`
    insert into split_parts (invoice_id, position, role, beneficiary_id, platform_id, share, items, fee, settled_at, created_at)
    select inv.id, k, (case when k = 0 then 'main' else 'sub' end)::split_part_role,
      case when k > 0 then (${bs}::uuid[])[m.n * 3 + k + (inv.seq % 2)::int] end,
      case when k > 0 then (${ps}::uuid[])[m.n * 3 + k + (inv.seq % 2)::int] else inv.marketplace_id end,
      case k when 0 then 800000 when 1 then 300000 else 200000 end, '[]'::jsonb, case when k = 0 then 13000 else 0 end,
      case when inv.state = 'closed' and inv.closed_at < now() - interval '1 day' then inv.closed_at + interval '12 hours' end, inv.created_at
    from split_invoices inv
    join (select id, (array_position(${mk}::uuid[], id) - 1) as n from platforms where id = any(${mk}::uuid[])) m on m.id = inv.marketplace_id
    cross join generate_series(0, 2) k
    where inv.bill_number like 'bench-%'`);
  await db.execute(sql`update split_invoices set settled_at = closed_at + interval '12 hours'
    where bill_number like 'bench-%' and state = 'closed' and closed_at < now() - interval '1 day'`);
  await db.execute(sql`analyze split_invoices`);
  await db.execute(sql`analyze split_parts`);
  console.log(`[bench] split: ${INVOICES} invoices and ${INVOICES * 3} parts seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const explain = async (label: string, q: SQL) => {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain analyze ${q}`);
    console.log(`[bench] split plan — ${label}:\n  ${[...plan].map((r) => r['QUERY PLAN']).join('\n  ')}`);
  };
  const big = markets[0];
  await explain(
    'the busiest marketplace’s first page',
    sql`select id from split_invoices where marketplace_id = ${big.platform.id} and livemode = true order by seq desc limit 51`,
  );

  const body = (i: number, m: number) => invoiceBody(`bench-new-${m}-${i}`, 800_000n, [{ beneficiaryId: sellers[m][i % 3].beneficiary.id, share: 500_000n }]);
  const made: { id: string; m: number }[] = [];
  await measure('Split: invoice made (createSplitInvoice, 20 marketplaces, 2 parts checked for permission), 20 concurrent', 1000, 20, async (i) => {
    const m = i % MARKETPLACES;
    const r = await createSplitInvoice(db, markets[m].actor, markets[m].platform.id, createSplitInvoiceSchema.parse(body(i, m)));
    if (!r.ok) throw new Error(JSON.stringify(r));
    made.push({ id: r.data.id, m });
  });
  await measure('Split: buyer pays on the sandbox bank (payment, start, bank, verify, one posting for every party), 10 concurrent', 300, 10, async (i) => {
    const { payment } = await payInvoice(db, made[i].id);
    if (payment.state !== 'succeeded') throw new Error(payment.state);
  });
  await measure('Split: close (closeSplitInvoice, row locked, event), 20 concurrent', 300, 20, async (i) => {
    const r = await closeSplitInvoice(db, markets[made[i].m].actor, made[i].id);
    if (!r.ok) throw new Error(r.error);
  });
  await measure('Split: the busiest marketplace’s list, first page of 50 (of 40 000), 20 concurrent', 500, 20, () =>
    listSplitInvoices(db, big.actor, big.platform.id, {}),
  );
  await measure('Split: the busiest marketplace’s list filtered to paid, 20 concurrent', 300, 20, () =>
    listSplitInvoices(db, big.actor, big.platform.id, { state: 'paid' }),
  );
  await measure('Split: one invoice with its parts and payment (getSplitInvoice), 20 concurrent', 1000, 20, (i) =>
    getSplitInvoice(db, markets[made[i % made.length].m].actor, made[i % made.length].id),
  );
  await measure('Split: a seller’s own parts, latest 100 (of ~20 000), 20 concurrent', 300, 20, (i) => mySplitParts(db, sellers[0][i % 3].actor));
  const today = new Date(Date.now() + 12_600_000).toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() + 12_600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
  await measure('Split: per-party totals of the busiest marketplace for 30 days (40 000 invoices), 5 concurrent', 50, 5, () =>
    beneficiaryTotals(db, big.actor, big.platform.id, { from: monthAgo, to: today }),
  );
  // The settlement run's split part: every party with closed, unsettled parts (a day of closes) settles once.
  await measure('Split: settlement run, split part (every party of the day’s closed invoices), 1 run', 1, 1, () =>
    settleSplitShares(db, { now: new Date(), runDate: `bench-${Date.now()}`, cutoff: new Date() }),
  );
  await measure('Split: settlement run with nothing due (the 09:00 scan), 20 runs', 20, 1, () =>
    settleSplitShares(db, { now: new Date(), runDate: `bench-empty-${Date.now()}`, cutoff: new Date() }),
  );
}
