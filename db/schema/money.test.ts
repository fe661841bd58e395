import { eq, sql } from 'drizzle-orm';
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
    const [account] = await db.insert(ledgerAccounts).values({ kind: 'platform_pending', platformId: platform.id }).returning();
    const [posting] = await db
      .insert(ledgerPostings)
      .values({ kind: 'test', reference: `currency-${account.id}` })
      .returning();
    await expect(db.insert(ledgerLines).values({ postingId: posting.id, accountId: account.id, amount: 5n, currency: 'TRY' })).rejects.toThrow();
    await db.insert(ledgerLines).values({ postingId: posting.id, accountId: account.id, amount: 5n });
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ledger_lines where account_id = ${account.id} and currency = 'IRR'`);
    expect(n).toBe(1);
  });
});
