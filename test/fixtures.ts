import type { Db } from '@/db';
import { kycProfiles } from '@/db/schema';
import { upsertUser } from '@/lib/auth/accounts';
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
