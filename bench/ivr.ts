/**
 * Phone payments' costs (issue 15) at a realistic size: 50 IVR platforms (10 on PayStar's rail)
 * with 200 000 invoices over 30 days (two thirds paid; the rail's past invoices closed), and
 * 500 000 look-ups over the last 24 hours. Then p50/p95 of what runs per call and per minute:
 * invoice creation, the IVR's look-up of a valid invoice, one caller's wrong look-ups racing the
 * cap, the merchant's invoice list, the result inquiry, staff's look-up stats and the rail
 * poller's due query when nothing is due. Query plans of the scans are printed for the record.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const PLATFORMS = 50;
const RAIL_PLATFORMS = 10;
const INVOICES = 200_000;
const LOOKUPS = 500_000;

export async function benchIvr(db: Db, measure: Measure) {
  const { makeIvrPlatform } = await import('@/lib/ivr/fixtures');
  const { createIvrInvoice, invoiceByCode, ivrLookup, listIvrInvoices, lookupStats, pollRailInvoices, setIvrRail } = await import('@/lib/ivr');
  const { setIvrRailForTests } = await import('@/lib/ivr/rail');
  const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db));

  const made: Awaited<ReturnType<typeof makeIvrPlatform>>[] = [];
  while (made.length < PLATFORMS) made.push(...(await Promise.all(Array.from({ length: 10 }, () => makeIvrPlatform(db)))));
  for (const f of made.slice(0, RAIL_PLATFORMS)) {
    if (!(await setIvrRail(db, staff, f.platform.id, 'paystar')).ok) throw new Error('rail');
  }
  const ids = `{${made.map((f) => f.platform.id).join(',')}}`;

  // One statement: the invoices' payments (paid ones, and every rail invoice's, made with it) and
  // the invoices. Rail invoices unpaid for over a day have their payment closed; the last day's
  // wait for their next poll in ten minutes, so nothing is due.
  const t0 = performance.now();
  await db.execute(sql`
    with src as materialized (
      select i, (${ids}::uuid[])[1 + i % ${PLATFORMS}] as platform_id, i % ${PLATFORMS} < ${RAIL_PLATFORMS} as rail,
        now() - i * interval '13 seconds' as created_at,
        case when i % 3 <> 0 or i % ${PLATFORMS} < ${RAIL_PLATFORMS} then gen_random_uuid() end as payment_id
      from generate_series(1, ${INVOICES}) i
    ), pays as (
      insert into payments (id, platform_id, source, livemode, amount, order_id, tracking_code, state, gateway, gateway_token,
        gateway_ref, card_masked, created_at, updated_at, completed_at)
      select payment_id, platform_id, 'ivr', true, 10000 + i, 'bench-ivr-' || i, '9' || lpad(i::text, 10, '0'),
        (case when i % 3 <> 0 then 'succeeded' when created_at > now() - interval '1 day' then 'created' else 'canceled' end)::payment_state,
        case when rail then 'paystar-ivr' else 'sandbox' end, 'bench-ivr-' || i,
        case when i % 3 <> 0 then 'ref' || i end, case when i % 3 <> 0 then '603799******0004' end,
        created_at, created_at, case when i % 3 <> 0 then created_at + interval '5 minutes' end
      from src where payment_id is not null
      returning id
    )
    insert into ivr_invoices (platform_id, mode, rail, livemode, amount, order_id, tracking_code, customer_name, phone,
      caller_number, expires_at, payment_id, lookups, next_poll_at, polls, created_at)
    select platform_id, (case when not rail and i % 10 = 9 then 'ivr_to_ivr' else 'invoice' end)::ivr_mode,
      (case when rail then 'paystar' else 'sandbox' end)::ivr_rail, true, 10000 + i, 'bench-ivr-' || i, (10000000 + i)::text,
      'Bench payer', '0912' || lpad((i % 1000000)::text, 7, '0'), case when payment_id is not null then '0935' || lpad((i % 1000000)::text, 7, '0') end,
      created_at + interval '1 day', payment_id, case when i % 3 <> 0 then 1 else 0 end,
      case when rail then (case when i % 3 = 0 and created_at > now() - interval '1 day' then now() + interval '10 minutes'
        else created_at + interval '31 minutes' end) end,
      case when rail then 5 else 0 end, created_at
    from src`);
  // A day of look-ups: mostly transactions, the errors in proportion, a burst of 5s on one platform.
  await db.execute(sql`
    insert into ivr_lookups (platform_id, caller, mode, code, at)
    select (${ids}::uuid[])[1 + i % ${PLATFORMS}], '0912' || lpad((i % 50000)::text, 7, '0'),
      (case when i % 10 = 9 then 'ivr_to_ivr' else 'invoice' end)::ivr_mode,
      case when i % ${PLATFORMS} = 7 and i % 5 = 0 then 5 else (array[0,0,0,0,0,0,0,0,0,0,0,0,2,2,2,2,2,1,3,4,5])[1 + i % 21] end,
      now() - i * interval '172 milliseconds'
    from generate_series(1, ${LOOKUPS}) i`);
  await db.execute(sql`analyze payments`);
  await db.execute(sql`analyze ivr_invoices`);
  await db.execute(sql`analyze ivr_lookups`);
  console.log(`[bench] ivr: ${INVOICES} invoices and ${LOOKUPS} look-ups seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const sandbox = made.slice(RAIL_PLATFORMS);
  // Invoice creation by agents of 40 platforms at once (the portal's phone-sales screen).
  const codes: { f: (typeof made)[number]; code: string }[] = [];
  await measure('IVR: invoice created (createIvrInvoice, 40 platforms), 20 concurrent', 1000, 20, async (i) => {
    const f = sandbox[i % sandbox.length];
    const r = await createIvrInvoice(db, f.actor, {
      platformId: f.platform.id,
      amount: 150_000n,
      orderId: null,
      customerName: 'Bench',
      email: null,
      phone: '09121234567',
    });
    if (!r.ok) throw new Error(`invoice refused: ${r.error}`);
    codes.push({ f, code: r.data.trackingCode });
  });

  // The IVR's look-up of each fresh invoice: a payment made and started on the sandbox bank's IVR.
  await measure('IVR: look-up of a valid invoice (ivrLookup, first: payment made), 20 concurrent', codes.length, 20, async (i) => {
    const { f, code } = codes[i];
    const a = await ivrLookup(db, f.credential, { ivr: 0, type: 1, invoice_id: code, merchant_cid: `0914${String(i).padStart(7, '0')}` });
    if (!a.ok) throw new Error(`look-up answered ${a.code}`);
  });
  await measure('IVR: look-up again while the call is at the bank (same transaction), 20 concurrent', codes.length, 20, async (i) => {
    const { f, code } = codes[i];
    const a = await ivrLookup(db, f.credential, { ivr: 0, type: 1, invoice_id: code, merchant_cid: `0914${String(i).padStart(7, '0')}` });
    if (!a.ok) throw new Error(`look-up answered ${a.code}`);
  });

  // Wrong invoice ids: 30 callers in turn, each keying 30 wrong ids at once on one platform; each
  // must be counted exactly up to the cap (5 by default) and hear 5 after.
  const one = sandbox[0];
  const answers: number[] = [];
  const CALLERS = 30;
  await measure('IVR: wrong look-ups of one caller racing the cap (30 at once per caller)', CALLERS * 30, 30, async (i) => {
    const a = await ivrLookup(db, one.credential, {
      ivr: 0,
      type: 1,
      invoice_id: '99999999',
      merchant_cid: `0915${String(Math.floor(i / 30)).padStart(7, '0')}`,
    });
    answers.push(a.ok ? 0 : a.code);
  });
  const twos = answers.filter((c) => c === 2).length;
  if (twos !== CALLERS * 5 || answers.length - twos !== answers.filter((c) => c === 5).length) {
    throw new Error(`cap not held: ${twos} answered 2, expected ${CALLERS * 5}`);
  }

  // The merchant's invoices page (4 000 invoices on its platform), the result inquiry, and staff's views.
  const reader = sandbox[1];
  await measure("IVR: merchant's invoice list, first page of 50 (4 000 invoices), 10 concurrent", 500, 10, async () => {
    const rows = await listIvrInvoices(db, reader.actor, {});
    if (rows.length !== 50) throw new Error(`page of ${rows.length}`);
  });
  await measure("IVR: merchant's invoice list of one platform, first page of 50 (4 000 invoices), 10 concurrent", 500, 10, async () => {
    const rows = await listIvrInvoices(db, reader.actor, { platformId: reader.platform.id });
    if (rows.length !== 50) throw new Error(`page of ${rows.length}`);
  });
  await measure("IVR: staff's invoice list, first page of 50 (≥ 200 000 invoices), 10 concurrent", 200, 10, async () => {
    const rows = await listIvrInvoices(db, staff, {});
    if (rows.length !== 50) throw new Error(`page of ${rows.length}`);
  });
  const [known] = await db.execute<{ tracking_code: string }>(
    sql`select tracking_code from ivr_invoices where platform_id = ${reader.platform.id} and payment_id is not null limit 1`,
  );
  await measure('IVR: result inquiry (invoiceByCode, with its payment), 20 concurrent', 2000, 20, async () => {
    const v = await invoiceByCode(db, reader.platform.id, known.tracking_code);
    if (!v) throw new Error('not found');
  });
  await measure("IVR: staff's look-up stats over 24 h (≥ 500 000 look-ups), 4 concurrent", 40, 4, async () => {
    const rows = await lookupStats(db, staff, new Date(Date.now() - 24 * 3600_000));
    if (rows.length < PLATFORMS) throw new Error(`${rows.length} platforms`);
  });

  // The rail poller's minute with nothing due (its client stubbed: it must not be asked).
  setIvrRailForTests({
    createFactor: async () => {
      throw new Error('the poller made an invoice');
    },
    result: async () => {
      throw new Error('the poller asked with nothing due');
    },
  });
  try {
    await measure("IVR: rail poller's minute with nothing due (40 000 rail invoices), one at a time", 200, 1, async () => {
      const r = await pollRailInvoices(db);
      if (r.polled !== 0) throw new Error(`polled ${r.polled}`);
    });
  } finally {
    setIvrRailForTests(null);
  }

  // The plans behind the scans, for whoever tunes the indexes.
  const plans: [string, SQL][] = [
    [
      'rail poller: due',
      sql`select i.id from ivr_invoices i join payments p on p.id = i.payment_id
        where i.rail = 'paystar' and i.state = 'open' and i.next_poll_at <= now() and p.state = 'created' and i.expires_at > now() - interval '1 day'
        order by i.next_poll_at limit 50`,
    ],
    [
      'rail poller: expired to close',
      sql`select p.id from ivr_invoices i join payments p on p.id = i.payment_id
        where i.rail = 'paystar' and p.state = 'created' and i.expires_at < now() - interval '1 day' limit 100`,
    ],
    [
      'staff invoice list',
      sql`select i.id from ivr_invoices i join platforms pl on pl.id = i.platform_id left join payments p on p.id = i.payment_id
        order by i.created_at desc, i.id desc limit 50`,
    ],
    [
      'merchant invoice list',
      sql`select i.id from ivr_invoices i join platforms pl on pl.id = i.platform_id left join payments p on p.id = i.payment_id
        where pl.user_id = ${reader.merchant.id} order by i.created_at desc, i.id desc limit 50`,
    ],
    [
      'merchant invoice list, one platform',
      sql`select i.id from ivr_invoices i join platforms pl on pl.id = i.platform_id left join payments p on p.id = i.payment_id
        where pl.user_id = ${reader.merchant.id} and i.platform_id = ${reader.platform.id} order by i.created_at desc, i.id desc limit 50`,
    ],
    [
      'look-up stats',
      sql`select l.platform_id, l.code, count(*) from ivr_lookups l left join platforms pl on pl.id = l.platform_id
        where l.at > now() - interval '1 day' group by l.platform_id, pl.name, pl.user_id, l.code`,
    ],
  ];
  for (const [what, q] of plans) {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, costs off, timing off, summary on) ${q}`);
    console.log(`[bench] ivr plan, ${what}: ${[...plan].map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);
  }
}
