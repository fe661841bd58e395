import { and, count, desc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { assertStaff, type StaffActor } from '@/lib/actor';
import { users } from '@/db/schema';

/** Staff's list of merchants, newest first. */
export async function listMerchants(db: DbOrTx, actor: StaffActor, opts: { limit: number; offset: number }) {
  assertStaff(actor);
  return db
    .select({ id: users.id, mobile: users.mobile, firstName: users.firstName, lastName: users.lastName, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.role, 'merchant'))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(opts.limit)
    .offset(opts.offset);
}

export async function merchantCounts(db: DbOrTx, actor: StaffActor, now = new Date()) {
  assertStaff(actor);
  const [all] = await db.select({ n: count() }).from(users).where(eq(users.role, 'merchant'));
  const [week] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'merchant'), gt(users.createdAt, new Date(now.getTime() - 7 * 86400_000))));
  return { total: all.n, lastWeek: week.n };
}
