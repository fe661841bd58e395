/**
 * The header search's benchmark: N synthetic payments (BENCH_ROWS, default 1 000 000) over 20
 * merchants and 40 platforms, one in 256 of them deposit slips; then p50/p95 of `searchPayments` for each
 * kind of term, as a merchant (its own) and as staff (everyone's), a miss included.
 */
import type postgres from 'postgres';
import type { Db } from '@/db';

export async function benchSearch(db: Db, client: postgres.Sql, makePlatform: (db: Db) => Promise<{ merchant: { id: string }; platform: { id: string } }>) {
  const { generatePayments } = await import('@/db/generate');
  const { searchPayments } = await import('@/lib/search');
  const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const rows: Record<string, string | number>[] = [];

  const owners: { merchant: string; platforms: string[] }[] = [];
  for (let m = 0; m < 20; m++) {
    const a = await makePlatform(db);
    const b = await makePlatform(db);
    await client`update platforms set user_id = ${a.merchant.id} where id = ${b.platform.id}`;
    owners.push({ merchant: a.merchant.id, platforms: [a.platform.id, b.platform.id] });
  }
  const t0 = performance.now();
  for (let i = 0; i < N; i += 250_000) {
    await generatePayments(client, { platformIds: owners.flatMap((o) => o.platforms), n: Math.min(250_000, N - i) });
  }
  // One payment in 256 was a deposit slip, with the number printed on it.
  await client`
    insert into deposit_slips (payment_id, bank, slip_number, deposit_date)
    select id, 'melli', 'SL' || substr(tracking_code, 2), current_date from payments where left(id::text, 2) = '00'
    on conflict do nothing`;
  await client`analyze payments`;
  await client`analyze deposit_slips`;
  rows.push({
    what: `generate ${N.toLocaleString('en')} payments + slips + analyze`,
    runs: 1,
    p50: `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    p95: '',
  });

  const merchant = owners[3].merchant;
  const merchantActor = { kind: 'merchant', userId: merchant, merchantId: merchant, role: 'owner' } as const;
  const staffActor = { kind: 'staff', userId: merchant, roles: ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] } as const;
  const [mine] =
    await client`select tracking_code, order_id, payer_mobile, gateway_ref, right(card_masked, 4) as last4 from payments where platform_id = ${owners[3].platforms[0]} limit 1`;
  const [slip] =
    await client`select s.slip_number from deposit_slips s join payments p on p.id = s.payment_id where p.platform_id = ${owners[3].platforms[1]} limit 1`;
  const terms: [string, string][] = [
    ['tracking code', mine.tracking_code],
    ['order id', mine.order_id],
    ['payer mobile', mine.payer_mobile],
    ['bank reference', mine.gateway_ref],
    ["card's last four", mine.last4],
    ['slip number', slip?.slip_number ?? 'SL-none'],
    ['miss', 'no-such-term'],
  ];
  for (const [who, actor] of [
    ['merchant', merchantActor],
    ['staff', staffActor],
  ] as const) {
    for (const [kind, term] of terms) {
      const first = await searchPayments(db, actor, term);
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        await searchPayments(db, actor, term);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push({
        what: `search: ${who}, ${kind} (${first.hits.length} hits)`,
        runs: 40,
        p50: `${times[20].toFixed(1)} ms`,
        p95: `${times[38].toFixed(1)} ms`,
      });
    }
  }
  console.table(rows);
}
