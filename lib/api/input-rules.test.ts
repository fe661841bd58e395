import { beforeAll, describe, expect, it } from 'vitest';
import { POST as postLink } from '@/app/api/v1/payment-links/route';
import { GET as listPayments, POST as postPayment } from '@/app/api/v1/payments/route';
import { POST as postToken } from '@/app/api/v1/token/route';
import { testDb } from '@/test/db';
import { makePlatform } from '@/test/fixtures';

/** Control characters and numeric query parameters: a 400 with the field, never a database error. */

const db = testDb();
const BASE = 'http://dargah.test/api/v1';
let key: string;

beforeAll(async () => {
  process.env.PUBLIC_BASE_URL = 'http://dargah.test';
  ({ key } = await makePlatform(db, {
    type: 'website',
    name: 'Rules shop',
    address: 'https://rules-shop.example',
    expectedMonthlyVolume: '1000000',
    callbackUrls: ['https://rules-shop.example/return'],
  }));
});

const send = (method: string, path: string, body?: unknown) =>
  new Request(`${BASE}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
  });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error?: { code: string; fields?: Record<string, string> } };
  return { status: res.status, code: body.error?.code, fields: body.error?.fields ?? {} };
}

const payment = (over: Record<string, unknown>) => ({
  amount: 1000,
  order_id: `R-${Math.random().toString(36).slice(2)}`,
  callback_url: 'https://rules-shop.example/return',
  ...over,
});

describe('control characters in API input', () => {
  it.each([
    ['payer_name', 'Ali\u0000'],
    ['payer_name', '\u0007bell'],
    ['payer_name', 'two\nlines'],
    ['payer_name', 'x\u0085'],
    ['payer_name', 'x\ud800'],
    ['description', '\u0000'],
    ['description', 'esc \u001b[31m'],
    ['payer_mobile', '0912\u00001234567'],
    ['callback_url', 'https://rules-shop.example/return\u0000'],
  ])('POST /payments refuses %s = %j with a field error', async (field, value) => {
    const r = await errorOf(await postPayment(send('POST', '/payments', payment({ [field]: value }))));
    expect(r).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(Object.keys(r.fields)).toContain(field);
  });

  it('keeps line breaks and tabs in a description', async () => {
    const res = await postPayment(send('POST', '/payments', payment({ description: 'line 1\r\nline 2\tend', payer_name: 'علی رضایی' })));
    expect(res.status).toBe(201);
  });

  it('POST /payment-links and POST /token refuse control characters too', async () => {
    expect(await errorOf(await postLink(send('POST', '/payment-links', { amount: 1000, description: 'a\u0000b' })))).toMatchObject({
      status: 400,
      fields: { description: expect.any(String) },
    });
    const token = await postToken(
      new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: `${key}\u0000` }) }),
    );
    expect(await errorOf(token)).toMatchObject({ status: 400, fields: { api_key: expect.any(String) } });
  });

  it('refuses an expiry that is no real day', async () => {
    const r = await errorOf(await postLink(send('POST', '/payment-links', { amount: 1000, expires_at: '2030-02-30T10:00:00Z' })));
    expect(r).toMatchObject({ status: 400, fields: { expires_at: expect.any(String) } });
  });
});

describe('GET /payments query parameters', () => {
  it.each([
    ['limit', '1.5'],
    ['limit', 'abc'],
    ['limit', '1e400'],
    ['limit', '1e2'],
    ['limit', '-1'],
    ['limit', '0'],
    ['limit', '101'],
    ['limit', '99999999999999999999999'],
    ['limit', ''],
    ['limit', '۲۰'],
    ['order_id', '\u0000'],
    ['order_id', 'a\u0000b'],
    ['order_id', ''],
    ['order_id', 'x'.repeat(65)],
  ])('%s=%j is a 400 naming the parameter', async (name, value) => {
    const r = await errorOf(await listPayments(send('GET', `/payments?${new URLSearchParams({ [name]: value })}`)));
    expect(r).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(Object.keys(r.fields)).toEqual([name]);
  });

  it('a raw %00 in the query is refused as well', async () => {
    expect((await errorOf(await listPayments(send('GET', '/payments?order_id=%00')))).status).toBe(400);
  });

  it('accepts 1 to 100 and a plain order id', async () => {
    for (const q of ['limit=1', 'limit=100', 'limit=20&order_id=ORD-1', 'order_id=A_b.c:d-1', 'unknown=%00']) {
      const res = await listPayments(send('GET', `/payments?${q}`));
      expect(res.status, q).toBe(200);
    }
  });
});

describe('hostile requests the fuzz found', () => {
  const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
    new Request(`${BASE}${path}`, { method: 'POST', body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers } });

  it.each([
    ['a NUL', '{"\\u0000":1}'],
    ['a lone surrogate', '{"\\ud800":1}'],
    ['a C1 control', '{"\\u0085":1}'],
  ])('an unknown field name with %s is a 400 with or without an Idempotency-Key', async (_what, body) => {
    for (const idem of [undefined, `idem-${Math.random()}`]) {
      const res = await postPayment(raw('/payments', body, idem ? { 'idempotency-key': idem } : {}));
      expect(res.status, idem ?? 'no key').toBe(400);
    }
  });

  it('answers a body over 64 KB with an Idempotency-Key (413), without hanging', async () => {
    const body = JSON.stringify({ amount: 1000, description: 'A'.repeat(70_000) });
    const res = await Promise.race([
      postLink(raw('/payment-links', body, { 'idempotency-key': `big-${Math.random()}` })),
      new Promise<Response>((r) => setTimeout(() => r(new Response(null, { status: 599 })), 5000)),
    ]);
    expect(res.status).toBe(413);
  });

  it('answers a path id with a malformed percent-escape 404, not 500', async () => {
    const { GET } = await import('@/app/api/v1/payments/[id]/route');
    for (const id of ['%E0%A4%A', '%ED%A0%80', '%']) {
      const res = await (GET as (req: Request, ctx: unknown) => Promise<Response>)(
        new Request(`${BASE}/payments/${id}`, { headers: { authorization: `Bearer ${key}` } }),
        { params: Promise.resolve({ id }) },
      );
      expect(res.status, id).toBe(404);
    }
  });
});
