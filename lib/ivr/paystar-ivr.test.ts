import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakePaystarIvr } from '@/test/fakes/paystar-ivr';
import { paystarIvrClient, paystarIvrGateway } from './paystar-ivr';

const GATEWAY_ID = 'ivr-gw-test-1';
const FULL_CARD = '6037991234560004';
let fake: Awaited<ReturnType<typeof startFakePaystarIvr>>;
let client: ReturnType<typeof paystarIvrClient>;
let defaultTweaks: typeof fake.tweaks;
let orderSeq = 0;
const orderId = () => `ivr-${process.pid}-${Date.now()}-${++orderSeq}`;

beforeAll(async () => {
  fake = await startFakePaystarIvr({ gatewayId: GATEWAY_ID, wrongAttemptCap: 3 });
  defaultTweaks = { ...fake.tweaks };
  client = paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 2000 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  Object.assign(fake.tweaks, defaultTweaks);
});

async function factor(amount = 160_000n) {
  const r = await client.createFactor({ amount, orderId: orderId() });
  if (!r.ok) throw new Error(`create-factor failed: ${r.reason}`);
  return r.trackingCode;
}

/** PayStar's own IVR looking up what a caller typed. */
async function lookUp(body: Record<string, unknown>, base = fake.baseUrl) {
  const res = await fetch(`${base}/api/ivr/transaction`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}
const callerTypes = (invoiceId: string | number, caller = '09121112233') => lookUp({ invoice_id: Number(invoiceId), merchant_cid: caller, ivr: 0, type: 1 });

describe('PayStar IVR: create-factor', () => {
  it('sends the documented body with the bearer and gets an 8-digit tracking code', async () => {
    const id = orderId();
    const r = await client.createFactor({ amount: 50_000n, orderId: id, customerName: 'مریم', phone: '09121112233' });
    expect(r).toMatchObject({ ok: true, trackingCode: expect.stringMatching(/^\d{8}$/) });
    const sent = fake.requests.find((q) => q.path === '/api/ivr/create-factor' && (q.body as { order_id?: string }).order_id === id)!;
    expect(sent.method).toBe('POST');
    expect(sent.authorization).toBe(`Bearer ${GATEWAY_ID}`);
    // Absent optional fields go as empty strings, as the document's sample; the amount as a JSON number.
    expect(sent.body).toEqual({ amount: 50000, order_id: id, customer_name: 'مریم', email: '', phone: '09121112233' });
    // The log keeps the request and the answer, never the gateway id.
    expect(r.log.request).toMatchObject({ method: 'POST', path: '/api/ivr/create-factor', body: { amount: 50000, order_id: id } });
    expect(r.log.response).toMatchObject({ status: 1, data: { tracking_code: r.ok ? r.trackingCode : '' } });
    expect(JSON.stringify(r.log)).not.toContain(GATEWAY_ID);
  });

  it('a wrong gateway id is refused (unauthenticated), not retryable', async () => {
    const wrong = paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: 'not-ours' });
    const r = await wrong.createFactor({ amount: 50_000n, orderId: orderId() });
    expect(r).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('unauthenticated') });
  });

  it('a duplicate order id is refused with PayStar’s message and errors', async () => {
    const id = orderId();
    expect((await client.createFactor({ amount: 50_000n, orderId: id })).ok).toBe(true);
    const again = await client.createFactor({ amount: 50_000n, orderId: id });
    expect(again).toMatchObject({ ok: false, retryable: false });
    expect(!again.ok && again.reason).toBe('شناسه سفارش تکراری است; تکراری (-3)');
  });

  it('an amount below PayStar’s minimum is refused with its field error; an unsafe amount is never sent', async () => {
    const low = await client.createFactor({ amount: 4_000n, orderId: orderId() });
    expect(low).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(/حداقل مبلغ.*\(-1\)$/) });
    const before = fake.requests.length;
    const huge = await client.createFactor({ amount: 2n ** 60n, orderId: orderId() });
    expect(huge).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('out of range') });
    expect(fake.requests.length).toBe(before);
  });

  it('an order id over 50 characters is refused', async () => {
    const r = await client.createFactor({ amount: 50_000n, orderId: 'x'.repeat(51) });
    expect(r).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('(-1)') });
  });

  it('a timeout or a 5xx is retryable: the factor may exist', async () => {
    fake.tweaks.createHang = true;
    const quick = paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 200 });
    const t0 = Date.now();
    expect(await quick.createFactor({ amount: 50_000n, orderId: orderId() })).toMatchObject({ ok: false, retryable: true, reason: 'Timed out' });
    expect(Date.now() - t0).toBeLessThan(1500);
    fake.tweaks.createHang = false;
    fake.tweaks.create5xx = true;
    expect(await client.createFactor({ amount: 50_000n, orderId: orderId() })).toMatchObject({ ok: false, retryable: true, reason: 'HTTP 500' });
  });
});

describe('PayStar IVR: get-transaction-result', () => {
  it('polls pending (not called yet), pending (at the bank), then paid with the amount, reference and masked card', async () => {
    const code = await factor(160_000n);
    expect(await client.result(code)).toMatchObject({ status: 'pending' });
    // The payer calls and types the tracking code; PayStar's IVR hands them to the bank.
    expect(await callerTypes(code)).toEqual({ transactionId: expect.any(Number), merchantId: fake.merchantId, price: '160000' });
    expect(await client.result(code)).toMatchObject({ status: 'pending' }); // at the bank's IVR
    fake.pay(code, FULL_CARD);
    fake.tweaks.resultLagging = 1; // the bank's report reaches PayStar one inquiry late
    expect(await client.result(code)).toMatchObject({ status: 'pending' });
    const paid = await client.result(code);
    expect(paid).toMatchObject({ status: 'paid', amount: 160_000n, ref: fake.factors.get(code)!.refNum, cardMasked: '603799******0004' });
    // The inquiry went as a GET with the tracking code in the query string, with the bearer.
    const asked = fake.requests.filter((q) => q.path === '/api/ivr/get-transaction-result' && q.query.tracking_code === code);
    expect(asked).toHaveLength(4); // pending, pending, lagging pending, paid
    expect(asked.every((q) => q.method === 'GET' && q.authorization === `Bearer ${GATEWAY_ID}`)).toBe(true);
  });

  it('a payment the bank declined is declined with the bank’s reason', async () => {
    const code = await factor();
    await callerTypes(code);
    fake.decline(code, 'موجودی کافی نیست');
    expect(await client.result(code)).toMatchObject({ status: 'declined', reason: 'موجودی کافی نیست (failed)' });
  });

  it('an expired factor is declined, whether expired by hand or by its TTL', async () => {
    const code = await factor();
    fake.expire(code);
    expect(await client.result(code)).toMatchObject({ status: 'declined', reason: expect.stringContaining('(expired)') });

    const shortLived = await startFakePaystarIvr({ gatewayId: GATEWAY_ID, invoiceTtlMs: 100 });
    try {
      const c2 = paystarIvrClient({ baseUrl: shortLived.baseUrl, gatewayId: GATEWAY_ID });
      const r = await c2.createFactor({ amount: 50_000n, orderId: orderId() });
      expect(r.ok).toBe(true);
      const tc = r.ok ? r.trackingCode : '';
      expect(await c2.result(tc)).toMatchObject({ status: 'pending' });
      await new Promise((w) => setTimeout(w, 150));
      expect(await c2.result(tc)).toMatchObject({ status: 'declined', reason: expect.stringContaining('(expired)') });
    } finally {
      await shortLived.close();
    }
  });

  it('a tracking code PayStar does not know is declined with its message', async () => {
    expect(await client.result('00000001')).toMatchObject({ status: 'declined', reason: 'کد رهگیری نامعتبر است (-5)' });
  });

  it('the document’s bare success sample (no amount) is unknown, never paid', async () => {
    const code = await factor();
    fake.pay(code);
    fake.tweaks.bareSuccess = true;
    expect(await client.result(code)).toMatchObject({ status: 'unknown', reason: 'PayStar answered paid without an amount' });
    fake.tweaks.bareSuccess = false;
    expect(await client.result(code)).toMatchObject({ status: 'paid' });
  });

  it('a timeout, a 5xx or a page that is not JSON is unknown', async () => {
    const code = await factor();
    fake.pay(code);
    fake.tweaks.resultHang = true;
    const quick = paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 200 });
    const t0 = Date.now();
    expect(await quick.result(code)).toMatchObject({ status: 'unknown', reason: 'Timed out' });
    expect(Date.now() - t0).toBeLessThan(1500);
    fake.tweaks.resultHang = false;
    fake.tweaks.result5xx = true;
    expect(await client.result(code)).toMatchObject({ status: 'unknown', reason: 'HTTP 500' });
    fake.tweaks.result5xx = false;
    fake.tweaks.resultGarbage = true;
    expect(await client.result(code)).toMatchObject({ status: 'unknown', reason: 'Not JSON (HTTP 200)' });
    fake.tweaks.resultGarbage = false;
    expect(await client.result(code)).toMatchObject({ status: 'paid' });
  });

  it('a wrong gateway id is unknown, not a decline: a configuration problem must not fail paid money', async () => {
    const code = await factor();
    fake.pay(code);
    const wrong = paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: 'not-ours' });
    expect(await wrong.result(code)).toMatchObject({ status: 'unknown', reason: expect.stringContaining('unauthenticated') });
  });

  it('logs never carry a full card number, even when PayStar sends one', async () => {
    const code = await factor();
    fake.pay(code, FULL_CARD);
    fake.tweaks.leakFullCard = true;
    const r = await client.result(code);
    expect(r).toMatchObject({ status: 'paid', cardMasked: '603799******0004' });
    expect(JSON.stringify(r.log)).not.toContain(FULL_CARD);
    expect(JSON.stringify(r.log)).toContain('603799******0004');
    expect(JSON.stringify(r.log)).not.toContain(GATEWAY_ID);
  });
});

describe('the fake PayStar IVR look-up (what PayStar’s own IVR asks)', () => {
  it('answers the transaction id, merchant id and price, the same transaction when asked twice', async () => {
    const code = await factor(70_000n);
    const first = await callerTypes(code);
    expect(first).toEqual({ transactionId: expect.any(Number), merchantId: fake.merchantId, price: '70000' });
    expect(await callerTypes(code)).toEqual(first);
  });

  it('error 1: a gateway PayStar does not know (a wrong trunk id, or an inactive gateway)', async () => {
    expect(await lookUp({ order_id: '1613848397.81207-9050-30', merchant_cid: '0915***7796', amount: 180000, trunk_id: 'nope', ivr: 1, type: 1 })).toEqual({
      error: 1,
    });
    const code = await factor();
    fake.tweaks.gatewayInactive = true;
    expect(await callerTypes(code)).toEqual({ error: 1 });
  });

  it('error 2: a wrong invoice id', async () => {
    expect(await callerTypes('00000002', '09120000002')).toEqual({ error: 2 });
  });

  it('error 3: an invoice already paid', async () => {
    const code = await factor();
    fake.pay(code);
    expect(await callerTypes(code)).toEqual({ error: 3 });
  });

  it('error 4: an expired invoice', async () => {
    const code = await factor();
    fake.expire(code);
    expect(await callerTypes(code)).toEqual({ error: 4 });
  });

  it('error 5: a caller who typed wrong invoice ids too often is stopped, another caller is not', async () => {
    const code = await factor();
    const guesser = '09125555555';
    for (let i = 0; i < 3; i++) expect(await callerTypes(i + 3, guesser)).toEqual({ error: 2 });
    expect(await callerTypes(code, guesser)).toEqual({ error: 5 });
    expect(await callerTypes(code, '09126666666')).toMatchObject({ price: '160000' });
  });

  it('IVR to IVR: the same order twice is the same transaction, and its result can be asked', async () => {
    const order = { order_id: `${Date.now()}.81207-9050-30`, merchant_cid: '0915***7796', amount: 180000, trunk_id: ` ${fake.trunkId}`, ivr: 1, type: 1 };
    const a = await lookUp(order);
    expect(a).toEqual({ transactionId: expect.any(Number), merchantId: fake.merchantId, price: '180000' });
    expect(await lookUp(order)).toEqual(a);
    const f = [...fake.factors.values()].find((x) => x.orderId === order.order_id)!;
    expect(f.transactionId).toBe(a.transactionId);
    fake.pay(f.trackingCode);
    expect(await client.result(f.trackingCode)).toMatchObject({ status: 'paid', amount: 180_000n });
  });
});

describe('PayStar IVR: ping and the rail as a Gateway', () => {
  it('ping is ok with our gateway id, refused with a wrong one, and fails when nobody answers', async () => {
    expect(await client.ping()).toMatchObject({ ok: true });
    expect(await paystarIvrClient({ baseUrl: fake.baseUrl, gatewayId: 'not-ours' }).ping()).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unauthenticated'),
    });
    expect(await paystarIvrClient({ baseUrl: `${fake.baseUrl}/wrong-prefix`, gatewayId: GATEWAY_ID }).ping()).toMatchObject({
      ok: false,
      reason: 'Not a PayStar answer (HTTP 404)',
    });
    const gone = await startFakePaystarIvr({ gatewayId: GATEWAY_ID });
    await gone.close();
    expect(await paystarIvrClient({ baseUrl: gone.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 500 }).ping()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Network/),
    });
  });

  it('start refuses (payers start by phone); verify and inquire ask the result of the token', async () => {
    const gw = paystarIvrGateway({ baseUrl: fake.baseUrl, gatewayId: GATEWAY_ID });
    expect(gw.id).toBe('paystar-ivr');
    expect(await gw.start({ orderId: orderId(), amount: 50_000n, callbackUrl: 'https://merchant.example/cb' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('by phone'),
    });
    expect(gw.tokenOfCallback({ ref_num: 'PS1', tracking_code: '12345678' })).toBeNull();
    expect(gw.verifyParams({ card_number: FULL_CARD })).toEqual({});
    expect(gw.refund).toBeUndefined();
    const code = await factor(90_000n);
    expect(await gw.verify({ token: code, amount: 90_000n, callback: {} })).toMatchObject({ status: 'pending' });
    fake.pay(code);
    expect(await gw.verify({ token: code, amount: 90_000n, callback: {} })).toMatchObject({ status: 'paid', amount: 90_000n });
    expect(await gw.inquire({ token: code, amount: 90_000n, callback: {} })).toMatchObject({ status: 'paid', amount: 90_000n });
    expect(fake.requests.filter((q) => q.query.tracking_code === code)).toHaveLength(3);
  });
});
