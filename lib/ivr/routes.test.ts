import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as paystarResult } from '@/app/api/ivr/get-transaction-result/route';
import { POST as lookupRoute } from '@/app/api/ivr/transactions/route';
import { POST as bankIvr } from '@/app/api/sandbox/bank-ivr/route';
import { GET as getInvoice } from '@/app/api/v1/ivr/invoices/[code]/route';
import { POST as postInvoice } from '@/app/api/v1/ivr/invoices/route';
import { eq } from 'drizzle-orm';
import { ivrInvoices } from '@/db/schema';
import { issueLiveKey } from '@/lib/platforms';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';
import { makePlatform } from '@/test/fixtures';
import { makeIvrPlatform } from './fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/** Every IVR endpoint as a client calls it: bad input gets its documented answer, never a 500. */
const db = testDb();
const BASE = 'http://dargah.test';
const send = apiRequest(BASE);

beforeAll(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

let n = 0;
const idem = () => `ivr-test-${Date.now()}-${n++}`;

const lookupReq = (credential: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}/api/ivr/transactions`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', ...headers },
  });

async function liveIvr() {
  const f = await makeIvrPlatform(db);
  const live = await issueLiveKey(db, f.actor, { platformId: f.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { ...f, live: live.data.key };
}

describe('POST /api/v1/ivr/invoices', () => {
  it('an invoice whose process dies before its answer is stored is not kept; the retry makes the one invoice', async () => {
    await installCrashTrigger(db);
    const f = await liveIvr();
    const body = { amount: 50000, order_id: `crash-${Date.now()}`, customer_name: '', email: '', phone: '' };
    const key = await dyingKey(db, 'ivr');
    const call = () => postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, body, { 'idempotency-key': key }));
    const mine = () => db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id));
    expect((await call()).status).toBe(500);
    expect(await mine()).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    expect((await (await call()).json()).tracking_code).toBe((await retry.json()).tracking_code);
    expect(await mine()).toHaveLength(1);
  });

  it('makes an invoice with a tracking code, replays it for the same Idempotency-Key, refuses a duplicate order id', async () => {
    const f = await liveIvr();
    const body = { amount: 50000, order_id: `o-${Date.now()}`, customer_name: '', email: '', phone: '' };
    const key = idem();
    const first = await postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, body, { 'idempotency-key': key }));
    expect(first.status).toBe(201);
    const made = await first.json();
    expect(made).toMatchObject({ amount: '50000', state: 'open', livemode: true, customer_name: null, payment: null });
    expect(made.tracking_code).toMatch(/^\d{8}$/);
    const replay = await postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, body, { 'idempotency-key': key }));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).tracking_code).toBe(made.tracking_code);
    const dup = await postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, body));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe('duplicate_order_id');
    // A test key's invoice is a sandbox one; the same order id is free there.
    const test = await postInvoice(send('POST', '/api/v1/ivr/invoices', f.apiKey, body));
    expect(test.status).toBe(201);
    expect((await test.json()).livemode).toBe(false);
  });

  it('bad input: missing fields, wrong types, amounts 0/negative/fractional/huge, unknown fields, oversize bodies, wrong content type', async () => {
    const f = await liveIvr();
    const post = (body: unknown, headers: Record<string, string> = {}) => postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, body, headers));
    const cases: [unknown, string][] = [
      [{}, 'amount'],
      [{ amount: 50000 }, 'order_id'],
      [{ amount: 0, order_id: 'a' }, 'amount'],
      [{ amount: -5000, order_id: 'a' }, 'amount'],
      [{ amount: 5000.5, order_id: 'a' }, 'amount'],
      [{ amount: '1e30', order_id: 'a' }, 'amount'],
      [{ amount: 99999999999999999999, order_id: 'a' }, 'amount'],
      [{ amount: 4999, order_id: 'a' }, 'amount'],
      [{ amount: true, order_id: 'a' }, 'amount'],
      [{ amount: 50000, order_id: 'x'.repeat(51) }, 'order_id'],
      [{ amount: 50000, order_id: 'has space' }, 'order_id'],
      [{ amount: 50000, order_id: 'a', email: 'not-an-email' }, 'email'],
      [{ amount: 50000, order_id: 'a', phone: 'abc' }, 'phone'],
      [{ amount: 50000, order_id: 'a', customer_name: 'a\u0000b' }, 'customer_name'],
      [{ amount: 50000, order_id: 'a', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const e = (await res.json()).error;
      expect(e.code).toBe('validation_failed');
      expect(Object.keys(e.fields)).toContain(field);
    }
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ amount: 50000, order_id: 'a', customer_name: 'x'.repeat(70_000) })).status).toBe(413);
    const wrongType = await postInvoice(
      new Request(`${BASE}/api/v1/ivr/invoices`, {
        method: 'POST',
        body: 'amount=1',
        headers: { authorization: `Bearer ${f.live}`, 'content-type': 'text/plain' },
      }),
    );
    expect(wrongType.status).toBe(415);
  });

  it('a platform of another service is refused; another platform’s invoice is not found by its code', async () => {
    const shop = await makePlatform(db);
    const res = await postInvoice(send('POST', '/api/v1/ivr/invoices', shop.key, { amount: 50000, order_id: 'a' }));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('service_not_enabled');
    const a = await liveIvr();
    const b = await liveIvr();
    const made = await (await postInvoice(send('POST', '/api/v1/ivr/invoices', a.live, { amount: 50000, order_id: `o-${Date.now()}` }))).json();
    const mine = await getInvoice(send('GET', `/api/v1/ivr/invoices/${made.tracking_code}`, a.live));
    expect(mine.status).toBe(200);
    expect((await mine.json()).id).toBe(made.id);
    expect((await getInvoice(send('GET', `/api/v1/ivr/invoices/${made.tracking_code}`, b.live))).status).toBe(404);
    // A live invoice is not the test key's.
    expect((await getInvoice(send('GET', `/api/v1/ivr/invoices/${made.tracking_code}`, a.apiKey))).status).toBe(404);
    expect((await getInvoice(send('GET', `/api/v1/ivr/invoices/%00'`, a.live))).status).toBe(404);
    // PayStar's result shape: status 1 for the platform's own, -5 for anything else.
    const ps = await paystarResult(send('GET', `/api/ivr/get-transaction-result?tracking_code=${made.tracking_code}`, a.live));
    expect(await ps.json()).toMatchObject({ status: 1, data: { status: 'open', amount: '50000', tracking_code: made.tracking_code }, errors: [] });
    const theirs = await paystarResult(send('GET', `/api/ivr/get-transaction-result?tracking_code=${made.tracking_code}`, b.live));
    expect(await theirs.json()).toMatchObject({ status: -5, data: null });
    expect((await paystarResult(send('GET', '/api/ivr/get-transaction-result', a.live))).status).toBe(200);
  });
});

describe('POST /api/ivr/transactions', () => {
  it('answers the document’s shape: a transaction, or an error code with its message', async () => {
    const f = await liveIvr();
    const made = await (await postInvoice(send('POST', '/api/v1/ivr/invoices', f.live, { amount: 160000, order_id: `o-${Date.now()}` }))).json();
    const ok = await lookupRoute(lookupReq(f.credential, { invoice_id: Number(made.tracking_code), merchant_cid: '42473000', ivr: 0, type: 1 }));
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toMatchObject({ merchantId: expect.stringMatching(/^\d{8}$/), price: '160000' });
    expect(typeof body.transactionId).toBe('number');
    expect(body.sip.Amount).toBe('160000');
    const wrong = await lookupRoute(lookupReq(f.credential, { invoice_id: '11111111', merchant_cid: '42473001', ivr: 0, type: 1 }));
    expect(await wrong.json()).toEqual({ error: 2, message: expect.stringContaining('Wrong invoice id') });
    const noAuth = await lookupRoute(lookupReq('nope', { invoice_id: made.tracking_code, merchant_cid: '42473002', ivr: 0, type: 1 }));
    expect((await noAuth.json()).error).toBe(1);
    const unknownTrunk = await lookupRoute(
      lookupReq(f.credential, {
        order_id: '1613848397.81207-9050-30',
        merchant_cid: '0915***7796',
        amount: 180000,
        trunk_id: 'TkdpUQngERd1apGJvoHB',
        ivr: 1,
        type: 1,
      }),
    );
    expect((await unknownTrunk.json()).error).toBe(1);
  });

  it('bad input is a 400 with fields, never a 500', async () => {
    const f = await liveIvr();
    const order = { order_id: '1613848397.81207-9050-30', merchant_cid: '09150007796', amount: 180000, trunk_id: f.trunk, ivr: 1, type: 1 };
    const cases: unknown[] = [
      {},
      { invoice_id: '1', ivr: 0, type: 1 },
      { invoice_id: '1', merchant_cid: '0912', ivr: 2, type: 1 },
      { invoice_id: '1', merchant_cid: '0912', ivr: 0, type: 2 },
      { invoice_id: { a: 1 }, merchant_cid: '0912', ivr: 0, type: 1 },
      { invoice_id: '1', merchant_cid: 'abc', ivr: 0, type: 1 },
      { ...order, amount: 0 },
      { ...order, amount: -1 },
      { ...order, amount: 1800.5 },
      { ...order, amount: '99999999999999999999999' },
      { ...order, amount: 4999 },
      { ...order, order_id: '' },
      { ...order, order_id: 'x'.repeat(65) },
      { ...order, trunk_id: 5 },
      { ...order, extra: true },
      [1, 2],
      null,
    ];
    for (const body of cases) {
      const res = await lookupRoute(lookupReq(f.credential, body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error).toBe('bad_request');
    }
    expect((await lookupRoute(lookupReq(f.credential, '{"invoice_id":'))).status).toBe(400);
    expect((await lookupRoute(lookupReq(f.credential, { invoice_id: '1', merchant_cid: '0912', ivr: 0, type: 1, pad: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await lookupRoute(lookupReq(f.credential, 'x', { 'content-type': 'text/plain' }))).status).toBe(415);
  });
});

describe('POST /api/sandbox/bank-ivr', () => {
  it('bad input is a 400; an unknown transaction is a 404', async () => {
    const post = (body: unknown) =>
      bankIvr(new Request(`${BASE}/api/sandbox/bank-ivr`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
    for (const body of [
      {},
      { merchant_id: 'x', transaction_id: '1', amount: '1', card: '1', pin: '1234' },
      { merchant_id: '12345678', transaction_id: -1, amount: 0, card: '', pin: '' },
    ]) {
      expect((await post(body)).status, JSON.stringify(body)).toBe(400);
    }
    const res = await post({ merchant_id: '12345678', transaction_id: '1', amount: '5000', card: SANDBOX_CARD.success, pin: '1234' });
    expect(res.status).toBe(404);
  });
});
