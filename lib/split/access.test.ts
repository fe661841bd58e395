import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { testDb } from '@/test/db';
import { makeMerchant, merchantActorOf } from '@/test/fixtures';
import { addBeneficiary } from '.';
import { hasSplitAccess } from './access';
import { makeMarketplace } from './fixtures';
import { addBeneficiarySchema } from './schemas';

const db = testDb();

describe('hasSplitAccess (the portal menu entry)', () => {
  it('is on for a marketplace and for a merchant invited by mobile, off for anyone else', async () => {
    const m = await makeMarketplace(db);
    expect(await hasSplitAccess(db, m.actor)).toBe(true);

    const stranger = await makeMerchant(db, { kycApproved: true });
    expect(await hasSplitAccess(db, merchantActorOf(stranger))).toBe(false);

    // Invited before it has accepted (or even had its customer information approved).
    const invited = await makeMerchant(db);
    const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, invited.id));
    const r = await addBeneficiary(
      db,
      m.actor,
      addBeneficiarySchema.parse({ marketplaceId: m.platform.id, kind: 'merchant', mobile: u.mobile, displayName: 'Seller' }),
    );
    expect(r.ok).toBe(true);
    expect(await hasSplitAccess(db, merchantActorOf(invited))).toBe(true);
  });
});
