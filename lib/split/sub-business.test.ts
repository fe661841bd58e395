import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bankAccounts } from '@/db/schema';
import { testDb, uniqueMobile } from '@/test/db';
import { addBeneficiary } from '.';
import { makeBeneficiary, makeMarketplace } from './fixtures';
import { addBeneficiarySchema } from './schemas';
import { subBusinessBalances } from './sub-business';

const db = testDb();

describe('subBusinessBalances (the marketplace withdraws for the sub-businesses it manages)', () => {
  it("lists the marketplace's own sub-businesses with their account's state, never an invited merchant nor another marketplace's", async () => {
    const m = await makeMarketplace(db);
    await makeBeneficiary(db, m, 'Invited seller');
    const r = await addBeneficiary(
      db,
      m.actor,
      addBeneficiarySchema.parse({
        marketplaceId: m.platform.id,
        kind: 'sub_business',
        mobile: uniqueMobile(),
        displayName: 'Courier',
        nationalId: '0499370899',
        sheba: 'IR820540102680020817909002',
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r));

    const rows = await subBusinessBalances(db, m.actor, m.platform.id);
    expect(rows).toEqual([{ beneficiaryId: r.data.id, pending: 0n, withdrawable: 0n, account: 'pending' }]);

    await db.update(bankAccounts).set({ status: 'approved' }).where(eq(bankAccounts.merchantId, r.data.userId!));
    expect((await subBusinessBalances(db, m.actor, m.platform.id))[0].account).toBe('approved');

    const other = await makeMarketplace(db);
    expect(await subBusinessBalances(db, other.actor, m.platform.id)).toEqual([]);
    expect(await subBusinessBalances(db, m.actor, 'not-a-uuid')).toEqual([]);
  });
});
