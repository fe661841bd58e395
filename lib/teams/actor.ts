import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { kycProfiles, merchantMembers, merchants, users, type User } from '@/db/schema';
import type { MerchantActor, MerchantRole, Via } from '@/lib/actor';

/** The cookie holding the business a person chose among their memberships; re-checked on every request. */
export const MERCHANT_COOKIE = 'dargah_merchant';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Membership = { merchantId: string; role: MerchantRole; name: string };

/**
 * The businesses a person belongs to, the oldest membership first (the founding owner's own
 * business first), each with the name the header shows: the name set for it, else the approved
 * customer information's business name, else its founder's name.
 */
export async function membershipsOf(db: DbOrTx, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({
      merchantId: merchantMembers.merchantId,
      role: merchantMembers.role,
      name: merchants.name,
      company: sql<string | null>`coalesce(${kycProfiles.approvedIdentity} ->> 'tradeName', ${kycProfiles.approvedIdentity} ->> 'companyName')`,
      firstName: users.firstName,
      lastName: users.lastName,
    })
    .from(merchantMembers)
    .innerJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
    .innerJoin(users, eq(users.id, merchants.id))
    .leftJoin(kycProfiles, eq(kycProfiles.userId, merchants.id))
    .where(eq(merchantMembers.userId, userId))
    .orderBy(asc(merchantMembers.createdAt), asc(merchantMembers.merchantId));
  return rows.map((r) => ({ merchantId: r.merchantId, role: r.role, name: r.name || r.company || `${r.firstName} ${r.lastName}`.trim() }));
}

/**
 * The one resolution of a merchant request's `Actor`: the membership of `user` in the business
 * `chosenId` names (the switcher's cookie: only a choice among the person's own memberships), else
 * their first membership; null when they belong to no business (or are not a merchant account).
 * Read from the database on every request, so a removed member is refused at once.
 */
export async function merchantActorFor(
  db: DbOrTx,
  user: Pick<User, 'id' | 'role'>,
  chosenId: string | null | undefined,
  via?: Via,
): Promise<MerchantActor | null> {
  if (user.role !== 'merchant') return null;
  const chosen = chosenId && UUID.test(chosenId) ? chosenId : null;
  const [m] = await db
    .select({ merchantId: merchantMembers.merchantId, role: merchantMembers.role })
    .from(merchantMembers)
    .where(eq(merchantMembers.userId, user.id))
    .orderBy(...(chosen ? [sql`${merchantMembers.merchantId} = ${chosen} desc`] : []), asc(merchantMembers.createdAt), asc(merchantMembers.merchantId))
    .limit(1);
  return m ? { kind: 'merchant', userId: user.id, merchantId: m.merchantId, role: m.role, via } : null;
}

/** Whether `userId` is a member of `merchantId` (what the switcher checks before setting its cookie). */
export async function isMemberOf(db: DbOrTx, userId: string, merchantId: string): Promise<boolean> {
  if (!UUID.test(merchantId)) return false;
  const [m] = await db
    .select({ role: merchantMembers.role })
    .from(merchantMembers)
    .where(and(eq(merchantMembers.userId, userId), eq(merchantMembers.merchantId, merchantId)));
  return !!m;
}
