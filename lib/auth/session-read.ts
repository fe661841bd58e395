import { and, eq, notExists, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db';
import { revokedSessions, users, type User } from '@/db/schema';
import { actorOf, type MerchantActor, type MerchantRole, type StaffActor, type StaffRole, type Via } from '@/lib/actor';
import { STAFF_ROLES } from '@/lib/staff/permissions';
import { toTwoFactorState, twoFactorColumns, type TwoFactorState } from './two-factor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything a signed-in request asks of the database about who is asking. */
export type SessionRead = {
  user: User;
  twoFactor: TwoFactorState;
  /** The membership the switcher's choice names, else the first; null when none (or not a merchant account). */
  membership: { merchantId: string; role: MerchantRole } | null;
  /** The staff roles held now (empty for a merchant account). */
  staffRoles: StaffRole[];
};

/**
 * Who is asking, in one statement on every signed-in request's hot path: the user of a session not
 * signed out (`liveSessionUser`), their two-factor state (`twoFactorState`), their membership in the
 * business `chosenMerchantId` names, else their first (`merchantActorFor`), and their staff roles
 * (`staffRolesOf`): the same answers those give, read together instead of one after another.
 */
export async function readSession(db: DbOrTx, q: { uid: string; sid: string; chosenMerchantId?: string | null; now?: Date }): Promise<SessionRead | null> {
  const chosen = q.chosenMerchantId && UUID.test(q.chosenMerchantId) ? q.chosenMerchantId : null;
  const first = chosen ? sql`(merchant_id = ${chosen}) desc, created_at, merchant_id` : sql`created_at, merchant_id`;
  // Qualified: drizzle names a lone table's columns bare, and a bare "id" inside the subqueries would be a joined table's (platforms.id).
  const uid = sql`${users}."id"`;
  const tf = twoFactorColumns(uid, q.sid, q.now ?? new Date());
  const [row] = await db
    .select({
      user: users,
      ...tf,
      membership: sql<string | { merchantId: string; role: MerchantRole } | null>`(select json_build_object('merchantId', merchant_id, 'role', role)
        from merchant_members where user_id = ${uid} order by ${first} limit 1)`,
      staffRoles: sql<string[]>`array(select role::text from staff_roles where user_id = ${uid})`,
    })
    .from(users)
    .where(
      and(
        eq(users.id, q.uid),
        notExists(
          db
            .select({ sid: revokedSessions.sid })
            .from(revokedSessions)
            .where(eq(revokedSessions.sid, q.sid.slice(0, 64))),
        ),
      ),
    );
  if (!row) return null;
  const membership = typeof row.membership === 'string' ? JSON.parse(row.membership) : row.membership;
  const held = new Set(row.staffRoles);
  return {
    user: row.user,
    twoFactor: toTwoFactorState(row),
    membership: row.user.role === 'merchant' && membership ? { merchantId: membership.merchantId, role: membership.role } : null,
    staffRoles: row.user.role === 'admin' ? STAFF_ROLES.filter((r) => held.has(r)) : [],
  };
}

/** The merchant `Actor` of a session read (`merchantActorFor`'s answer). */
export function memberActorOf(s: SessionRead, via?: Via): MerchantActor | null {
  return s.membership ? { kind: 'merchant', userId: s.user.id, merchantId: s.membership.merchantId, role: s.membership.role, via } : null;
}

/** The `Actor` with staff roles of a session read (`actorWithRoles`'s answer). */
export function rolesActorOf(s: SessionRead, via?: Via): MerchantActor | StaffActor {
  return actorOf(s.user, via, s.staffRoles);
}
