import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ledgerAccounts, ledgerLines, ledgerPostings, payments } from '@/db/schema';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';

const db = testDb();

describe('amounts carry their currency', () => {
  it('existing writes are Rials; unknown codes are refused by the database', async () => {
    const { platform } = await makePlatform(db);
    const [p] = await db
      .insert(payments)
      .values({
        platformId: platform.id,
        source: 'api',
        livemode: false,
        amount: 1000n,
        trackingCode: `9${Date.now()}`.slice(0, 11),
        orderId: `o-${Date.now()}`,
      })
      .returning();
    expect(p.currency).toBe('IRR');
    await expect(
      db
        .update(payments)
        .set({ currency: 'USD' as never })
        .where(eq(payments.id, p.id)),
    ).rejects.toThrow();
    await expect(db.update(payments).set({ currency: 'TRY' }).where(eq(payments.id, p.id))).resolves.toBeDefined();
  });

  it('a ledger line is always in its account currency', async () => {
    const { platform } = await makePlatform(db);
    const [pending] = await db.insert(ledgerAccounts).values({ kind: 'platform_pending', platformId: platform.id }).returning();
    const [withdrawable] = await db.insert(ledgerAccounts).values({ kind: 'platform_withdrawable', platformId: platform.id }).returning();
    // Balanced, and in a transaction that is rolled back either way: the shared ledger stays clean.
    await expect(
      db.transaction(async (tx) => {
        const [posting] = await tx
          .insert(ledgerPostings)
          .values({ kind: 'test', reference: `currency-${pending.id}` })
          .returning();
        await tx.insert(ledgerLines).values([
          { postingId: posting.id, accountId: pending.id, amount: -5n, currency: 'TRY' },
          { postingId: posting.id, accountId: withdrawable.id, amount: 5n, currency: 'TRY' },
        ]);
      }),
    ).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        const [posting] = await tx
          .insert(ledgerPostings)
          .values({ kind: 'test', reference: `currency-ok-${pending.id}` })
          .returning();
        const lines = await tx
          .insert(ledgerLines)
          .values([
            { postingId: posting.id, accountId: pending.id, amount: -5n },
            { postingId: posting.id, accountId: withdrawable.id, amount: 5n },
          ])
          .returning();
        expect(lines.map((l) => l.currency)).toEqual(['IRR', 'IRR']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
  });
});
