import type { Actor, MerchantRole } from '@/lib/actor';

/**
 * The one table of what each member of a business may do. Pages (`requireMerchantActor({ need })`),
 * actions (`action({ need })`), routes and the `lib` functions that move money or keys all ask
 * `can()`; the menu shows only what `can()` allows.
 *
 * - `payments`: read payments, slips, transactions and their details, messages (tickets).
 * - `platforms`: services and platforms, their settings (links, IVR, top-up store, virtual POS definitions).
 * - `keys`: API keys, webhooks and signing secrets, API logs.
 * - `sell`: take money in (payment links, phone sales, bulk top-up, virtual POS collections, refunds, disputes, split payments).
 * - `reports`: sales and balance reports and exports.
 * - `payouts`: request payouts (withdraw).
 * - `bankAccounts`: add or remove the business's bank accounts.
 * - `kyc`: the business's customer information.
 * - `team`: invite members, change their roles, remove them (never the owner).
 * - `transfer`: pass ownership to another member.
 */
export const PERMISSIONS = ['payments', 'platforms', 'keys', 'sell', 'reports', 'payouts', 'bankAccounts', 'kyc', 'team', 'transfer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Record<MerchantRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: ['payments', 'platforms', 'keys', 'sell', 'reports', 'payouts', 'kyc', 'team'],
  developer: ['payments', 'platforms', 'keys'],
  accountant: ['payments', 'sell', 'reports', 'payouts'],
  support: ['payments'],
};

export const MERCHANT_ROLES = ['owner', 'admin', 'developer', 'accountant', 'support'] as const satisfies readonly MerchantRole[];

/** Whether `actor` may do `permission`: a member by its role; staff and the API are judged by their own guards, not here. */
export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind !== 'merchant') return true;
  return TABLE[actor.role]?.includes(permission) ?? false;
}

export class PermissionDenied extends Error {
  constructor(readonly permission: Permission) {
    super(`forbidden: ${permission}`);
  }
}

/** The run-time guard of a `lib` function that moves money or keys: a member without the permission fails loudly. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new PermissionDenied(permission);
}

/** The portal's pages by path prefix and what each needs: the menu hides what the role may not use. Longest prefix wins. */
export const PAGE_NEEDS: readonly (readonly [string, Permission])[] = [
  ['/customer-info', 'kyc'],
  ['/services', 'platforms'],
  ['/platforms', 'platforms'],
  ['/payments', 'payments'],
  ['/ivr', 'sell'],
  ['/topup', 'sell'],
  ['/split', 'sell'],
  ['/vpos', 'sell'],
  ['/vpos/reconciliation', 'reports'],
  ['/search', 'payments'],
  ['/reports/transactions', 'payments'],
  ['/reports', 'reports'],
  ['/payouts/accounts', 'bankAccounts'],
  ['/payouts', 'payouts'],
  ['/disputes', 'sell'],
  ['/settings/audit', 'team'],
  ['/support/inquiries', 'payments'],
  // Every member may ask support (all roles read payments); a ticket shows only what the role may see.
  ['/support', 'payments'],
];

/** What a portal path needs, or null (open to every member: the dashboard, messages, the calendar, the profile). */
export function needOfPath(path: string): Permission | null {
  let best: readonly [string, Permission] | null = null;
  for (const entry of PAGE_NEEDS) {
    if ((path === entry[0] || path.startsWith(entry[0] + '/')) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? best[1] : null;
}
