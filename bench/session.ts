/**
 * Who is asking, on every signed-in request: the one read of the session (user not signed out, 2FA
 * state, chosen membership, staff roles) beside the three lookups it replaced, for a member of two
 * businesses and a staff member, among 100 000 people with memberships.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Measure } from './measure';

export async function benchSession(db: Db, measure: Measure) {
  const { readSession } = await import('@/lib/auth/session-read');
  const { liveSessionUser } = await import('@/lib/auth/revoked');
  const { twoFactorState } = await import('@/lib/auth/two-factor');
  const { merchantActorFor } = await import('@/lib/teams/actor');
  const { staffRolesOf } = await import('@/lib/staff');
  const { merchantMembers } = await import('@/db/schema');
  const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
  // Many people with their own businesses, so the lookups run over real-sized tables.
  await db.execute(sql`insert into users (mobile, first_name, last_name, password_hash)
    select '0915' || lpad(i::text, 7, '0'), 'S', 'M', 'x' from generate_series(1, 100000) i on conflict do nothing`);
  await db.execute(sql`insert into merchants (id) select id from users where mobile like '0915%' on conflict do nothing`);
  await db.execute(sql`insert into merchant_members (merchant_id, user_id, role)
    select id, id, 'owner' from users where mobile like '0915%' on conflict do nothing`);
  await db.execute(sql`analyze users; analyze merchant_members`);
  const member = await makeMerchant(db);
  const other = await makeMerchant(db);
  await db.insert(merchantMembers).values({ merchantId: other.id, userId: member.id, role: 'accountant', invitedBy: other.id });
  const staff = await makeAdmin(db);
  const sid = '00000000-0000-4000-8000-000000000000';
  await measure("a member's session read (one statement), 10 concurrent", 1000, 10, () => readSession(db, { uid: member.id, sid, chosenMerchantId: other.id }));
  await measure("a member's three lookups it replaced, 10 concurrent", 1000, 10, async () => {
    const user = (await liveSessionUser(db, member.id, sid))!;
    await twoFactorState(db, user, sid);
    await merchantActorFor(db, user, other.id);
  });
  await measure("a staff member's session read (one statement), 10 concurrent", 1000, 10, () => readSession(db, { uid: staff.id, sid }));
  await measure("a staff member's three lookups it replaced, 10 concurrent", 1000, 10, async () => {
    const user = (await liveSessionUser(db, staff.id, sid))!;
    await twoFactorState(db, user, sid);
    await staffRolesOf(db, staff.id);
  });
}
