import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as listBankAccounts } from '@/app/api/v1/bank-accounts/route';
import { GET as getPayout } from '@/app/api/v1/payouts/[id]/route';
import { GET as listPayouts, POST as postPayout } from '@/app/api/v1/payouts/route';
import { payouts, payoutSettings } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';

import { decidePlatform, issueLiveKey } from '@/lib/platforms';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { fundedMerchant } from '@/lib/payouts/fixtures';

const db = testDb();
const BASE = 'http://dargah.test/api/v1';
const SHEBA = 'IR820540102680020817909002';

beforeAll(() => {
  // 50 concurrent calls from one platform: the per-platform limiter (tested on its own) would answer 429.
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const send = apiRequest(BASE);

let n = 0;
const idem = () => `payout-test-${Date.now()}-${n++}`;

/** An approved platform with a live key, its KYC account approved and `withdrawable` Rials. */
async function livePlatform(withdrawable: bigint) {
  const { actor, account, ...made } = await fundedMerchant(db, withdrawable);
  const staff = staffActorOf(await makeAdmin(db));
  expect((await decidePlatform(db, staff, { platformId: made.platform.id, approve: true })).ok).toBe(true);
  const live = await issueLiveKey(db, actor, { platformId: made.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { ...made, actor, account, live: live.data.key, testKey: made.key };
}

describe('payouts API', () => {
  it('50 concurrent POSTs of 300 000 with distinct keys over 1 000 000: exactly 3 go out, the rest are told why', async () => {
    const { platform, live, account } = await livePlatform(1_000_000n);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        postPayout(send('POST', '/payouts', live, { amount: '300000', bank_account_id: account.id }, { 'idempotency-key': idem() })),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    const refused = await Promise.all(results.filter((r) => r.status !== 201).map((r) => r.json()));
    expect(refused.every((b) => b.error.code === 'insufficient_balance' && b.error.fields.amount === 'insufficientBalance')).toBe(true);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 100_000n });
  });

  it('the same Idempotency-Key 10 times (at once, then again) makes one payout; the replays answer it', async () => {
    const { platform, live } = await livePlatform(5_000_000n);
    const key = idem();
    const body = { amount: 400_000, description: 'تسویه' };
    const results = await Promise.all(Array.from({ length: 10 }, () => postPayout(send('POST', '/payouts', live, body, { 'idempotency-key': key }))));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const first = await results.find((r) => r.status === 201)!.json();
    const again = await postPayout(send('POST', '/payouts', live, body, { 'idempotency-key': key }));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe(first.id);
    expect(await db.select({ id: payouts.id }).from(payouts).where(eq(payouts.platformId, platform.id))).toHaveLength(1);
    expect(first).toMatchObject({ amount: '400000', fee: '0', net: '400000', currency: 'IRR', state: 'requested', auto: false, description: 'تسویه' });
    expect(first.bank_account.sheba).toBe(SHEBA);
    expect(first.expected_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 4_600_000n });
  });

  it('refuses without an Idempotency-Key, with a test key, and bad amounts, leaving the balance alone', async () => {
    const { platform, live, testKey } = await livePlatform(1_000_000n);
    const post = (body: unknown, key = live, headers: Record<string, string> = { 'idempotency-key': idem() }) =>
      postPayout(send('POST', '/payouts', key, body, headers)).then(async (r) => [r.status, (await r.json()).error?.code]);
    expect(await post({ amount: 200_000 }, live, {})).toEqual([400, 'idempotency_key_required']);
    expect(await post({ amount: 200_000 }, testKey)).toEqual([403, 'live_key_required']);
    expect(await post({ amount: 0 })).toEqual([400, 'validation_failed']);
    expect(await post({ amount: -5 })).toEqual([400, 'validation_failed']);
    expect(await post({ amount: '1.5' })).toEqual([400, 'validation_failed']);
    expect(await post({ amount: 1.5 })).toEqual([400, 'validation_failed']);
    expect(await post({ amount: '9'.repeat(30) })).toEqual([400, 'validation_failed']);
    expect(await post({ amount: 10 })).toEqual([400, 'amount_below_minimum']);
    expect(await post({ amount: 2_000_000 })).toEqual([400, 'insufficient_balance']);
    expect(await post({ amount: 200_000, bank_account_id: '00000000-0000-4000-8000-000000000000' })).toEqual([400, 'bank_account_not_found']);
    expect(await post({ amount: 200_000, extra: 1 })).toEqual([400, 'validation_failed']);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 1_000_000n });
    // Persian digits are amounts too.
    expect(await post({ amount: '۲۰۰٬۰۰۰' })).toEqual([201, undefined]);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 0n, withdrawable: 800_000n });
  });

  it("reads its own payouts and accounts; another platform's payout id is 404 and not in the list", async () => {
    const a = await livePlatform(2_000_000n);
    const b = await livePlatform(2_000_000n);
    const made = await (await postPayout(send('POST', '/payouts', a.live, { amount: 300_000 }, { 'idempotency-key': idem() }))).json();
    await db.insert(payoutSettings).values({ platformId: a.platform.id, defaultBankAccountId: a.account.id });
    for (const key of [a.live, a.testKey]) {
      const one = await getPayout(send('GET', `/payouts/${made.id}`, key));
      expect(one.status).toBe(200);
      expect((await one.json()).id).toBe(made.id);
      const list = await (await listPayouts(send('GET', '/payouts?state=requested', key))).json();
      expect(list).toMatchObject({ page: 1, page_size: 25, total: 1 });
      expect(list.data[0].id).toBe(made.id);
    }
    const theirs = await getPayout(send('GET', `/payouts/${made.id}`, b.live));
    expect([theirs.status, (await theirs.json()).error.code]).toEqual([404, 'not_found']);
    expect((await getPayout(send('GET', '/payouts/nope', b.live))).status).toBe(404);
    expect((await (await listPayouts(send('GET', '/payouts', b.live))).json()).total).toBe(0);
    expect((await listPayouts(send('GET', '/payouts?state=bogus', a.live))).status).toBe(400);
    expect((await listPayouts(send('GET', '/payouts?page=0', a.live))).status).toBe(400);
    const accounts = await (await listBankAccounts(send('GET', '/bank-accounts', a.live))).json();
    expect(accounts.data).toEqual([expect.objectContaining({ id: a.account.id, sheba: SHEBA, status: 'approved', source: 'kyc', is_default: true })]);
    const theirAccounts = await (await listBankAccounts(send('GET', '/bank-accounts', b.live))).json();
    expect(theirAccounts.data.map((x: { id: string }) => x.id)).toEqual([b.account.id]);
  });
});
