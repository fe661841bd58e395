/**
 * The audit trail's list (issue 20) at a realistic size: 1 000 000 events over two years, from
 * 20 000 merchants and 40 staff, one busy merchant with 50 000 events, 25 actions and 12 kinds of
 * object. Measured: staff's first page and each filter, a deep keyset page, and a merchant's own trail.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

const EVENTS = 1_000_000;
const MERCHANTS = 20_000;

export async function benchAudit(db: Db, measure: Measure) {
  const { listAuditEvents } = await import('@/lib/audit/list');
  const { makeAdmin, staffActorOf, merchantActorOf } = await import('@/test/fixtures');
  const staff = staffActorOf(await makeAdmin(db));

  // Merchants (0916 mobiles are this benchmark's own) and 40 staff (0917).
  await db.execute(sql`insert into users (mobile, first_name, last_name, password_hash)
    select '0916' || lpad(i::text, 7, '0'), 'مریم', 'پذیرنده' || i, 'x' from generate_series(1, ${MERCHANTS}) i on conflict do nothing`);
  await db.execute(sql`insert into users (mobile, first_name, last_name, password_hash, role)
    select '0917' || lpad(i::text, 7, '0'), 'کارشناس', '' || i, 'x', 'admin' from generate_series(1, 40) i on conflict do nothing`);
  // Events, oldest first so ids grow with time as they do live: one in twenty is the busy merchant's,
  // a third are staff's, a few are the system's with no business.
  await db.execute(sql`with m as (select id, row_number() over (order by mobile) as n from users where mobile like '0916%'),
      s as (select id, row_number() over (order by mobile) as n from users where mobile like '0917%')
    insert into audit_events (at, actor_kind, actor_user_id, merchant_id, action, object_type, object_id, before, after, ip, user_agent)
    select now() - interval '730 days' + (i::float / ${EVENTS}) * interval '730 days',
      case when i % 50 = 0 then 'system' when i % 3 = 0 then 'staff' else 'merchant' end,
      case when i % 50 = 0 then null when i % 3 = 0 then s.id else m.id end,
      case when i % 50 = 0 then null else m.id end,
      (array['create','edit','approve','reject','request','approved','sent','paid','returned','roll','revoke','allow_list','issue','set_fee',
        'add','remove','cancel','decline','succeed','fail','update','submit','password_change','pause','resume'])[1 + (i * 7) % 25],
      (array['platform','api_key','bank_account','payout','refund','kyc_profile','dispute','webhook_endpoint','payout_settings','service','user','payment_link'])[1 + (i * 11) % 12],
      md5(i::text)::uuid::text,
      jsonb_build_object('status', 'before'), jsonb_build_object('status', 'after', 'n', i),
      '10.0.' || (i % 250) || '.' || (i % 200), 'Mozilla/5.0 bench'
    from generate_series(1, ${EVENTS}) i
    join m on m.n = case when i % 20 = 0 then 1 else 1 + (i * 13) % ${MERCHANTS} end
    join s on s.n = 1 + i % 40`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze audit_events`);

  const [busy] = await db.execute<{ id: string; mobile: string }>(sql`select id, mobile from users where mobile = '09160000001'`);
  const [typical] = await db.execute<{ id: string; mobile: string }>(sql`select id, mobile from users where mobile = '09160012345'`);
  const [clerk] = await db.execute<{ id: string; mobile: string }>(sql`select id, mobile from users where mobile = '09170000007'`);
  const [objectRow] = await db.execute<{ object_type: string; object_id: string }>(
    sql`select object_type, object_id from audit_events where id = (select max(id) / 2 from audit_events)`,
  );
  const [deep] = await db.execute<{ id: string }>(sql`select id::text from audit_events order by id desc offset 1000 limit 1`);
  const halfYearAgo = new Date(Date.now() + 3.5 * 3600_000 - 182 * 86_400_000).toISOString().slice(0, 10);

  type F = Parameters<typeof listAuditEvents>[2];
  const list = (what: string, actor: Parameters<typeof listAuditEvents>[1], f: F) =>
    measure(`audit list: ${what} (1 000 000 events), 10 concurrent`, 300, 10, async () => {
      const r = await listAuditEvents(db, actor, f);
      if (r.rows.length === 0) throw new Error(`no rows for ${what}`);
    });
  await list('staff, first page, newest first', staff, {});
  await list('staff, page 21 by keyset', staff, { before: BigInt(deep.id) });
  await list('staff, by a busy merchant (50 000 events)', staff, { merchantId: busy.id });
  await list('staff, by a merchant’s mobile', staff, { merchantMobile: typical.mobile });
  await list('staff, by a staff member’s mobile', staff, { actorMobile: clerk.mobile });
  await list('staff, by an action', staff, { action: 'password_change' });
  await list('staff, by an object', staff, { objectType: objectRow.object_type, objectId: objectRow.object_id });
  await list('staff, one day six months ago', staff, { from: halfYearAgo, to: halfYearAgo });
  await list('staff, an action in one day', staff, { action: 'set_fee', from: halfYearAgo, to: halfYearAgo });
  await list('merchant, own trail, first page', merchantActorOf({ id: typical.id }), {});
  await list('busy merchant, own trail, an action', merchantActorOf({ id: busy.id }), { action: 'approved' });
}
