import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paymentAlerts, paymentAttempts, payments, platforms } from '@/db/schema';
import { createPayment, handleCallback, runJanitor, startPayment } from '@/lib/payments';
import { ledgerViolations } from '@/lib/ledger';
import { postingsOf } from '@/test/ledger';
import { testDb } from '@/test/db';
import { startFakePaystar } from '@/test/fakes/paystar';
import { makePlatform } from '@/test/fixtures';
import { setGatewayForTests } from './index';
import { paystarGateway } from './paystar';

const db = testDb();
const cfg = { gatewayId: 'gw-test-1', signKey: 'paystar-sign-key-for-tests' };
let fake: Awaited<ReturnType<typeof startFakePaystar>>;

beforeAll(async () => {
  fake = await startFakePaystar(cfg);
  setGatewayForTests('paystar', paystarGateway({ ...cfg, baseUrl: fake.baseUrl, timeoutMs: 1500 }));
});
afterAll(async () => {
  setGatewayForTests('paystar', null);
  await fake.close();
});
afterEach(async () => {
  fake.tweaks.verifyPriceDelta = 0;
  fake.tweaks.verifyHang = false;
  fake.tweaks.declineVerify = false;
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function started(amount = 120_000n) {
  const { platform } = await makePlatform(db);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
  const p = await createPayment(db, { platformId: platform.id, source: 'link', livemode: true, amount, payerMobile: '09121112233', description: 'کتاب' });
  const r = await startPayment(db, p.id, 'paystar', 'https://merchant.example');
  const [row] = await db.select().from(payments).where(eq(payments.id, p.id));
  return { p: row, r };
}

describe('PayStar adapter against a fake PayStar', () => {
  it('creates with a valid sign, sends the payer to the payment page, verifies and succeeds', async () => {
    const { p, r } = await started();
    expect(r).toEqual({ ok: true, pageUrl: expect.stringContaining(`${fake.baseUrl}/api/pardakht/payment?token=`) });
    const create = fake.requests.find((q) => q.path === '/api/pardakht/create' && q.body.order_id === p.trackingCode)!;
    expect(create.body).toMatchObject({ amount: 120000, callback: 'https://merchant.example/pay/callback/paystar', phone: '09121112233' });
    const done = await handleCallback(db, 'paystar', fake.pay(p.gatewayToken!, true));
    expect(done?.state).toBe('succeeded');
    expect(done?.cardMasked).toBe('603799******0004');
    expect(await postingsOf(db, p.id)).toHaveLength(1);
    // The attempt log never keeps the sign.
    const log = await db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, p.id));
    expect(JSON.stringify(log.map((l) => [l.request, l.response]))).not.toContain('"sign"');
  });

  it('a wrong sign key is refused by PayStar and the payment fails with its message', async () => {
    setGatewayForTests('paystar', paystarGateway({ ...cfg, signKey: 'wrong', baseUrl: fake.baseUrl }));
    try {
      const { p, r } = await started();
      expect(r).toMatchObject({ ok: false, error: 'gatewayRefused', reason: expect.stringContaining('-5') });
      expect(p.state).toBe('failed');
    } finally {
      setGatewayForTests('paystar', paystarGateway({ ...cfg, baseUrl: fake.baseUrl, timeoutMs: 1500 }));
    }
  });

  it('a forged callback changes nothing, nor does a decline PayStar cannot be asked about', async () => {
    const { p } = await started();
    // Made-up card and tracking code: PayStar refuses the verify's sign, nothing changes.
    const forged = await handleCallback(db, 'paystar', { status: '1', ref_num: p.gatewayToken!, card_number: '603799******0004', tracking_code: '1' });
    expect(forged?.state).toBe('redirected');
    // The payer is declined at PayStar: without a card or tracking code PayStar cannot be asked.
    const params = fake.pay(p.gatewayToken!, false);
    expect((await handleCallback(db, 'paystar', params))?.state).toBe('redirected');
    expect(await postingsOf(db, p.id)).toHaveLength(0);
  });

  it('a verify PayStar declines fails the payment with its message', async () => {
    const { p } = await started();
    const params = fake.pay(p.gatewayToken!, true);
    fake.tweaks.declineVerify = true;
    const done = await handleCallback(db, 'paystar', params);
    expect(done?.state).toBe('failed');
    expect(done?.failureReason).toMatch(/ناموفق.*\(-9\)/);
    expect(await postingsOf(db, p.id)).toHaveLength(0);
  });

  it('an amount mismatch in the verify answer fails the payment and alerts staff', async () => {
    const { p } = await started();
    fake.tweaks.verifyPriceDelta = -1000;
    const done = await handleCallback(db, 'paystar', fake.pay(p.gatewayToken!, true));
    expect(done?.state).toBe('failed');
    expect(await postingsOf(db, p.id)).toHaveLength(0);
    expect(await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, p.id))).toHaveLength(1);
  });

  it('a verify that never answers leaves the payment unknown; the janitor settles it with PayStar', async () => {
    const { p } = await started();
    fake.tweaks.verifyHang = true;
    const params = fake.pay(p.gatewayToken!, true);
    expect((await handleCallback(db, 'paystar', params))?.state).toBe('unknown');
    fake.tweaks.verifyHang = false;
    await runJanitor(db, new Date(Date.now() + 5 * 60_000));
    const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect(after.state).toBe('succeeded');
    expect(await postingsOf(db, p.id)).toHaveLength(1);
  });

  it('a callback naming a ref_num we never issued finds nothing', async () => {
    expect(await handleCallback(db, 'paystar', { status: '1', ref_num: 'PSdeadbeef00', card_number: '1', tracking_code: '2' })).toBeNull();
  });
});
