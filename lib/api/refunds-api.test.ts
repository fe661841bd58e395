import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as postRefund, GET as listRefunds } from '@/app/api/v1/payments/[id]/refunds/route';
import { GET as getRefund } from '@/app/api/v1/refunds/[id]/route';
import { payments, refunds } from '@/db/schema';
import { openDispute } from '@/lib/disputes';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { addPlatform, decidePlatform, issueLiveKey } from '@/lib/platforms';
import { addPaidPayment, paidPayment } from '@/lib/refunds/fixtures';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const BASE = 'http://dargah.test/api/v1';
const ORIGIN = 'https://portal.dargah.example';

let publicBase: string | undefined;
beforeAll(() => {
  publicBase = process.env.PUBLIC_BASE_URL;
  process.env.PUBLIC_BASE_URL = ORIGIN;
  // Concurrent calls from one platform: the per-platform limiter (tested on its own) would answer 429.
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(() => {
  if (publicBase === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = publicBase;
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const send = apiRequest(BASE);

let n = 0;
const idem = () => `refund-test-${Date.now()}-${n++}`;

/** An approved platform with a live key, and a live payment of it paid on the sandbox bank with `card`. */
async function liveShop(opts: Parameters<typeof paidPayment>[1] = {}) {
  const made = await paidPayment(db, opts);
  const staff = staffActorOf(await makeAdmin(db));
  expect((await decidePlatform(db, staff, { platformId: made.platform.id, approve: true })).ok).toBe(true);
  const live = await issueLiveKey(db, made.actor, { platformId: made.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { ...made, live: live.data.key, testKey: made.key };
}

const refund = (key: string, paymentId: string, body: unknown, headers: Record<string, string> = { 'idempotency-key': idem() }) =>
  postRefund(send('POST', `/payments/${paymentId}/refunds`, key, body, headers));

type Answer = { [field: string]: unknown; id: string; payer_link: string | null; error?: { code: string; message: string; fields?: Record<string, string> } };

async function answer(res: Response | Promise<Response>): Promise<[number, Answer]> {
  const r = await res;
  return [r.status, await r.json()];
}

describe('refunds API', () => {
  it('a partial refund with a live key: 201 with the refund, then read back by id and in the payment’s list', async () => {
    const { live, payment, platform } = await liveShop({ amount: 1_000_000n, fee: 10_000n });
    const [status, body] = await answer(refund(live, payment.id, { amount: 400_000, reason: '  Returned item  ' }));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      payment_id: payment.id,
      amount: '400000',
      currency: 'IRR',
      fee_returned: '0',
      merchant_debit: '400000',
      reason: 'Returned item',
      state: 'succeeded',
      method: 'gateway',
      livemode: true,
      payer_link: null,
    });
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 590_000n, withdrawable: 0n });

    const [oneStatus, one] = await answer(getRefund(send('GET', `/refunds/${body.id}`, live)));
    expect(oneStatus).toBe(200);
    const { payer_link: _link, ...asRead } = body;
    void _link;
    expect(one).toEqual(asRead);
    const [listStatus, list] = await answer(listRefunds(send('GET', `/payments/${payment.id}/refunds`, live)));
    expect([listStatus, list]).toEqual([200, { data: [asRead] }]);
  });

  it('the same Idempotency-Key at once and again makes one refund; the replay answers it', async () => {
    const { live, payment, platform } = await liveShop({ amount: 1_000_000n, fee: 0n });
    const key = idem();
    const body = { amount: '300000', reason: 'Double charge' };
    const results = await Promise.all(Array.from({ length: 5 }, () => refund(live, payment.id, body, { 'idempotency-key': key })));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const first = await results.find((r) => r.status === 201)!.json();
    const again = await refund(live, payment.id, body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).id).toBe(first.id);
    expect(await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.paymentId, payment.id))).toHaveLength(1);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 700_000n, withdrawable: 0n });
    // The same key with another body is not a retry.
    expect((await answer(refund(live, payment.id, { ...body, amount: 1 }, { 'idempotency-key': key })))[1].error?.code).toBe('idempotency_key_reused');
  });

  it('a refund the bank declines answers the payer’s link on the configured origin, whatever the request’s Host says', async () => {
    const { live, payment } = await liveShop({ card: SANDBOX_CARD.refundDeclined, amount: 500_000n });
    const [status, body] = await answer(
      refund(live, payment.id, { amount: 490_000, reason: 'Damaged' }, { 'idempotency-key': idem(), host: 'evil.example', 'x-forwarded-host': 'evil.example' }),
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({ state: 'awaiting_account', method: 'payout', failure_reason: expect.stringContaining('Refund not allowed') });
    const link = body.payer_link;
    expect(link).toMatch(new RegExp(`^${ORIGIN.replace(/\./g, '\\.')}(/[a-z]+)?/refund/[A-Za-z0-9_-]{32}$`));
  });

  it('another platform’s key, the same merchant’s other platform and a test key on a live payment get 404 for POST and both GETs', async () => {
    const a = await liveShop();
    const b = await liveShop();
    const mine = await answer(refund(a.live, a.payment.id, { amount: 1000, reason: 'x' }));
    expect(mine[0]).toBe(201);
    const refundId = mine[1].id;
    // The same merchant's second platform (a test key of it: its platform is not approved).
    const second = await addPlatform(
      db,
      a.actor,
      addPlatformSchema.parse({ merchantServiceId: a.merchantServiceId, type: 'app', name: 'second', address: 'ir.second.app', expectedMonthlyVolume: '1' }),
    );
    if (!second.ok) throw new Error(second.error);
    for (const key of [b.live, b.testKey, a.testKey, second.data.sandboxKey]) {
      expect(await answer(refund(key, a.payment.id, { amount: 1000, reason: 'x' }))).toEqual([
        404,
        { error: { code: 'not_found', message: 'No such payment' } },
      ]);
      expect((await answer(listRefunds(send('GET', `/payments/${a.payment.id}/refunds`, key))))[1].error?.code).toBe('not_found');
      expect((await answer(getRefund(send('GET', `/refunds/${refundId}`, key))))[1].error?.code).toBe('not_found');
    }
    expect(await db.select({ id: refunds.id }).from(refunds).where(eq(refunds.paymentId, a.payment.id))).toHaveLength(1);
    expect((await getRefund(send('GET', '/refunds/not-a-uuid', a.live))).status).toBe(404);
    expect((await listRefunds(send('GET', '/payments/not-a-uuid/refunds', a.live))).status).toBe(404);
  });

  it('a test key refunds its sandbox payments without touching the balances', async () => {
    const { testKey, platform } = await liveShop();
    const sandbox = await addPaidPayment(db, platform.id, { livemode: false });
    const [status, body] = await answer(refund(testKey, sandbox.id, { amount: '۱۲۳٬۰۰۰', reason: 'test' }));
    expect([status, body]).toMatchObject([201, { amount: '123000', livemode: false, state: 'succeeded' }]);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 0n });
  });

  it('bad input is a clear 4xx with the field, never a 500; the balances stay as they were', async () => {
    const { live, payment, platform } = await liveShop({ amount: 1_000_000n, fee: 10_000n });
    const code = async (body: unknown, headers?: Record<string, string>) => {
      const [status, b] = await answer(refund(live, payment.id, body, headers));
      return [status, b.error?.code, b.error?.fields];
    };
    expect(await code({ amount: 1000, reason: 'x' }, {})).toEqual([400, 'idempotency_key_required', undefined]);
    expect(await code({ amount: 0, reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountNotPositive' }]);
    expect(await code({ amount: -1, reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountNotPositive' }]);
    expect(await code({ amount: '-1', reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountNotPositive' }]);
    expect((await code({ amount: 1.5, reason: 'x' })).slice(0, 2)).toEqual([400, 'validation_failed']);
    expect(await code({ amount: '1.5', reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountFractional' }]);
    expect(await code({ amount: '9'.repeat(30), reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountTooLarge' }]);
    expect(await code({ amount: 'ten', reason: 'x' })).toEqual([400, 'validation_failed', { amount: 'amountInvalid' }]);
    expect((await code({ amount: 1000 }))[2]).toHaveProperty('reason');
    expect((await code({ amount: 1000, reason: '   ' }))[2]).toHaveProperty('reason');
    expect((await code({ amount: 1000, reason: 'x'.repeat(301) }))[2]).toHaveProperty('reason');
    expect((await code({ amount: 1000, reason: 'a\u0000b' }))[2]).toHaveProperty('reason');
    expect(await code({ amount: 1000, reason: 'x', extra: 1 })).toEqual([400, 'validation_failed', { extra: 'unknown field' }]);
    expect(await code('{"amount": 1000, "reason": ')).toEqual([400, 'invalid_json', undefined]);
    expect(await code('[1000]')).toEqual([400, 'validation_failed', { _: expect.any(String) }]);
    const [status, above] = await answer(refund(live, payment.id, { amount: 1_000_001, reason: 'too much' }));
    expect([status, above.error?.code, above.error?.fields]).toEqual([400, 'refund_above_remaining', { amount: 'refundAboveRemaining' }]);
    expect(above.error?.message).toContain('1000000');
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 0n });

    // Persian digits are amounts too; what is left shrinks by them.
    expect((await code({ amount: '۱۲۳', reason: 'ارقام فارسی' }))[0]).toBe(201);
    const [, left] = await answer(refund(live, payment.id, { amount: 1_000_000, reason: 'too much' }));
    expect(left.error?.message).toContain('999877');
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 989_877n, withdrawable: 0n });
  });

  it('a payment that did not succeed is 409 not_refundable, one under a bank complaint 409 dispute_open; balances that cannot cover the refund are 400 insufficient_balance', async () => {
    const { live, payment, platform } = await liveShop({ amount: 1_000_000n, fee: 10_000n, settled: true });
    const failed = await addPaidPayment(db, platform.id);
    await db.update(payments).set({ state: 'failed' }).where(eq(payments.id, failed.id));
    expect((await answer(refund(live, failed.id, { amount: 1000, reason: 'x' })))[1].error?.code).toBe('not_refundable');
    expect((await refund(live, failed.id, { amount: 1000, reason: 'x' })).status).toBe(409);
    // Settled: 990 000 withdrawable and the second payment's 990 000 pending, which a settled payment may not use.
    const [status, body] = await answer(refund(live, payment.id, { amount: 995_000, reason: 'more than withdrawable' }));
    expect([status, body.error?.code, body.error?.fields]).toEqual([400, 'insufficient_balance', { amount: 'refundInsufficientBalance' }]);
    expect(await platformBalances(db, platform.id)).toEqual({ pending: 990_000n, withdrawable: 990_000n });
    // While the payer's bank decides a complaint about the payment, its decision gives the money back.
    const staff = staffActorOf(await makeAdmin(db));
    const opened = await openDispute(db, staff, {
      paymentId: payment.id,
      amount: 100_000n,
      reason: 'Not received',
      deadline: new Date(Date.now() + 7 * 86_400_000),
    });
    expect(opened.ok).toBe(true);
    const [disputed, during] = await answer(refund(live, payment.id, { amount: 1000, reason: 'x' }));
    expect([disputed, during.error?.code]).toEqual([409, 'dispute_open']);
  });
});
