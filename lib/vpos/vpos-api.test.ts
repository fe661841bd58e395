import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as postPayment } from '@/app/api/v1/payments/route';
import { GET as getPayment } from '@/app/api/v1/payments/[id]/route';
import { POST as postRefund, GET as listRefunds } from '@/app/api/v1/payments/[id]/refunds/route';
import { GET as getRefund } from '@/app/api/v1/refunds/[id]/route';
import { paymentAttempts, payments, vposReversals } from '@/db/schema';
import { ledgerViolations } from '@/lib/ledger';
import { handleCallback } from '@/lib/payments';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';
import { FAKE_NKOLAY_3D_PASSWORD, FAKE_NKOLAY_CARDS, readForm, submitForm } from '@/test/fakes/nkolay';
import { makeVposMerchant, startVposFake } from './fixtures';

/**
 * The virtual POS through /api/v1 as a client calls it: a TRY payment on a virtual POS platform,
 * paid on N Kolay's page, read back, refunded through the refunds resource (N Kolay's cancel on
 * the day, in full only), and never visible to another platform's key.
 */
const db = testDb();
const BASE = 'http://dargah.test/api/v1';
const ORIGIN = 'https://portal.dargah.example';
const send = apiRequest(BASE);
let fake: Awaited<ReturnType<typeof startVposFake>>;
let publicBase: string | undefined;
let n = 0;
const idem = () => `vpos-api-${Date.now()}-${n++}`;

beforeAll(async () => {
  fake = await startVposFake();
  publicBase = process.env.PUBLIC_BASE_URL;
  process.env.PUBLIC_BASE_URL = ORIGIN;
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
});
afterAll(async () => {
  await fake.stop();
  if (publicBase === undefined) delete process.env.PUBLIC_BASE_URL;
  else process.env.PUBLIC_BASE_URL = publicBase;
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function paidLira(m: Awaited<ReturnType<typeof makeVposMerchant>>, amount: number) {
  const res = await postPayment(
    send(
      'POST',
      '/payments',
      m.apiKey,
      { amount, order_id: `order-${idem()}`, callback_url: 'https://anadolu.example/return/1', currency: 'TRY' },
      { 'idempotency-key': idem() },
    ),
  );
  expect(res.status).toBe(201);
  const created = await res.json();
  expect(created).toMatchObject({ currency: 'TRY', amount: String(amount), gateway: 'nkolay', fee: null });
  // The payer follows payment_url: our /pay/go route sends them to N Kolay's page.
  const { openApiPayment } = await import('@/lib/payments/payer');
  const page = await (await fetch(await openApiPayment(db, created.id, ORIGIN))).text();
  const acs = await submitForm(page, { cardNumber: FAKE_NKOLAY_CARDS.approved3d, month: '01', year: '2030', cvv: '264', installment: '1' });
  const posted = readForm(await submitForm(acs, { password: FAKE_NKOLAY_3D_PASSWORD }));
  const t = new URL(posted.action).searchParams.get('t')!;
  expect((await handleCallback(db, 'nkolay', { ...posted.fields, t }))!.state).toBe('succeeded');
  return created.id as string;
}

describe('lira payments through the API', () => {
  it('create, pay on N Kolay, read back; cancel the same day in full only; the refund reads back in lira', async () => {
    const m = await makeVposMerchant(db);
    const id = await paidLira(m, 12_345);
    const read = await (await getPayment(send('GET', `/payments/${id}`, m.apiKey))).json();
    expect(read).toMatchObject({ id, state: 'succeeded', currency: 'TRY', amount: '12345', fee: '0', source: 'api' });

    const partial = await postRefund(send('POST', `/payments/${id}/refunds`, m.apiKey, { amount: 100, reason: 'part' }, { 'idempotency-key': idem() }));
    expect(partial.status).toBe(409);
    expect((await partial.json()).error.code).toBe('cancel_in_full_only');

    const full = await postRefund(
      send('POST', `/payments/${id}/refunds`, m.apiKey, { amount: 12_345, reason: 'Müşteri vazgeçti' }, { 'idempotency-key': idem() }),
    );
    expect(full.status).toBe(201);
    const refund = await full.json();
    expect(refund).toMatchObject({
      payment_id: id,
      amount: '12345',
      currency: 'TRY',
      state: 'succeeded',
      merchant_debit: '0',
      reason: 'Müşteri vazgeçti',
      method: 'gateway',
    });

    const again = await postRefund(send('POST', `/payments/${id}/refunds`, m.apiKey, { amount: 1, reason: 'more' }, { 'idempotency-key': idem() }));
    expect(again.status).toBe(409);

    const list = await (await listRefunds(send('GET', `/payments/${id}/refunds`, m.apiKey))).json();
    expect(list.data.map((r: { id: string }) => r.id)).toEqual([refund.id]);
    const one = await getRefund(send('GET', `/refunds/${refund.id}`, m.apiKey));
    expect(await one.json()).toMatchObject({ id: refund.id, currency: 'TRY' });
  });

  it('a cancel whose process dies before its answer is stored: nothing reserved, N Kolay not asked; the retry cancels once', async () => {
    await installCrashTrigger(db);
    const m = await makeVposMerchant(db);
    const id = await paidLira(m, 7_000);
    const key = await dyingKey(db, 'vpos-cancel');
    const call = () => postRefund(send('POST', `/payments/${id}/refunds`, m.apiKey, { amount: 7_000, reason: 'vazgeçti' }, { 'idempotency-key': key }));
    const bankCalls = () =>
      db
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.paymentId, id), eq(paymentAttempts.action, 'cancel')));
    expect((await call()).status).toBe(500);
    expect(await db.select().from(vposReversals).where(eq(vposReversals.paymentId, id))).toEqual([]);
    expect((await db.select().from(payments).where(eq(payments.id, id)))[0].refundedAmount).toBe(0n);
    expect(await bankCalls()).toEqual([]);
    const retry = await call();
    expect(retry.status).toBe(201);
    const body = await retry.json();
    // N Kolay answered after the commit: that answer is the one given, and the one replayed.
    expect(body).toMatchObject({ amount: '7000', currency: 'TRY', state: 'succeeded' });
    const replay = await call();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(body);
    expect(await db.select().from(vposReversals).where(eq(vposReversals.paymentId, id))).toHaveLength(1);
    expect(await bankCalls()).toHaveLength(1);
  });

  it('another platform’s key sees and reverses nothing', async () => {
    const m = await makeVposMerchant(db);
    const other = await makeVposMerchant(db);
    const id = await paidLira(m, 5_000);
    expect((await getPayment(send('GET', `/payments/${id}`, other.apiKey))).status).toBe(404);
    const r = await postRefund(send('POST', `/payments/${id}/refunds`, other.apiKey, { amount: 5_000, reason: 'x' }, { 'idempotency-key': idem() }));
    expect(r.status).toBe(404);
    expect((await listRefunds(send('GET', `/payments/${id}/refunds`, other.apiKey))).status).toBe(404);
  });

  it('a lira payment on a platform without a POS definition, or Rials on a POS platform, is a clear refusal', async () => {
    const m = await makeVposMerchant(db);
    const rials = await postPayment(
      send(
        'POST',
        '/payments',
        m.apiKey,
        { amount: 100, order_id: `o-${idem()}`, callback_url: 'https://anadolu.example/return', currency: 'IRR' },
        { 'idempotency-key': idem() },
      ),
    );
    expect(rials.status).toBe(400);
    expect((await rials.json()).error).toMatchObject({ code: 'currency_not_supported', fields: { currency: expect.any(String) } });
    const bad = await postPayment(
      send(
        'POST',
        '/payments',
        m.apiKey,
        { amount: 100, order_id: `o-${idem()}`, callback_url: 'https://anadolu.example/return', currency: 'TRY', pos_definition_id: crypto.randomUUID() },
        { 'idempotency-key': idem() },
      ),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields).toHaveProperty('pos_definition_id');
  });
});
