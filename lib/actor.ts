import { eq, type Column, type SQL } from 'drizzle-orm';
import type { User } from '@/db/schema';

/**
 * Who is acting, made only by the guards (session guards for actions and pages, the key check for
 * the API) and handed to every `lib` function that acts for someone. Ownership goes into the
 * query as `merchantId`; staff power is a kind, never a flag a caller sets.
 *
 * A business (`merchants`) has members (`merchant_members`); `merchantId` is the business's id (its
 * founding owner's user id, so every `merchant_id` column kept its meaning) and `role` the member's
 * role there, resolved on every request by `merchantActorFor` (lib/teams/actor.ts); what a role may
 * do is lib/teams/permissions.ts.
 */
export type MerchantRole = 'owner' | 'admin' | 'developer' | 'accountant' | 'support';
/** A staff member's duties (lib/staff/permissions.ts says what each may do); one person may hold several. */
export type StaffRole = 'kyc' | 'operations' | 'finance' | 'support' | 'auditor' | 'super_admin';
/** Where the request came from, for the audit trail; set by the guards that see a request. */
export type Via = { ip: string; userAgent: string };
export type MerchantActor = { kind: 'merchant'; userId: string; merchantId: string; role: MerchantRole; via?: Via };
export type StaffActor = { kind: 'staff'; userId: string; roles: readonly StaffRole[]; via?: Via };
/** `livemode`: the key is live (else a test key); the key's mode decides which payments, refunds and invoices it sees and makes. */
export type ApiActor = { kind: 'api'; merchantId: string; platformId: string; keyId: string; livemode: boolean; via?: Via };
export type Actor = MerchantActor | StaffActor | ApiActor;

/**
 * Staff's actor, and a founding owner's acting for their own business (tests, jobs, the seed).
 * Requests by merchants resolve their membership with `merchantActorFor` (lib/teams/actor.ts).
 * A staff member's roles are rows of `staff_roles`, read by the staff guards (lib/auth/session,
 * the action wrapper) and passed in as `staffRoles`; without them a staff actor holds none.
 */
export function actorOf(user: Pick<User, 'id' | 'role'>, via?: Via, staffRoles: readonly StaffRole[] = []): MerchantActor | StaffActor {
  return user.role === 'admin'
    ? { kind: 'staff', userId: user.id, roles: staffRoles, via }
    : { kind: 'merchant', userId: user.id, merchantId: user.id, role: 'owner', via };
}

export function isStaff(actor: Actor): actor is StaffActor {
  return actor.kind === 'staff';
}

/**
 * The ownership condition for a query: the merchant's (or API caller's) own rows; staff see all.
 * `merchantColumn` is the column holding the owning merchant's id.
 */
export function ownedBy(actor: Actor, merchantColumn: Column): SQL | undefined {
  return actor.kind === 'staff' ? undefined : eq(merchantColumn, actor.merchantId);
}

/** Whether a row owned by `merchantId` is the actor's to act on. */
export function owns(actor: Actor, merchantId: string): boolean {
  return actor.kind === 'staff' || actor.merchantId === merchantId;
}

/**
 * The run-time guard of every staff-only function: its type says StaffActor, and this makes a
 * wrong caller (a page or action passing the session's merchant actor) fail loudly instead of
 * handing a merchant staff powers.
 */
export function assertStaff(actor: Actor): asserts actor is StaffActor {
  if (actor.kind !== 'staff') throw new Error('staff only');
}
