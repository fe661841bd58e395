import type { Db } from '@/db';
import type { MerchantActor, StaffActor, StaffRole } from '@/lib/actor';
import { kycProfiles } from '@/db/schema';
import { upsertUser } from '@/lib/auth/accounts';
import { createEvent } from '@/lib/events';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
import { grantStaffRolesAsSystem } from '@/lib/staff';
import { STAFF_ROLES } from '@/lib/staff/permissions';
import { uniqueMobile } from './db';

export async function makeMerchant(db: Db, opts: { kycApproved?: boolean } = {}) {
  const user = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'M', lastName: 'T', password: 'merchant pass phrase', role: 'merchant' });
  if (opts.kycApproved) {
    // Straight to the approved state: the KYC flow itself is tested in lib/kyc.
    await db.insert(kycProfiles).values({
      userId: user.id,
      kind: 'natural',
      status: 'approved',
      approvedAt: new Date(),
      approvedKind: 'natural',
      approvedIdentity: {},
      approvedFinancial: {},
    });
  }
  return user;
}

/** A staff member holding `roles` (every role unless named), in `staff_roles` as the guards read them. */
export async function makeAdmin(db: Db, roles: readonly StaffRole[] = STAFF_ROLES) {
  const user = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'A', lastName: 'T', password: 'admin pass phrase', role: 'admin' });
  await grantStaffRolesAsSystem(db, user.id, roles);
  return user;
}

/** A KYC-approved merchant who accepted a service's terms, i.e. a requested service. */
export async function makeMerchantService(db: Db, serviceId = 'payment') {
  const merchant = await makeMerchant(db, { kycApproved: true });
  const terms = (await currentTerms(db, serviceId))!;
  const r = await acceptTermsAndRequest(db, merchantActorOf(merchant), { serviceId, termsVersion: terms.version });
  if (!r.ok) throw new Error(r.error);
  return { merchant, merchantServiceId: r.data.merchantServiceId };
}

/** …with one sales platform (pending) and its sandbox key, shown that once. */
export async function makePlatform(
  db: Db,
  input: Record<string, unknown> = { type: 'app', name: 'fixture', address: 'ir.fixture.app', expectedMonthlyVolume: '1000000' },
) {
  const { merchant, merchantServiceId } = await makeMerchantService(db);
  const p = await addPlatform(db, merchantActorOf(merchant), addPlatformSchema.parse({ ...input, merchantServiceId }));
  if (!p.ok) throw new Error(p.error);
  return { merchant, merchantServiceId, platform: p.data.platform, key: p.data.sandboxKey };
}

/** A merchant's `Actor`, as the session guards make it (from the IP the fixtures' terms acceptances record). */
export function merchantActorOf(user: { id: string }): MerchantActor {
  return { kind: 'merchant', userId: user.id, merchantId: user.id, role: 'owner', via: { ip: '10.0.0.1', userAgent: 'test' } };
}

/** A staff member's `Actor`, holding `roles` (every role unless named). */
export function staffActorOf(user: { id: string }, roles: readonly StaffRole[] = STAFF_ROLES): StaffActor {
  return { kind: 'staff', userId: user.id, roles };
}

/** One calendar event of the actor's business, far in the future (a row another business must not reach); its id. */
export async function makeEvent(db: Db, actor: MerchantActor, title: string): Promise<string> {
  const e = await createEvent(db, actor, {
    title,
    description: '',
    date: '2030-01-01',
    startTime: '10:00',
    endTime: '',
    color: 'blue',
    remind: 'none',
    remindSms: false,
  });
  if (!e.ok) throw new Error('event');
  return e.data.id;
}
