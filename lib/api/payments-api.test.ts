import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as getBalance } from '@/app/api/v1/balance/route';
import { POST as postLink } from '@/app/api/v1/payment-links/route';
import { GET as getPayment } from '@/app/api/v1/payments/[id]/route';
import { GET as listPayments, POST as postPayment } from '@/app/api/v1/payments/route';
import { payments, platforms } from '@/db/schema';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { ledgerViolations } from '@/lib/ledger';
import { handleCallback, startPayment } from '@/lib/payments';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';
import { callbackAllowed } from './payments';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const db = testDb();
const BASE = 'http://dargah.test/api/v1';

beforeAll(() => {
  process.env.PUBLIC_BASE_URL = 'http://dargah.test';
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const send = apiRequest(BASE);

async function shop() {
  const made = await makePlatform(db, {
    type: 'website',
    name: 'API shop',
    address: 'https://api-shop.example',
    expectedMonthlyVolume: '1000000',
    callbackUrls: ['https://api-shop.example/return'],
  });
  return made;
}

const good = {
  amount: 150000,
  order_id: 'ORD-1',
  callback_url: 'https://api-shop.example/return?cart=9',
  payer_mobile: '۰۹۱۲۱۲۳۴۵۶۷',
  product: 'internet-1gb',
};

describe('payments API', () => {
  it('creates a payment, pays it on the sandbox, reads it back by id and by order id; test mode leaves the ledger alone', async () => {
    const { key, platform } = await shop();
    const res = await postPayment(send('POST', '/payments', key, good));
    expect(res.status).toBe(201);
    const p = await res.json();
    expect(p).toMatchObject({
      order_id: 'ORD-1',
      amount: '150000',
      product: 'internet-1gb',
      state: 'created',
      livemode: false,
      payment_url: `http://dargah.test/pay/go/${p.id}`,
    });
    expect(p.tracking_code).toMatch(/^\d{11}$/);

    await startPayment(db, p.id, 'sandbox', 'http://dargah.test');
    const [row] = await db.select().from(payments).where(eq(payments.id, p.id));
    await sandboxPay(db, { token: row.gatewayToken!, card: SANDBOX_CARD.success });
    await handleCallback(db, 'sandbox', { token: row.gatewayToken! });

    const one = await (await getPayment(send('GET', `/payments/${p.id}`, key))).json();
    expect(one).toMatchObject({ id: p.id, state: 'succeeded', card_masked: '603799******0004', payment_url: null });
    const byOrder = await (await listPayments(send('GET', '/payments?order_id=ORD-1', key))).json();
    expect(byOrder.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const balance = await (await getBalance(send('GET', '/balance', key))).json();
    expect(balance).toMatchObject({ platform_id: platform.id, livemode: false, currency: 'IRR', withdrawable: '0' });
  });

  it('refuses bad amounts, foreign callbacks and duplicate order ids with clear codes, never 500', async () => {
    const { key } = await shop();
    const bad: [unknown, number, string, string?][] = [
      [{ ...good, amount: 0 }, 400, 'validation_failed', 'amount'],
      [{ ...good, amount: -5 }, 400, 'validation_failed', 'amount'],
      [{ ...good, amount: 12.5 }, 400, 'validation_failed', 'amount'],
      [{ ...good, amount: '۱۲۰۰۰' }, 201, ''],
      [{ ...good, order_id: 'ORD-2', amount: '12345678901234567890' }, 400, 'validation_failed', 'amount'],
      [{ ...good, order_id: 'ORD-3', amount: 'ten' }, 400, 'validation_failed', 'amount'],
      [{ ...good, order_id: 'ORD-4', callback_url: 'https://evil.example/return' }, 400, 'callback_url_not_allowed', 'callback_url'],
      [{ ...good, order_id: 'ORD-5', callback_url: 'https://api-shop.example/returnx' }, 400, 'callback_url_not_allowed', 'callback_url'],
      [{ ...good, order_id: 'ORD-6', payer_mobile: '12345' }, 400, 'validation_failed', 'payer_mobile'],
      [{ ...good, order_id: 'bad id!' }, 400, 'validation_failed', 'order_id'],
      [{ ...good, order_id: 'ORD-7', surprise: true }, 400, 'validation_failed', 'surprise'],
      [good, 409, 'duplicate_order_id'],
    ];
    for (const [body, status, code, field] of bad) {
      const res = await postPayment(send('POST', '/payments', key, body));
      const json = await res.json();
      expect({ body, status: res.status }).toEqual({ body, status });
      if (code) expect(json.error.code).toBe(code);
      if (field) expect(Object.keys(json.error.fields ?? {})).toContain(field);
    }
    const malformed = await postPayment(send('POST', '/payments', key, '{"amount":'));
    expect(malformed.status).toBe(400);
  });

  it("another platform's payment is not found", async () => {
    const a = await shop();
    const b = await shop();
    const p = await (await postPayment(send('POST', '/payments', a.key, { ...good, order_id: 'X-1' }))).json();
    const res = await getPayment(send('GET', `/payments/${p.id}`, b.key));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
    expect((await getPayment(send('GET', '/payments/not-a-uuid', a.key))).status).toBe(404);
    const list = await (await listPayments(send('GET', '/payments?order_id=X-1', b.key))).json();
    expect(list.data).toEqual([]);
  });

  it('makes one-off links with an expiry and a usage limit', async () => {
    const { key } = await shop();
    const res = await postLink(send('POST', '/payment-links', key, { amount: 50000, description: 'فاکتور ۱۲', usage_limit: 2 }));
    expect(res.status).toBe(201);
    const link = await res.json();
    expect(link).toMatchObject({
      amount: '50000',
      usage_limit: 2,
      used_count: 0,
      livemode: false,
      url: expect.stringMatching(/^http:\/\/dargah\.test\/pay\/l\/[A-Za-z0-9_-]{12}$/),
    });
    const past = await postLink(send('POST', '/payment-links', key, { amount: 50000, expires_at: '2020-01-01T00:00:00Z' }));
    expect(past.status).toBe(400);
    expect((await postLink(send('POST', '/payment-links', key, { amount: 0 }))).status).toBe(400);
  });

  it("a suspended platform's key can make no payments", async () => {
    const { platform, key } = await shop();
    await db.update(platforms).set({ status: 'suspended' }).where(eq(platforms.id, platform.id));
    const res = await postPayment(send('POST', '/payments', key, { ...good, order_id: 'S-1' }));
    expect(res.status).toBe(403);
  });

  it('matches callback URLs by origin and path prefix only', () => {
    const allowed = ['https://shop.example/pay/return'];
    expect(callbackAllowed('https://shop.example/pay/return', allowed)).toBe(true);
    expect(callbackAllowed('https://shop.example/pay/return/42?x=1', allowed)).toBe(true);
    expect(callbackAllowed('https://shop.example/pay/returned', allowed)).toBe(false);
    expect(callbackAllowed('https://shop.example.evil.com/pay/return', allowed)).toBe(false);
    expect(callbackAllowed('http://shop.example/pay/return', allowed)).toBe(false);
    expect(callbackAllowed('https://user:pw@shop.example/pay/return', allowed)).toBe(false);
    expect(callbackAllowed('not a url', allowed)).toBe(false);
  });
});
