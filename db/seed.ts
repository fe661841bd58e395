import { eq } from 'drizzle-orm';
import type { Db } from './index';
import { kycProfiles, users } from './schema';
import { upsertUser } from '@/lib/auth/accounts';

/** The demo logins printed by `npm run dev` and used by the README and the e2e tests. */
export const DEMO_USERS = [
  { role: 'admin', mobile: '09120000001', password: 'dargah-admin-demo', firstName: 'سارا', lastName: 'کارشناس' },
  { role: 'merchant', mobile: '09120000002', password: 'dargah-merchant-demo', firstName: 'علی', lastName: 'رضایی' },
] as const;

/** The demo merchant's customer information, already approved, so services can be tried at once. */
const DEMO_KYC = {
  identity: {
    firstName: 'علی',
    lastName: 'رضایی',
    nationalCode: '0084575948',
    birthDate: '1365/06/15',
    province: 'تهران',
    city: 'تهران',
    address: 'تهران، خیابان ولیعصر، پلاک ۱۰',
    postalCode: '1193653471',
  },
  financial: { accountHolder: 'علی رضایی', sheba: 'IR820540102680020817909002', accountNumber: '020817909002' },
};

/** Idempotent: creates the demo users (and the merchant's approved profile) that are missing; leaves existing ones alone. */
export async function seed(db: Db) {
  for (const u of DEMO_USERS) {
    const [found] = await db.select({ id: users.id }).from(users).where(eq(users.mobile, u.mobile));
    const user = found ?? (await upsertUser(db, { ...u }));
    if (u.role === 'merchant') {
      await db
        .insert(kycProfiles)
        .values({
          userId: user.id,
          kind: 'natural',
          status: 'approved',
          identity: DEMO_KYC.identity,
          financial: DEMO_KYC.financial,
          approvedKind: 'natural',
          approvedIdentity: DEMO_KYC.identity,
          approvedFinancial: DEMO_KYC.financial,
          approvedAt: new Date(),
          submittedAt: new Date(),
        })
        .onConflictDoNothing({ target: kycProfiles.userId });
    }
  }
}
