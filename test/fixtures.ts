import type { Db } from '@/db';
import { kycProfiles } from '@/db/schema';
import { upsertUser } from '@/lib/auth/accounts';
import { addPlatform } from '@/lib/platforms';
import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
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

export async function makeAdmin(db: Db) {
  return upsertUser(db, { mobile: uniqueMobile(), firstName: 'A', lastName: 'T', password: 'admin pass phrase', role: 'admin' });
}

/** A KYC-approved merchant who accepted a service's terms, i.e. a requested service. */
export async function makeMerchantService(db: Db, serviceId = 'payment') {
  const merchant = await makeMerchant(db, { kycApproved: true });
  const terms = (await currentTerms(db, serviceId))!;
  const r = await acceptTermsAndRequest(db, merchant.id, { serviceId, termsVersion: terms.version, ip: '10.0.0.1' });
  if (!r.ok) throw new Error(r.error);
  return { merchant, merchantServiceId: r.merchantServiceId };
}

/** …with one sales platform (pending) and its sandbox key, shown that once. */
export async function makePlatform(
  db: Db,
  input: Record<string, unknown> = { type: 'app', name: 'fixture', address: 'ir.fixture.app', expectedMonthlyVolume: '1000000' },
) {
  const { merchant, merchantServiceId } = await makeMerchantService(db);
  const p = await addPlatform(db, merchant.id, merchantServiceId, input);
  if (!p.ok) throw new Error(p.error);
  return { merchant, merchantServiceId, platform: p.platform, key: p.sandboxKey };
}
