import { assertStaff, type Actor, type StaffActor, type StaffRole } from '@/lib/actor';

/**
 * The one table of what each staff role may do: every admin page, action and route, and the lib
 * functions that change things for staff, ask it (`canStaff`, `assertStaffMay`), and the admin
 * menu is drawn from it. An area is a part of the staff section; `read` may open its pages,
 * `write` may change something there. The auditor reads everything and changes nothing; the
 * super admin manages staff and, like the auditor, reads the audit trail.
 */
export const STAFF_ROLES = ['kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin'] as const satisfies readonly StaffRole[];

export type StaffArea =
  | 'overview'
  | 'account'
  | 'search'
  | 'merchants'
  | 'kyc'
  | 'platforms'
  | 'services'
  | 'messages'
  | 'connectors'
  | 'ivr'
  | 'topup'
  | 'split'
  | 'vpos'
  | 'payments'
  | 'payouts'
  | 'disputes'
  | 'support'
  | 'reports'
  | 'staff'
  | 'audit';

export type StaffMode = 'read' | 'write';

const EVERYONE: readonly StaffRole[] = STAFF_ROLES;
const ops = { read: ['operations', 'auditor'], write: ['operations'] } as const;
const money = { read: ['finance', 'auditor'], write: ['finance'] } as const;

export const STAFF_PERMISSIONS: Record<StaffArea, { read: readonly StaffRole[]; write: readonly StaffRole[] }> = {
  /** The dashboard and search show counts and links; each page behind them checks its own area. */
  overview: { read: EVERYONE, write: [] },
  search: { read: EVERYONE, write: [] },
  /** A staff member's own account: their two-factor sign-in (its changes are their own, through `who: 'user'` actions, not staff ones). */
  account: { read: EVERYONE, write: [] },
  /** The read-only merchant view (support's tool); no staff action changes a merchant from there. */
  merchants: { read: ['support', 'kyc', 'operations', 'finance', 'auditor'], write: [] },
  kyc: { read: ['kyc', 'auditor'], write: ['kyc'] },
  platforms: ops,
  /** Services and their fees (a fee change also needs a second operations approver). */
  services: ops,
  messages: ops,
  connectors: ops,
  ivr: ops,
  topup: ops,
  split: ops,
  vpos: ops,
  /** Deposit slips, payment alerts and reconciliation; support may look a payment up. */
  payments: { read: ['finance', 'support', 'auditor'], write: ['finance'] },
  /** Payout approval, bank accounts, rules and batches. */
  payouts: money,
  /** Disputes and refunds. */
  disputes: money,
  /** Support: the tickets' queue, replies and internal notes, assignment, saved answers; payers' inquiries a merchant left unanswered a working day. */
  support: { read: ['support', 'auditor'], write: ['support'] },
  reports: { read: ['finance', 'operations', 'support', 'auditor'], write: [] },
  staff: { read: ['super_admin', 'auditor'], write: ['super_admin'] },
  audit: { read: ['auditor', 'super_admin'], write: [] },
};

/** Whether the actor is staff holding a role the area allows for `mode`. */
export function canStaff(actor: Actor | null | undefined, area: StaffArea, mode: StaffMode = 'read'): actor is StaffActor {
  if (!actor || actor.kind !== 'staff') return false;
  const allowed = STAFF_PERMISSIONS[area][mode];
  return actor.roles.some((r) => allowed.includes(r));
}

/** Thrown by a lib function called for staff without the area's role: a wrong page or action cannot get past it. */
export class StaffRoleError extends Error {
  constructor(
    readonly area: StaffArea,
    readonly mode: StaffMode,
  ) {
    super(`staff role required: ${area}/${mode}`);
    this.name = 'StaffRoleError';
  }
}

/** The run-time guard of every lib function that changes something for staff (reads pass `'read'`). */
export function assertStaffMay(actor: Actor, area: StaffArea, mode: StaffMode = 'write'): asserts actor is StaffActor {
  assertStaff(actor);
  if (!canStaff(actor, area, mode)) throw new StaffRoleError(area, mode);
}

/** The admin menu's entries, each with the area it opens; the layout shows those the roles may read. */
export const STAFF_NAV = [
  { href: '/admin', area: 'overview' },
  { href: '/admin/merchants', area: 'merchants' },
  { href: '/admin/kyc', area: 'kyc' },
  { href: '/admin/platforms', area: 'platforms' },
  { href: '/admin/services', area: 'services' },
  { href: '/admin/payments', area: 'payments' },
  { href: '/admin/ivr', area: 'ivr' },
  { href: '/admin/topup', area: 'topup' },
  { href: '/admin/split', area: 'split' },
  { href: '/admin/payouts', area: 'payouts' },
  { href: '/admin/disputes', area: 'disputes' },
  { href: '/admin/support', area: 'support' },
  { href: '/admin/reports/transactions', area: 'reports' },
  { href: '/admin/messages', area: 'messages' },
  { href: '/admin/connectors', area: 'connectors' },
  { href: '/admin/staff', area: 'staff' },
  { href: '/admin/audit', area: 'audit' },
  { href: '/admin/support/inquiries', area: 'support' },
  { href: '/admin/security', area: 'account' },
] as const satisfies readonly { href: string; area: StaffArea }[];

export type StaffNavHref = (typeof STAFF_NAV)[number]['href'];

/** The menu entries the actor's roles may open, in menu order. */
export function staffNavFor(actor: StaffActor): StaffNavHref[] {
  return STAFF_NAV.filter((n) => canStaff(actor, n.area, 'read')).map((n) => n.href);
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}
