/**
 * The charge gateway's costs (issue 16) at a realistic size: 50 charge platforms with 200 000
 * orders over 30 days and their payments (mostly delivered; some failed, canceled, awaiting
 * payment, or unknown with their next inquiry ahead, so nothing is due), and 200 products added
 * to the tests' scripted provider (test/topup-provider). Then p50/p95 of what runs per sale and per minute: order creation,
 * the products of an operator, the delivery of paid orders with an instant provider, the
 * janitor's minute with nothing due, the merchant's order list and sales per product, and an
 * order read. Query plans of the scans are printed for the record.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import type { UpstreamProduct } from '@/lib/topup/provider';
import type { Measure } from './measure';

const PLATFORMS = 50;
const ORDERS = 200_000;
const OPERATORS = ['mci', 'irancell', 'rightel', 'shatel'] as const;

/** 200 products: per operator a direct top-up of a range, then packages and PINs at fixed prices. */
function catalogue(): UpstreamProduct[] {
  const out: UpstreamProduct[] = [];
  for (const [o, operator] of OPERATORS.entries()) {
    out.push({
      upstreamId: `bench-${operator}-direct`,
      operator,
      kind: 'direct',
      simType: 'prepaid',
      titleFa: `شارژ مستقیم ${operator}`,
      titleEn: `${operator} direct`,
      price: null,
      minAmount: 10_000n,
      maxAmount: 2_000_000n,
      step: 1_000n,
      amounts: null,
      volumeMb: null,
      durationDays: null,
      marginBasisPoints: 300,
      active: true,
    });
    for (let i = 1; i < 50; i++) {
      const pin = i % 10 === 0;
      out.push({
        upstreamId: `bench-${operator}-${pin ? 'pin' : 'pkg'}-${i}`,
        operator,
        kind: pin ? 'pin' : 'package',
        simType: i % 7 === 0 ? 'postpaid' : 'prepaid',
        titleFa: `بسته ${i} گیگ ${operator}`,
        titleEn: null,
        price: BigInt(20_000 * i + 1_000 * o),
        minAmount: null,
        maxAmount: null,
        step: null,
        amounts: null,
        volumeMb: pin ? null : 1_024 * i,
        durationDays: pin ? null : [1, 7, 30, 90][i % 4],
        marginBasisPoints: 400,
        active: true,
      });
    }
  }
  return out;
}

export async function benchTopup(db: Db, measure: Measure) {
  const { createTopup, deliverTopup, getTopup, offeredProducts, runTopupJanitor, setTopupProviderForTests, syncCatalogue } = await import('@/lib/topup');
  const { listTopupOrders, salesPerProduct } = await import('@/lib/topup/store');
  const { addPlatform } = await import('@/lib/platforms');
  const { addPlatformSchema } = await import('@/lib/validation/platforms');
  const { transfer } = await import('@/lib/ledger');
  const { platforms } = await import('@/db/schema');
  const { makeMerchantService, merchantActorOf } = await import('@/test/fixtures');
  const { scripted } = await import('@/test/topup-provider');

  // The tests' provider with the bench's products added: one catalogue under 'esaj', so a bench run
  // on the tests' database withdraws none of theirs. It delivers at once (its default answer).
  const products = catalogue();
  const { provider, state } = scripted(products);
  setTopupProviderForTests(provider);
  const synced = await syncCatalogue(db, provider);
  if (!synced.ok) throw new Error('catalogue');

  const charge = async (n: number) => {
    const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
    const actor = merchantActorOf(merchant);
    const made = await addPlatform(
      db,
      actor,
      addPlatformSchema.parse({
        type: 'app',
        name: `Bench charge ${n}`,
        address: `ir.bench.charge${n}`,
        expectedMonthlyVolume: '1000000',
        merchantServiceId,
      }),
    );
    if (!made.ok) throw new Error(made.error);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, made.data.platform.id));
    return { actor, platform: made.data.platform };
  };
  const made: Awaited<ReturnType<typeof charge>>[] = [];
  while (made.length < PLATFORMS) made.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => charge(made.length + i)))));
  const ids = `{${made.map((f) => f.platform.id).join(',')}}`;

  // One statement: the payments and their orders, each order of one of the 200 products (its
  // price, or 50 000 for a direct top-up). 80 % delivered, 5 % failed, 5 % canceled (payment
  // failed), 5 % awaiting payment (payment created), 5 % unknown with the next inquiry in an hour.
  const t0 = performance.now();
  await db.execute(sql`
    with prod as materialized (
      select row_number() over (order by upstream_id) - 1 as rn, id, operator, kind, upstream_id, title_fa, coalesce(price, 50000) as amount, margin_basis_points
      from topup_products where provider = 'esaj' and upstream_id like 'bench-%'
    ), src as materialized (
      select i, (${ids}::uuid[])[1 + i % ${PLATFORMS}] as platform_id, gen_random_uuid() as payment_id,
        now() - i * interval '13 seconds' as created_at,
        (array['delivered','delivered','delivered','delivered','delivered','delivered','delivered','delivered','delivered','delivered',
               'delivered','delivered','delivered','delivered','delivered','delivered','failed','canceled','awaiting_payment','unknown'])[1 + i % 20] as state,
        p.*
      from generate_series(1, ${ORDERS}) i join prod p on p.rn = i % ${products.length}
    ), pays as (
      insert into payments (id, platform_id, source, livemode, amount, fee, order_id, tracking_code, state, gateway, gateway_token,
        gateway_ref, card_masked, payer_mobile, product, amount_locked, created_at, updated_at, completed_at, settled_at)
      select payment_id, platform_id, 'topup', true, amount, 0, 'bench-top-' || i, '8' || lpad(i::text, 10, '0'),
        (case state when 'canceled' then 'failed' when 'awaiting_payment' then 'created' else 'succeeded' end)::payment_state,
        'sandbox', 'bench-top-' || i, case when state not in ('canceled', 'awaiting_payment') then 'ref' || i end,
        case when state not in ('canceled', 'awaiting_payment') then '603799******0004' end,
        '0912' || lpad((i % 1000000)::text, 7, '0'), upstream_id, true,
        created_at, created_at, case when state <> 'awaiting_payment' then created_at + interval '1 minute' end,
        case when state not in ('canceled', 'awaiting_payment') then created_at + interval '1 minute' end
      from src
      returning id
    )
    insert into topup_orders (platform_id, payment_id, livemode, order_id, mobile, operator, product_id, provider, upstream_id, kind, title,
      amount, margin_basis_points, commission_basis_points, commission, state, delivery_ref, failure_reason, channel, attempts,
      next_inquiry_at, created_at, updated_at, delivered_at)
    select platform_id, payment_id, true, 'bench-top-' || i, '0912' || lpad((i % 1000000)::text, 7, '0'), operator, id, 'esaj', upstream_id,
      kind, title_fa, amount, margin_basis_points, 5000,
      case when state = 'delivered' then amount * margin_basis_points / 20000 end, state::topup_state,
      case when state = 'delivered' then 'bench-' || i end, case when state = 'failed' then 'refused' end,
      (array['api','api','store','bulk'])[1 + i % 4], case when state in ('delivered', 'failed', 'unknown') then 1 else 0 end,
      case when state = 'unknown' then now() + interval '1 hour' end, created_at, created_at,
      case when state = 'delivered' then created_at + interval '2 minutes' end
    from src`);
  await db.execute(sql`analyze payments`);
  await db.execute(sql`analyze topup_orders`);
  await db.execute(sql`analyze topup_products`);
  console.log(`[bench] topup: ${ORDERS} orders and their payments seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Orders made through the API's path (quote, commission, payment and order in one transaction).
  const fresh: { id: string; paymentId: string; amount: bigint }[] = [];
  await measure('top-up: order created (createTopup, direct top-up of an amount), 20 concurrent', 1000, 20, async (i) => {
    const r = await createTopup(db, {
      platformId: made[i % PLATFORMS].platform.id,
      livemode: true,
      mobile: `0912${String(2_000_000 + i).padStart(7, '0')}`,
      operator: null,
      productId: null,
      amount: 50_000n,
      orderId: `bench-new-${i}`,
      callbackUrl: null,
      channel: 'api',
    });
    if (!r.ok) throw new Error(`refused: ${r.error}`);
    fresh.push({ id: r.data.order.id, paymentId: r.data.payment.id, amount: r.data.order.amount });
  });

  await measure('top-up: products of an operator (offeredProducts, 200 products), 20 concurrent', 2000, 20, async (i) => {
    const rows = await offeredProducts(db, 'esaj', { operator: OPERATORS[i % OPERATORS.length] });
    const ours = rows.filter((r) => r.upstreamId.startsWith('bench-')).length;
    if (ours !== 50) throw new Error(`${ours} products`);
  });

  // The buyers pay (the payments succeed and their money is held in topup_clearing), then each is
  // delivered by the instant provider: claim, charge, the delivered move with its posting and event.
  await db.execute(sql`update payments set state = 'succeeded', completed_at = now(), settled_at = now(), fee = 0
    where id in (select payment_id from topup_orders where order_id like 'bench-new-%')`);
  await db.transaction((tx) =>
    transfer(tx, {
      kind: 'test_funding',
      reference: 'bench-topup',
      from: { kind: 'gateway_clearing' },
      to: { kind: 'topup_clearing' },
      amount: fresh.reduce((a, o) => a + o.amount, 0n),
    }),
  );
  await measure('top-up: delivery of a paid order (deliverTopup, instant provider), 20 concurrent', fresh.length, 20, async (i) => {
    const o = await deliverTopup(db, fresh[i].id);
    if (o?.state !== 'delivered') throw new Error(`left ${o?.state}`);
  });
  if (state.charges !== fresh.length) throw new Error(`${state.charges} charges for ${fresh.length} orders`);

  await measure("top-up: janitor's minute with nothing due (≥ 200 000 orders), one at a time", 100, 1, async () => {
    const r = await runTopupJanitor(db);
    if (r.inquired !== 0) throw new Error(`inquired ${r.inquired}`);
  });

  const reader = made[1];
  await measure("top-up: merchant's order list, first page of 50 (4 000 orders), 10 concurrent", 500, 10, async () => {
    const rows = await listTopupOrders(db, reader.actor, {});
    if (rows.length !== 50) throw new Error(`page of ${rows.length}`);
  });
  await measure("top-up: merchant's order list of one platform, first page of 50, 10 concurrent", 500, 10, async () => {
    const rows = await listTopupOrders(db, reader.actor, { platformId: reader.platform.id });
    if (rows.length !== 50) throw new Error(`page of ${rows.length}`);
  });
  await measure("top-up: merchant's sales per product (salesPerProduct, 4 000 orders), 10 concurrent", 200, 10, async () => {
    const rows = await salesPerProduct(db, reader.actor);
    if (rows.length === 0) throw new Error('no sales');
  });
  const [known] = await db.execute<{ id: string }>(sql`select id from topup_orders where platform_id = ${reader.platform.id} limit 1`);
  await measure('top-up: one order (getTopup), 20 concurrent', 2000, 20, async () => {
    const o = await getTopup(db, reader.platform.id, known.id);
    if (!o) throw new Error('not found');
  });
  setTopupProviderForTests(null);

  // The plans behind the scans, for whoever tunes the indexes.
  const plans: [string, SQL][] = [
    [
      'janitor: cancel orders whose payment failed',
      sql`select o.id from topup_orders o where o.state = 'awaiting_payment'
        and exists (select 1 from payments p where p.id = o.payment_id and p.state in ('failed', 'canceled'))`,
    ],
    [
      'janitor: due',
      sql`select o.id from topup_orders o left join payments p on p.id = o.payment_id
        where (o.state = 'awaiting_payment' and p.state = 'succeeded') or o.state = 'paid'
          or (o.state = 'unknown' and (o.next_inquiry_at is null or o.next_inquiry_at <= now()))
          or (o.state = 'delivering' and o.delivering_until < now())
        order by o.created_at limit 100`,
    ],
    [
      "merchant's order list",
      sql`select o.id from topup_orders o join platforms pl on pl.id = o.platform_id
        where pl.user_id = ${reader.actor.merchantId} order by o.created_at desc, o.id desc limit 50`,
    ],
    [
      'sales per product',
      sql`select o.operator, o.kind, o.title, count(*) from topup_orders o join platforms pl on pl.id = o.platform_id
        where pl.user_id = ${reader.actor.merchantId} and o.livemode group by o.operator, o.kind, o.title order by count(*) desc`,
    ],
    [
      'products of an operator',
      sql`select id from topup_products where provider = 'esaj' and upstream_active and not hidden and operator = 'mci'
        order by operator, kind, price, title_fa`,
    ],
  ];
  for (const [what, q] of plans) {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, costs off, timing off, summary on) ${q}`);
    console.log(`[bench] topup plan, ${what}: ${[...plan].map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);
  }
}
