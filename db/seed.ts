import { eq } from 'drizzle-orm';
import type { Db } from './index';
import { users } from './schema';
import { upsertUser } from '@/lib/auth/accounts';

/** The demo logins printed by `npm run dev` and used by the README and the e2e tests. */
export const DEMO_USERS = [
  { role: 'admin', mobile: '09120000001', password: 'dargah-admin-demo', firstName: 'سارا', lastName: 'کارشناس' },
  { role: 'merchant', mobile: '09120000002', password: 'dargah-merchant-demo', firstName: 'علی', lastName: 'رضایی' },
] as const;

/** Idempotent: creates the demo users that are missing and leaves existing ones alone. */
export async function seed(db: Db) {
  for (const u of DEMO_USERS) {
    const [found] = await db.select({ id: users.id }).from(users).where(eq(users.mobile, u.mobile));
    if (!found) await upsertUser(db, { ...u });
  }
}
