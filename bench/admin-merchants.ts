/**
 * Staff's merchant list and merchant page (issue 19) at a realistic size: 100 000 merchants (85 %
 * with customer information, 40 % with a service, spread over the 31 provinces), and one busy
 * merchant with 5 platforms, 200 000 payments, 2 000 messages and 300 staff decisions.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const MERCHANTS = 100_000;
const PAYMENTS = 200_000;

export async function benchAdminMerchants(db: Db, measure: Measure) {
  const { listMerchants, getMerchantForStaff } = await import('@/lib/admin/merchants');
  const { PROVINCES } = await import('@/lib/geo/provinces');
  const { makeAdmin, staffActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db));
  const provinces = `{${PROVINCES.map((p) => `"${p.fa}"`).join(',')}}`;

  // Merchants over two years; 0915 mobiles are this benchmark's own.
  await db.execute(sql`insert into users (mobile, first_name, last_name, password_hash, created_at)
    select '0915' || lpad(i::text, 7, '0'),
      (array['مریم','علی','سارا','رضا','زهرا','حسین','Sara','Omid'])[1 + i % 8], 'کاربر' || i, 'x',
      now() - (i % 730) * interval '1 day' - (i % 86400) * interval '1 second'
    from generate_series(1, ${MERCHANTS}) i on conflict do nothing`);
  // Customer information for 85 %: natural persons and one in ten a company; a third of them in Tehran.
  await db.execute(sql`insert into kyc_profiles (user_id, kind, status, identity, submitted_at)
    select u.id, (case when n % 10 = 0 then 'legal' else 'natural' end)::person_kind,
      (array['approved','approved','approved','submitted','rejected','draft'])[1 + n % 6]::kyc_status,
      jsonb_build_object('firstName', u.first_name, 'lastName', u.last_name, 'nationalCode', lpad((1000000 + n)::text, 10, '0'),
        'province', case when n % 3 = 0 then 'تهران' else (${provinces}::text[])[1 + n % 31] end,
        'companyName', case when n % 10 = 0 then 'شرکت نمونه ' || n end),
      u.created_at + interval '1 day'
    from (select id, first_name, last_name, created_at, substr(mobile, 5)::int as n from users where mobile like '0915%') u
    where u.n % 20 not in (0, 1, 2)
    on conflict do nothing`);
  await db.execute(sql`insert into merchant_services (user_id, service_id, status)
    select id, case when n % 50 = 1 then 'vpos' when n % 10 = 3 then 'ivr' else 'payment' end, 'active'
    from (select id, substr(mobile, 5)::int as n from users where mobile like '0915%') u
    where n % 5 < 2
    on conflict do nothing`);

  // The busy merchant: 5 platforms of its payment service, each with its balances, and their payments.
  const [busy] = await db.execute<{ id: string }>(sql`select id from users where mobile = '09150000011'`);
  const [ms] = await db.execute<{ id: string }>(sql`select id from merchant_services where user_id = ${busy.id}::uuid and service_id = 'payment'`);
  await db.execute(sql`insert into platforms (user_id, merchant_service_id, type, name, address, expected_monthly_volume, status)
    select ${busy.id}::uuid, ${ms.id}::uuid, 'website', 'shop ' || i, 'https://shop' || i || '.example', 1000000000, 'approved'
    from generate_series(1, 5) i`);
  await db.execute(sql`insert into ledger_accounts (kind, platform_id, balance)
    select k::ledger_account_kind, p.id, 1000000 from platforms p, unnest(array['platform_pending','platform_withdrawable']) k
    where p.user_id = ${busy.id}::uuid on conflict do nothing`);
  await db.execute(sql`insert into payments (platform_id, source, livemode, amount, order_id, tracking_code, state, created_at, updated_at)
    select p.id, 'api', true, 100000 + i, 'bench-adm-' || i, '5' || lpad(i::text, 10, '0'),
      (array['succeeded','succeeded','succeeded','failed','created'])[1 + i % 5]::payment_state,
      now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second', now()
    from generate_series(1, ${PAYMENTS}) i
    join (select id, row_number() over (order by created_at, id) - 1 as rn from platforms where user_id = ${busy.id}::uuid) p on p.rn = i % 5`);
  await db.execute(sql`insert into messages (user_id, source, category, title, body)
    select ${busy.id}::uuid, 'staff', 'announcement', 'Bench ' || i, 'Body ' || i from generate_series(1, 2000) i`);
  await db.execute(sql`insert into audit_events (actor_kind, actor_user_id, merchant_id, action, object_type, object_id, after, at)
    select case when i % 3 = 0 then 'staff' else 'merchant' end, ${staff.userId}::uuid, ${busy.id}::uuid,
      (array['approve','reject','suspend'])[1 + i % 3], 'platform', 'p' || i, jsonb_build_object('reason', 'bench ' || i),
      now() - i * interval '1 hour'
    from generate_series(1, 900) i`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze kyc_profiles`);
  await db.execute(sql`analyze merchant_services`);
  await db.execute(sql`analyze payments`);

  const page = { limit: 26, offset: 0 };
  const list = (what: string, f: Parameters<typeof listMerchants>[2], expectRows = true) =>
    measure(`staff merchants: ${what} (100 000 merchants), 10 concurrent`, 300, 10, async () => {
      const rows = await listMerchants(db, staff, f);
      if (expectRows && rows.length === 0) throw new Error(`no rows for ${what}`);
    });
  await list('first page, newest first', page);
  await list('page 40', { ...page, offset: 39 * 25 });
  await list('search by a name', { ...page, q: 'کاربر4242' });
  await list('search by a national code', { ...page, q: '0001004243' });
  await list('search by the start of a mobile', { ...page, q: '091500424' });
  await list('waiting for review in Tehran', { ...page, kyc: 'submitted', province: 'تهران' });
  await list('with the virtual POS (2 %)', { ...page, service: 'vpos' });
  await list('no customer information', { ...page, kyc: 'none' });
  await measure('staff merchant page (5 platforms, 200 000 payments, 2 000 messages, 900 audit events), 10 concurrent', 300, 10, async () => {
    const m = await getMerchantForStaff(db, staff, busy.id);
    if (!m || m.payments.length !== 10 || m.platforms.length !== 5) throw new Error('merchant page incomplete');
  });
}
