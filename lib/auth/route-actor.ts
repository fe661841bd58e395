import type { MerchantActor, StaffActor, Via } from '@/lib/actor';
import { can, type Permission } from '@/lib/teams/permissions';
import { canStaff, type StaffArea } from '@/lib/staff/permissions';

export type RouteActorOpts = { need?: Permission; area?: StaffArea; via?: Via };

/**
 * The rule of `routeActorOf` (lib/auth/session.ts), apart from where the actors come from (the
 * request's session read there; the database directly in the action tests' session mock): staff
 * with a role that may read `area`, else null; a member whose role has `need`, else null.
 */
export async function routeActorWith(
  user: { role: string },
  opts: RouteActorOpts | undefined,
  from: { staff: () => Promise<MerchantActor | StaffActor>; member: () => Promise<MerchantActor | null> },
): Promise<MerchantActor | StaffActor | null> {
  if (user.role === 'admin') {
    const staff = await from.staff();
    if (staff.kind !== 'staff' || staff.roles.length === 0) return null;
    return !opts?.area || canStaff(staff, opts.area, 'read') ? staff : null;
  }
  const actor = await from.member();
  return actor && (!opts?.need || can(actor, opts.need)) ? actor : null;
}
