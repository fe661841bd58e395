import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MerchantRole, StaffRole } from '@/lib/actor';
import { canStaff, STAFF_NAV, type StaffArea } from '@/lib/staff/permissions';
import { can, needOfPath } from '@/lib/teams/permissions';
import { merchantActorOf, staffActorOf } from '@/test/fixtures';

/*
 * The permission matrix of the pages (issue 20), written here from the words and not from
 * the enforcement code: every page of the portal × every member role, and every staff page × every
 * staff role → may open it or not. The test also lists every page the app has, so a page missing
 * from the table fails, and it checks that each page's own guard asks for what its row implies.
 * (Actions and routes carry the same `need` / `area`; their matrix is still to come.)
 */

const ALL_MEMBERS = 'OADCS';
/** O owner, A admin, D developer, C accountant, S support. */
const MEMBER_ROLE: Record<string, MerchantRole> = { O: 'owner', A: 'admin', D: 'developer', C: 'accountant', S: 'support' };

/** Portal page → the members who may open it. */
const PORTAL: Record<string, string> = {
  '': ALL_MEMBERS,
  '/calendar': ALL_MEMBERS,
  '/events': ALL_MEMBERS,
  '/events/[id]': ALL_MEMBERS,
  '/events/new': ALL_MEMBERS,
  '/messages': ALL_MEMBERS,
  '/messages/[id]': ALL_MEMBERS,
  '/profile': ALL_MEMBERS,
  // A person's own exports, while their role reads reports (lib's getExport checks the asker, the business and the role).
  '/reports/exports/[id]': 'OAC',
  // Everyone sees the team; only owner and admins change it (the page's actions say so).
  '/settings/team': ALL_MEMBERS,
  '/settings/audit': 'OA',
  '/customer-info': 'OA',
  '/services': 'OAD',
  '/services/[id]': 'OAD',
  '/services/new': 'OAD',
  '/services/new/[serviceId]': 'OAD',
  '/platforms/[id]': 'OAD',
  '/payments/links': 'OADCS',
  '/search': 'OADCS',
  '/reports/transactions': 'OADCS',
  '/reports/transactions/[id]': 'OADCS',
  '/reports/sales': 'OAC',
  '/reports/balances': 'OAC',
  '/payouts': 'OAC',
  '/payouts/new': 'OAC',
  '/payouts/accounts': 'O',
  '/disputes': 'OAC',
  '/disputes/[id]': 'OAC',
  '/ivr': 'OAC',
  '/ivr/invoices': 'OAC',
  '/ivr/settings/[platformId]': 'OAC',
  '/topup': 'OAC',
  '/topup/bulk': 'OAC',
  '/topup/bulk/[id]': 'OAC',
  '/split': 'OAC',
  '/split/marketplaces': 'OAC',
  '/split/parts': 'OAC',
  '/split/[marketplaceId]': 'OAC',
  '/split/[marketplaceId]/beneficiaries': 'OAC',
  '/split/[marketplaceId]/invoices': 'OAC',
  '/split/[marketplaceId]/invoices/[invoiceId]': 'OAC',
  '/split/[marketplaceId]/totals': 'OAC',
  '/vpos': 'OAC',
  '/vpos/collect': 'OAC',
  '/vpos/definitions': 'OAC',
  '/vpos/payments/[id]': 'OAC',
  '/vpos/reconciliation': 'OAC',
  '/vpos/reconciliation/[id]': 'OAC',
  // Payers' inquiries about the business's payments: whoever reads payments reads and answers them.
  '/support/inquiries': 'OADCS',
  '/support/inquiries/[id]': 'OADCS',
  '/support': ALL_MEMBERS,
  '/support/new': ALL_MEMBERS,
  '/support/[id]': ALL_MEMBERS,
};

/** k kyc, o operations, f finance, s support, a auditor, x super admin. */
const STAFF_ROLE: Record<string, StaffRole> = { k: 'kyc', o: 'operations', f: 'finance', s: 'support', a: 'auditor', x: 'super_admin' };
const ALL_STAFF = 'kofsax';

/** Staff page → the staff roles that may open it. */
const ADMIN: Record<string, string> = {
  '': ALL_STAFF,
  '/search': ALL_STAFF,
  '/security': ALL_STAFF,
  // A person's own exports.
  '/reports/exports/[id]': ALL_STAFF,
  '/merchants': 'kofsa',
  '/merchants/[id]': 'kofsa',
  '/kyc': 'ka',
  '/kyc/[id]': 'ka',
  '/platforms': 'oa',
  '/services': 'oa',
  '/messages': 'oa',
  '/connectors': 'oa',
  '/ivr': 'oa',
  '/topup': 'oa',
  '/split': 'oa',
  '/split/[id]': 'oa',
  '/payments': 'fsa',
  '/payouts': 'fa',
  '/payouts/accounts': 'fa',
  '/payouts/batches': 'fa',
  '/payouts/batches/[id]': 'fa',
  '/payouts/rules': 'fa',
  '/disputes': 'fa',
  '/disputes/[id]': 'fa',
  // Support reads and writes tickets; the auditor reads them.
  '/support': 'sa',
  '/support/[id]': 'sa',
  '/support/canned': 'sa',
  '/reports/transactions': 'ofsa',
  '/reports/transactions/[id]': 'ofsa',
  '/staff': 'xa',
  '/audit': 'xa',
  // Payers' inquiries their merchant left a working day: support answers, the auditor looks.
  '/support/inquiries': 'sa',
  '/support/inquiries/[id]': 'sa',
};

function pages(dir: string, base = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return pages(full, `${base}/${name}`);
    return name === 'page.tsx' ? [base] : [];
  });
}
const source = (root: string, path: string) => readFileSync(join(root, path, 'page.tsx'), 'utf8');

describe('the permission matrix of the pages', () => {
  it('lists every page of the portal and of staff, and no page that is not there', () => {
    expect(pages('app/(portal)').sort()).toEqual(Object.keys(PORTAL).sort());
    expect(pages('app/admin').sort()).toEqual(Object.keys(ADMIN).sort());
  });

  it('each member role opens exactly the portal pages its row names, and each page asks for that need itself', () => {
    for (const [path, allowed] of Object.entries(PORTAL)) {
      const need = needOfPath(path || '/');
      for (const [letter, role] of Object.entries(MEMBER_ROLE)) {
        const actor = { ...merchantActorOf({ id: 'm' }), role };
        const opens = need === null || can(actor, need);
        expect({ path, role, opens }).toEqual({ path, role, opens: allowed.includes(letter) });
      }
      const src = source('app/(portal)', path);
      // The page's guard: its own `need`, or the virtual POS gate (which asks `sell`), or an export's (lib asks `reports`).
      const guarded =
        src.includes(`need: '${need}'`) || (need === 'sell' && src.includes('requireVpos(')) || (need === 'reports' && src.includes('<ExportPage'));
      if (need) expect({ path, guarded }).toEqual({ path, guarded: true });
    }
  });

  it('each staff role opens exactly the staff pages its row names, through the page guard of its area', () => {
    for (const [path, allowed] of Object.entries(ADMIN)) {
      const src = source('app/admin', path);
      const area = /requireStaffActor\('([a-z_]+)'\)/.exec(src)?.[1] as StaffArea | undefined;
      for (const [letter, role] of Object.entries(STAFF_ROLE)) {
        // A page without an area is open to every staff member holding a role (their own exports).
        const opens = area ? canStaff(staffActorOf({ id: 's' }, [role]), area, 'read') : true;
        expect({ path, role, opens }).toEqual({ path, role, opens: allowed.includes(letter) });
      }
    }
  });

  it("shows each staff menu entry to exactly the roles its page lets in: the entry's area is the page guard's", () => {
    for (const { href, area } of STAFF_NAV) {
      const guard = /requireStaffActor\('([a-z_]+)'\)/.exec(source('app/admin', href.replace(/^\/admin/, '')))?.[1];
      expect({ href, guard }).toEqual({ href, guard: area });
    }
  });

  it('refuses everyone outside: a staff member holding no role opens no area, and a merchant is never staff', () => {
    for (const area of ['overview', 'kyc', 'payouts', 'staff', 'audit'] as StaffArea[]) {
      expect(canStaff(staffActorOf({ id: 's' }, []), area, 'read')).toBe(false);
      expect(canStaff(merchantActorOf({ id: 'm' }), area, 'read')).toBe(false);
    }
  });
});

/**
 * Staff pages that offer a change (a decision, a settings form, a send): each shows it only to a
 * role that may write its area — the auditor, and roles that only read there, see no write button
 * (the server refuses them anyway). The page asks `canStaff(actor, area, 'write')` itself; a staff
 * page that imports a staff action module and is missing here fails.
 */
const STAFF_WRITE_PAGES: Record<string, StaffArea> = {
  '/connectors': 'connectors',
  '/disputes': 'disputes',
  '/disputes/[id]': 'disputes',
  '/ivr': 'ivr',
  '/kyc/[id]': 'kyc',
  '/messages': 'messages',
  '/payments': 'payments',
  '/payouts': 'payouts',
  '/payouts/accounts': 'payouts',
  '/payouts/batches': 'payouts',
  '/payouts/batches/[id]': 'payouts',
  '/payouts/rules': 'payouts',
  '/platforms': 'platforms',
  '/services': 'services',
  '/staff': 'staff',
  '/support/[id]': 'support',
  '/support/canned': 'support',
  '/support/inquiries/[id]': 'support',
  '/topup': 'topup',
};

describe('staff pages offer changes only to those who may make them', () => {
  it('each page with a change asks for the write role of its area', () => {
    for (const [path, area] of Object.entries(STAFF_WRITE_PAGES)) {
      const src = source('app/admin', path);
      const asks = src.includes(`canStaff(actor, '${area}', 'write')`);
      expect({ path, asks }).toEqual({ path, asks: true });
    }
  });

  it('lists every staff page that imports a staff action', () => {
    const offering = pages('app/admin').filter((p) => /from '(\.\.?\/)+actions'|from '@\/app\/admin\/[\w/]+\/actions'/.test(source('app/admin', p)));
    for (const p of offering) expect({ p, listed: p in STAFF_WRITE_PAGES }).toEqual({ p, listed: true });
  });

  it('the auditor writes nowhere; every writer of an area also reads it', () => {
    for (const area of Object.values(STAFF_WRITE_PAGES)) {
      expect(canStaff(staffActorOf({ id: 's' }, ['auditor']), area, 'write')).toBe(false);
      for (const role of Object.values(STAFF_ROLE))
        if (canStaff(staffActorOf({ id: 's' }, [role]), area, 'write')) expect(canStaff(staffActorOf({ id: 's' }, [role]), area, 'read')).toBe(true);
    }
  });
});
