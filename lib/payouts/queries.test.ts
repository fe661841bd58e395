import { afterEach, describe, expect, it } from 'vitest';
import { payoutSettings } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { ledgerViolations } from '@/lib/ledger';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { decidePayout, markPayoutSent, requestPayout } from '.';
import { comingPayouts, expectedPayoutDay, getPayout, getPayoutSettings, listBankAccounts, listPayouts, PAYOUTS_PAGE_SIZE } from './queries';
import { fundedMerchant } from './fixtures';

const db = testDb();
const SHEBA = 'IR820540102680020817909002';

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function funded(withdrawable: bigint) {
  const { actor, account, ...made } = await fundedMerchant(db, withdrawable);
  const api: ApiActor = { kind: 'api', merchantId: made.merchant.id, platformId: made.platform.id, keyId: 'k', livemode: true };
  return { ...made, actor, account, api };
}

describe('payout reads', () => {
  it('a merchant lists its own payouts newest first, 25 a page, filtered by state and platform', async () => {
    const a = await funded(100_000_000n);
    const ids: string[] = [];
    for (let i = 0; i < 27; i++) {
      const r = await requestPayout(
        db,
        a.actor,
        { platformId: a.platform.id, bankAccountId: a.account.id, amount: 100_000n },
        { now: new Date(Date.now() + i * 1000) },
      );
      if (!r.ok) throw new Error(JSON.stringify(r));
      ids.push(r.data.id);
    }
    const first = await listPayouts(db, a.actor, {});
    expect(first.total).toBe(27);
    expect(first.rows).toHaveLength(PAYOUTS_PAGE_SIZE);
    expect(first.rows[0].id).toBe(ids[26]);
    expect(first.rows[0].sheba).toBe(SHEBA);
    expect(first.rows[0].expectedDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const second = await listPayouts(db, a.actor, { page: 2 });
    expect(second.rows.map((r) => r.id)).toEqual([ids[1], ids[0]]);
    const staff = staffActorOf(await makeAdmin(db));
    await decidePayout(db, staff, { payoutId: ids[0], approve: false, reason: 'no' });
    expect((await listPayouts(db, a.actor, { state: 'rejected' })).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect((await listPayouts(db, a.actor, { state: ['rejected', 'requested'] })).total).toBe(27);
    expect((await listPayouts(db, a.actor, { state: 'nonsense' })).total).toBe(0);
    expect((await listPayouts(db, a.actor, { platformId: 'not-a-uuid' })).total).toBe(0);
    expect((await listPayouts(db, a.api, {})).total).toBe(27);
  });

  it("another merchant's ids get nothing; an API key sees its own platform only; staff see all", async () => {
    const a = await funded(10_000_000n);
    const b = await funded(10_000_000n);
    const pa = await requestPayout(db, a.actor, { platformId: a.platform.id, bankAccountId: a.account.id, amount: 200_000n });
    if (!pa.ok) throw new Error('request');
    expect(await getPayout(db, b.actor, pa.data.id)).toBeNull();
    expect(await getPayout(db, b.api, pa.data.id)).toBeNull();
    expect((await getPayout(db, a.api, pa.data.id))?.id).toBe(pa.data.id);
    expect(await getPayout(db, a.actor, 'x')).toBeNull();
    expect((await listPayouts(db, b.actor, { platformId: a.platform.id })).total).toBe(0);
    expect((await listPayouts(db, b.actor, {})).total).toBe(0);
    expect(await listBankAccounts(db, b.actor, { platformId: a.platform.id })).toEqual(
      (await listBankAccounts(db, b.actor, {})).filter((x) => x.platformId === null),
    );
    expect((await listBankAccounts(db, b.actor)).some((x) => x.id === a.account.id)).toBe(false);
    expect(await listBankAccounts(db, b.api, { platformId: a.platform.id })).toEqual([]);
    expect(await getPayoutSettings(db, b.actor, a.platform.id)).toBeNull();
    expect(await getPayoutSettings(db, b.api, a.platform.id)).toBeNull();
    expect((await comingPayouts(db, b.actor)).length).toBe(0);
    expect((await comingPayouts(db, b.actor, { platformId: a.platform.id })).length).toBe(0);
    // Another platform of the same merchant is not the key's.
    const otherKey: ApiActor = { ...a.api, platformId: b.platform.id };
    expect(await getPayout(db, otherKey, pa.data.id)).toBeNull();
    const staff = staffActorOf(await makeAdmin(db));
    expect((await getPayout(db, staff, pa.data.id))?.merchantId).toBe(a.merchant.id);
    expect((await listPayouts(db, staff, { merchantId: a.merchant.id })).total).toBe(1);
    expect(await getPayoutSettings(db, staff, a.platform.id)).not.toBeNull();
  });

  it('settings default to off; the saved row is read; bank accounts list without removed ones', async () => {
    const a = await funded(0n);
    expect(await getPayoutSettings(db, a.actor, a.platform.id)).toMatchObject({
      platformId: a.platform.id,
      autoEnabled: false,
      autoKeep: 0n,
      defaultBankAccountId: null,
    });
    await db.insert(payoutSettings).values({ platformId: a.platform.id, autoEnabled: true, autoKeep: 5_000n, defaultBankAccountId: a.account.id });
    expect(await getPayoutSettings(db, a.api, a.platform.id)).toMatchObject({ autoEnabled: true, autoKeep: 5_000n, defaultBankAccountId: a.account.id });
    expect((await listBankAccounts(db, a.actor, { platformId: a.platform.id })).map((x) => x.id)).toEqual([a.account.id]);
    expect((await listBankAccounts(db, a.api)).map((x) => x.id)).toEqual([a.account.id]);
  });

  it('coming payouts: requested, approved and sent with their expected day, not the finished ones', async () => {
    const a = await funded(10_000_000n);
    const staff = staffActorOf(await makeAdmin(db));
    const made = [];
    for (let i = 0; i < 4; i++) {
      const r = await requestPayout(db, a.actor, { platformId: a.platform.id, bankAccountId: a.account.id, amount: 200_000n });
      if (!r.ok) throw new Error('request');
      made.push(r.data.id);
    }
    await decidePayout(db, staff, { payoutId: made[1], approve: true });
    await decidePayout(db, staff, { payoutId: made[2], approve: true });
    await markPayoutSent(db, staff, { payoutId: made[2] });
    await decidePayout(db, staff, { payoutId: made[3], approve: false, reason: 'no' });
    const coming = await comingPayouts(db, a.actor);
    expect(coming.map((c) => c.id).sort()).toEqual(made.slice(0, 3).sort());
    expect(coming.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.expectedDay!))).toBe(true);
  });

  it('the expected day skips Fridays and holidays', () => {
    // Thursday 2026-01-01 10:00 Tehran: the batch goes today, lands the next working day (Saturday).
    const thursday = new Date('2026-01-01T06:30:00Z');
    expect(expectedPayoutDay({ state: 'requested', sentAt: null }, thursday)).toBe('2026-01-03');
    // Sent on Thursday: lands Saturday.
    expect(expectedPayoutDay({ state: 'sent', sentAt: thursday }, thursday)).toBe('2026-01-03');
    expect(expectedPayoutDay({ state: 'paid', sentAt: thursday }, thursday)).toBeNull();
  });
});
