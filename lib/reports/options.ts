import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { platforms, users } from '@/db/schema';
import { isStaff, ownedBy, type Actor, type StaffActor } from '@/lib/actor';
import { isUuid } from '@/lib/validation/ids';

/** The choices of the reports' filters: platforms and, for staff, merchants. */

/** The platforms a report may filter by: a merchant's own; for staff, those of the chosen merchant (none until one is chosen). */
export async function reportPlatforms(db: Db, actor: Actor, f: { merchant?: string | null } = {}) {
  const own = ownedBy(actor, platforms.userId);
  if (!own && !isUuid(f.merchant)) return [];
  return db
    .select({ id: platforms.id, label: platforms.name })
    .from(platforms)
    .where(and(own, own ? undefined : eq(platforms.userId, f.merchant!)))
    .orderBy(platforms.createdAt);
}

/** The merchants staff may filter by, by last name (the first 500). */
export async function reportMerchants(db: Db, actor: StaffActor) {
  if (!isStaff(actor)) return [];
  const rows = await db
    .select({ id: users.id, first: users.firstName, last: users.lastName, mobile: users.mobile })
    .from(users)
    .where(eq(users.role, 'merchant'))
    .orderBy(asc(users.lastName))
    .limit(500);
  return rows.map((m) => ({ id: m.id, label: `${m.first} ${m.last} (${m.mobile})` }));
}
