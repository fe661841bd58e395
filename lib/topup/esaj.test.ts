import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTopup } from '@/test/fakes/topup';
import { esajProvider, mapEsajProduct } from './esaj';
import type { CallLog, ChargeInput, TopupProvider } from './provider';

const apiKey = 'esaj-test-key-7f3a9c21';
let fake: Awaited<ReturnType<typeof startFakeTopup>>;
let esaj: TopupProvider;
/** The same adapter with a short timeout, for the calls the fake never answers. */
let impatient: TopupProvider;
const logs: CallLog[] = [];

const keep = <T extends { log: CallLog }>(a: T): T => {
  logs.push(a.log);
  return a;
};
const order = (o: Partial<ChargeInput> = {}): ChargeInput => ({
  orderId: `tp_${randomUUID().replace(/-/g, '')}`,
  mobile: '09351234567',
  operator: 'irancell',
  upstreamId: '62',
  amount: 50_000n,
  kind: 'direct',
  ...o,
});

beforeAll(async () => {
  fake = await startFakeTopup({ apiKey, wallet: 10_000_000n });
  esaj = esajProvider({ baseUrl: fake.baseUrl, apiKey, timeoutMs: 5000 });
  impatient = esajProvider({ baseUrl: fake.baseUrl, apiKey, timeoutMs: 300 });
});
afterAll(async () => {
  // Whatever was sent and received in this file, the API key is in none of it.
  expect(logs.length).toBeGreaterThan(20);
  expect(JSON.stringify(logs)).not.toContain(apiKey);
  await fake.close();
});
afterEach(() => {
  Object.assign(fake.tweaks, {
    instant: false,
    pendingInquiries: 0,
    acceptedNotCharged: false,
    failNext: false,
    failMobile: null,
    hang: null,
    fail5xx: null,
    garbage: null,
  });
  fake.setWallet(10_000_000n);
});

describe('Esaj adapter: the catalogue', () => {
  it('maps every product a store can sell, and leaves out what it cannot', async () => {
    const r = keep(await esaj.catalogue());
    if (!r.ok) throw new Error(r.reason);
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({
      method: 'POST',
      path: '/api/filter',
      authorization: `Bearer ${apiKey}`,
      body: { table: 'product', items: { pagination: 'false' } },
    });
    const byId = new Map(r.products.map((p) => [p.upstreamId, p]));
    expect([...byId.keys()].sort()).toEqual(['101', '102', '103', '104', '11', '14', '201', '202', '203', '301', '302', '31', '32', '501', '62', '63']);
    // The document's sample: a range from price to second_price, any Rial in it.
    expect(byId.get('62')).toEqual({
      upstreamId: '62',
      operator: 'irancell',
      kind: 'direct',
      simType: 'prepaid',
      titleFa: 'شارژ مستقیم ایرانسل - مبلغ دلخواه',
      titleEn: null,
      price: null,
      minAmount: 5000n,
      maxAmount: 2_000_000n,
      step: null,
      amounts: null,
      volumeMb: null,
      durationDays: null,
      marginBasisPoints: 325,
      active: true,
    });
    expect(byId.get('31')).toMatchObject({
      operator: 'rightel',
      minAmount: 10_000n,
      maxAmount: 1_000_000n,
      step: 10_000n,
      titleEn: 'Rightel direct top-up',
      marginBasisPoints: 400,
    });
    expect(byId.get('11')).toMatchObject({
      operator: 'mci',
      kind: 'direct',
      amounts: [21_000n, 50_000n, 100_000n, 200_000n],
      minAmount: null,
      maxAmount: null,
      price: null,
      marginBasisPoints: 250,
    });
    expect(byId.get('63')).toMatchObject({ operator: 'irancell', kind: 'wonderful', amounts: [10_000n, 20_000n, 50_000n, 100_000n, 200_000n] });
    expect(byId.get('32')).toMatchObject({ operator: 'rightel', kind: 'shoorangiz', amounts: [20_000n, 50_000n, 100_000n, 200_000n, 500_000n, 1_000_000n] });
    expect(byId.get('14')).toMatchObject({ operator: 'mci', kind: 'pin', price: 100_000n, amounts: null, minAmount: null });
    expect(byId.get('101')).toMatchObject({ kind: 'package', price: 50_000n, volumeMb: 1024, durationDays: 1, marginBasisPoints: 500 });
    expect(byId.get('102')).toMatchObject({ volumeMb: 10_240, durationDays: 30 });
    expect(byId.get('103')).toMatchObject({ simType: 'postpaid', volumeMb: 20_480 });
    expect(byId.get('104')).toMatchObject({ active: false });
    expect(byId.get('201')).toMatchObject({ volumeMb: 500, durationDays: 1, marginBasisPoints: 450 });
    // Persian digits and units in the provider's text.
    expect(byId.get('203')).toMatchObject({ volumeMb: 30_720, durationDays: 30, titleFa: 'بسته اینترنت ایرانسل ۳۰ گیگابایت ۳۰ روزه' });
    expect(byId.get('501')).toMatchObject({ operator: 'shatel', kind: 'package' });
  });

  it('refuses products it cannot read rather than guessing', () => {
    const ok = { id: 5, name: 'x', type: 'cell_direct_charge', operator_id: 1, sim_card_type: 'credit', price: 1000, second_price: 5000, status: 1 };
    expect(mapEsajProduct(ok)).toMatchObject({ minAmount: 1000n, maxAmount: 5000n });
    expect(mapEsajProduct({ ...ok, operator_id: 99 })).toBeNull();
    expect(mapEsajProduct({ ...ok, type: 'gift_card' })).toBeNull();
    expect(mapEsajProduct({ ...ok, sim_card_type: 'data-only' })).toBeNull();
    expect(mapEsajProduct({ ...ok, name: '  ' })).toBeNull();
    expect(mapEsajProduct({ ...ok, second_price: 500 })).toBeNull();
    expect(mapEsajProduct({ ...ok, price: -1 })).toBeNull();
    expect(mapEsajProduct({ ...ok, price: 10.5, second_price: null })).toBeNull();
    expect(mapEsajProduct({ ...ok, type: 'cell_internet_package', price: null })).toBeNull();
    expect(mapEsajProduct('nonsense')).toBeNull();
  });

  it('a wrong key gets no catalogue, and the key is not in the log', async () => {
    const wrong = esajProvider({ baseUrl: fake.baseUrl, apiKey: 'not-the-key', timeoutMs: 5000 });
    const r = keep(await wrong.catalogue());
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('(1)') });
    expect(JSON.stringify(r.log)).not.toContain('not-the-key');
    expect(fake.requests.at(-1)!.authorization).toBe('Bearer not-the-key');
  });
});

describe('Esaj adapter: charging', () => {
  it('charges once with our order id as the Idempotency-Key, and is delivered', async () => {
    fake.tweaks.instant = true;
    const input = order();
    const r = keep(await esaj.charge(input));
    const o = fake.orders.get(input.orderId)!;
    expect(r).toMatchObject({ status: 'delivered', ref: o.transactionId, pin: null });
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', path: '/api/top-up', idempotencyKey: input.orderId });
    expect(req.body).toEqual({ product_id: 62, mobile: '09351234567', price: 50_000, order_id: input.orderId, operator_type: 2 });
    // The provider's cost: the face amount less its 3.25 % discount.
    expect(fake.balance()).toBe(10_000_000n - 48_375n);
  });

  it('sends a number in any form as 09…, and packages to the package path', async () => {
    fake.tweaks.instant = true;
    const input = order({ mobile: '+98 912 111 2233', operator: 'mci', upstreamId: '102', amount: 650_000n, kind: 'package' });
    expect(keep(await esaj.charge(input)).status).toBe('delivered');
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/top-up/package', body: { mobile: '09121112233', product_id: 102, operator_type: 1 } });
  });

  it('"in progress" on the charge, then final on inquiry by our order id', async () => {
    fake.tweaks.pendingInquiries = 1;
    const input = order();
    const r = keep(await esaj.charge(input));
    expect(r).toMatchObject({ status: 'pending', reason: expect.stringContaining('(9)') });
    expect(keep(await esaj.inquire(input))).toMatchObject({ status: 'pending' });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/top-up/inquiry', body: { order_id: input.orderId } });
    const done = keep(await esaj.inquire(input));
    expect(done).toMatchObject({ status: 'delivered', ref: fake.orders.get(input.orderId)!.transactionId });
  });

  it('"accepted" (code 0) is not "charged": pending until an inquiry says so', async () => {
    fake.tweaks.acceptedNotCharged = true;
    const input = order();
    const r = keep(await esaj.charge(input));
    expect(r.status).toBe('pending');
    expect(fake.orders.get(input.orderId)!.state).toBe('pending');
    expect(keep(await esaj.inquire(input)).status).toBe('delivered');
  });

  it('a duplicate order id charges nothing and answers the first order', async () => {
    const input = order();
    expect(keep(await esaj.charge(input)).status).toBe('pending');
    const afterFirst = fake.balance();
    // Asked again while in progress: still in progress, nothing debited.
    expect(keep(await esaj.charge(input))).toMatchObject({ status: 'pending' });
    const first = keep(await esaj.inquire(input));
    expect(first.status).toBe('delivered');
    const again = keep(await esaj.charge(input));
    expect(again).toEqual({ ...first, log: again.log });
    expect(fake.orders.get(input.orderId)!.chargeCalls).toBe(3);
    expect(fake.balance()).toBe(afterFirst);
    // The same order id with another amount is not this order's answer: nothing is believed.
    const other = keep(await esaj.charge({ ...input, amount: 70_000n }));
    expect(other).toMatchObject({ status: 'unknown', reason: expect.stringContaining('another amount') });
    expect(fake.balance()).toBe(afterFirst);
  });

  it('a failure is final, with the provider reason, and the provider gives the cost back', async () => {
    fake.tweaks.instant = true;
    fake.tweaks.failNext = true;
    const r = keep(await esaj.charge(order()));
    expect(r).toMatchObject({ status: 'failed', reason: expect.stringMatching(/نپذیرفت.*\(10\)/) });
    expect(fake.balance()).toBe(10_000_000n);
    // Only the next one.
    expect(keep(await esaj.charge(order())).status).toBe('delivered');
  });

  it('a number the operator refuses fails on inquiry', async () => {
    fake.tweaks.failMobile = '09351234599';
    const input = order({ mobile: '09351234599' });
    expect(keep(await esaj.charge(input)).status).toBe('pending');
    expect(keep(await esaj.inquire(input))).toMatchObject({ status: 'failed', reason: expect.stringContaining('(10)') });
  });

  it('a wallet below the cost fails with code 5, and charges nothing', async () => {
    fake.setWallet(40_000n);
    const input = order();
    const r = keep(await esaj.charge(input));
    expect(r).toMatchObject({ status: 'failed', reason: 'اعتبار کیف پول کمتر از مبلغ است (5)' });
    expect(fake.orders.has(input.orderId)).toBe(false);
    expect(fake.balance()).toBe(40_000n);
  });

  it('an amount the product does not allow fails with code 2', async () => {
    const r = keep(await esaj.charge(order({ upstreamId: '63', kind: 'wonderful', amount: 30_000n })));
    expect(r).toMatchObject({ status: 'failed', reason: expect.stringContaining('(2)') });
  });

  it('a number that is not a mobile is refused before anything is sent', async () => {
    const before = fake.requests.length;
    const r = keep(await esaj.charge(order({ mobile: '0212345678' })));
    expect(r).toMatchObject({ status: 'failed', reason: 'Invalid mobile number' });
    expect(fake.requests.length).toBe(before);
  });

  it('a PIN product is delivered with its PIN; the log keeps only its last four digits', async () => {
    fake.tweaks.instant = true;
    const input = order({ mobile: '09121234567', operator: 'mci', upstreamId: '14', amount: 100_000n, kind: 'pin' });
    const r = keep(await esaj.charge(input));
    const o = fake.orders.get(input.orderId)!;
    expect(r).toMatchObject({ status: 'delivered', pin: { code: o.pinCode, serial: o.serialNumber } });
    expect(o.pinCode).toMatch(/^\d{16}$/);
    expect(JSON.stringify(r.log)).not.toContain(o.pinCode!);
    expect(JSON.stringify(r.log)).toContain(o.pinCode!.slice(-4));
  });

  it('a charge that gets no answer is unknown; the inquiry finds it charged', async () => {
    fake.tweaks.hang = 'charge';
    const input = order();
    const r = keep(await impatient.charge(input));
    expect(r).toMatchObject({ status: 'unknown', reason: 'Timed out' });
    // The provider did take it.
    expect(fake.orders.get(input.orderId)?.state).toBe('pending');
    fake.tweaks.hang = null;
    expect(keep(await esaj.inquire(input)).status).toBe('delivered');
  });

  it('a 5xx or a page that is not JSON is unknown; an order the provider never got is failed on inquiry', async () => {
    fake.tweaks.fail5xx = 'charge';
    const input = order();
    expect(keep(await esaj.charge(input))).toMatchObject({ status: 'unknown', reason: 'HTTP 502' });
    fake.tweaks.fail5xx = null;
    fake.tweaks.garbage = 'charge';
    expect(keep(await esaj.charge(input))).toMatchObject({ status: 'unknown', reason: expect.stringContaining('Not JSON') });
    fake.tweaks.garbage = 'inquiry';
    expect(keep(await esaj.inquire(input))).toMatchObject({ status: 'unknown' });
    fake.tweaks.garbage = null;
    expect(keep(await esaj.inquire(input))).toMatchObject({ status: 'failed', reason: expect.stringContaining('(8)') });
    expect(fake.balance()).toBe(10_000_000n);
  });

  it('an inquiry that gets no answer is unknown, not failed', async () => {
    const input = order();
    keep(await esaj.charge(input));
    fake.tweaks.hang = 'inquiry';
    expect(keep(await impatient.inquire(input))).toMatchObject({ status: 'unknown', reason: 'Timed out' });
  });

  it('a wrong key is unknown on the charge (our configuration, not the order)', async () => {
    const wrong = esajProvider({ baseUrl: fake.baseUrl, apiKey: 'not-the-key', timeoutMs: 5000 });
    const input = order();
    expect(keep(await wrong.charge(input))).toMatchObject({ status: 'unknown', reason: expect.stringContaining('(1)') });
    expect(fake.orders.has(input.orderId)).toBe(false);
  });
});

describe('Esaj adapter: the wallet', () => {
  it('reads the balance, and says so when it cannot', async () => {
    fake.setWallet(123_456_789n);
    expect(keep(await esaj.wallet())).toMatchObject({ ok: true, balance: 123_456_789n });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/wallet', authorization: `Bearer ${apiKey}` });
    fake.tweaks.fail5xx = 'wallet';
    expect(keep(await esaj.wallet())).toMatchObject({ ok: false, reason: 'HTTP 502' });
  });
});
