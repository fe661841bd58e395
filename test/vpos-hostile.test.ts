import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { disputes, ledgerLines, paymentAlerts, paymentAttempts, payments, vposPayments, vposPlatformDefaults, vposReversals } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { ApiError } from '@/lib/api/http';
import { apiBalance, createApiPayment, getApiPayment } from '@/lib/api/payments';
import { createApiRefund, getApiRefund } from '@/lib/api/refunds';
import { createPaymentRequestSchema, createRefundRequestSchema } from '@/lib/api/schemas';
import { openDispute } from '@/lib/disputes';
import { signNkolayResult } from '@/lib/gateways/nkolay/wire';
import { ledgerViolations } from '@/lib/ledger';
import { ABANDONED_AFTER_MS, createPayment, handleCallback, runJanitor, succeed, verifyPayment } from '@/lib/payments';
import { merchantBalances } from '@/lib/payments/balances';
import { getReceipt, openApiPayment } from '@/lib/payments/payer';
import { createRefund } from '@/lib/refunds';
import {
  createVposDefinition,
  getVposDefinition,
  listVposDefinitions,
  listVposPlatforms,
  setNkolayTestBaseUrlForTests,
  setPlatformVposDefinition,
  setVposDefinitionEnabled,
  testVposDefinition,
  updateVposDefinition,
} from '@/lib/vpos/definitions';
import { FAKE_NKOLAY_MERCHANT, makeVposMerchant, payOnHostedPage as payOnHostedPageOf, startVposFake } from '@/lib/vpos/fixtures';
import { collectByCard, createVposPayLink, createVposPayment, getCollection, listCollections, reverseVposPayment } from '@/lib/vpos/payments';
import { cardSchema, parseLira, vposCollectSchema, vposDefinitionSchema, vposDefinitionUpdateSchema } from '@/lib/vpos/schemas';
import { testDb } from '@/test/db';
import { FAKE_NKOLAY_3D_PASSWORD, FAKE_NKOLAY_CARDS, readForm, submitForm } from '@/test/fakes/nkolay';
import { makeAdmin, makePlatform, staffActorOf } from '@/test/fixtures';

/**
 * A hostile review of the virtual POS (issue 18): a hostile merchant, a hostile payer and a racing
 * client against the real database and the fake N Kolay. Every test states what must hold; a
 * failing one is a finding (see the review report), a passing one an attack that is refused.
 */
const db = testDb();
const ORIGIN = 'http://dargah.test';
const DAY = 86_400_000;
const SECRETS = [FAKE_NKOLAY_MERCHANT.sx, FAKE_NKOLAY_MERCHANT.sxList, FAKE_NKOLAY_MERCHANT.sxCancel, FAKE_NKOLAY_MERCHANT.merchantSecretKey];
let fake: Awaited<ReturnType<typeof startVposFake>>;

beforeAll(async () => {
  fake = await startVposFake();
});
afterAll(async () => {
  await fake.stop();
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

type Merchant = Awaited<ReturnType<typeof makeVposMerchant>>;

const apiActor = (m: Merchant, livemode = false): ApiActor => ({
  kind: 'api',
  merchantId: m.merchant.id,
  platformId: m.platform.id,
  keyId: randomUUID(),
  livemode,
});

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

async function checkout(m: Merchant, amount = 123_45, opts: { definitionId?: string; livemode?: boolean } = {}) {
  const body = createPaymentRequestSchema.parse({
    amount,
    order_id: `o-${randomUUID()}`,
    callback_url: 'https://anadolu.example/return',
    currency: 'TRY',
    ...(opts.definitionId ? { pos_definition_id: opts.definitionId } : {}),
  });
  return createApiPayment(db, apiActor(m, opts.livemode), body, ORIGIN);
}

const payOnHostedPage = (paymentId: string, card: string) => payOnHostedPageOf(db, fake.baseUrl, ORIGIN, paymentId, card);

async function collect(m: Merchant, card: string = FAKE_NKOLAY_CARDS.approved, amount = '100,00') {
  const input = vposCollectSchema.parse({
    definitionId: m.definitionId,
    amount,
    customerName: 'Ayşe Yılmaz',
    customerPhone: '05321234567',
    installments: '1',
    card: { number: card, month: '12', year: '2030', cvv: '123' },
  });
  const r = await collectByCard(db, m.actor, input, ORIGIN);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

/** A second definition of the merchant with the same N Kolay account (e.g. another installment plan). */
async function secondDefinition(m: Merchant, environment: 'test' | 'production' = 'test') {
  const d = await createVposDefinition(
    db,
    m.actor,
    vposDefinitionSchema.parse({
      company: 'Anadolu Ticaret A.Ş.',
      name: `N Kolay ${environment} 2`,
      environment,
      sx: FAKE_NKOLAY_MERCHANT.sx,
      sxList: FAKE_NKOLAY_MERCHANT.sxList,
      sxCancel: FAKE_NKOLAY_MERCHANT.sxCancel,
      secretKey: FAKE_NKOLAY_MERCHANT.merchantSecretKey,
      use3d: true,
      maxInstallments: 3,
    }),
  );
  if (!d.ok) throw new Error(d.error);
  return d.data.id;
}

/**
 * A live (production-definition) lira payment as it stands once N Kolay approved it: made by the
 * gateway's own state machine (`succeed`), no network (production N Kolay is not reachable here).
 */
async function liveLiraPaid(m: Merchant, amount = 50_000n) {
  const definitionId = await secondDefinition(m, 'production');
  const p = await createVposPayment(db, {
    platformId: m.platform.id,
    definitionId,
    channel: 'checkout',
    livemode: true,
    amount,
    source: 'api',
    callbackUrl: 'https://anadolu.example/return',
  });
  const ref = `IKSIRPF${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const [redirected] = await db
    .update(payments)
    .set({ state: 'redirected', gatewayToken: randomUUID().replace(/-/g, '') })
    .where(eq(payments.id, p.id))
    .returning();
  await db.update(vposPayments).set({ referenceCode: ref }).where(eq(vposPayments.paymentId, p.id));
  const moved = await succeed(db, redirected, { ref, cardMasked: null });
  expect(moved.payment!.state).toBe('succeeded');
  return moved.payment!;
}

const paymentOf = async (id: string) => (await db.select().from(payments).where(eq(payments.id, id)))[0];
const reversalsOfPayment = async (id: string) => db.select().from(vposReversals).where(eq(vposReversals.paymentId, id)).orderBy(vposReversals.createdAt);

/** Runs `fn` with N Kolay's clock (and ours, through `now`) on the next Turkish day. */
async function tomorrow<T>(fn: (now: Date) => Promise<T>): Promise<T> {
  fake.clock.advance(DAY);
  try {
    return await fn(new Date(Date.now() + DAY));
  } finally {
    fake.clock.advance(-DAY);
  }
}

/** A stand-in N Kolay that echoes the token it was sent inside its refusal (a careless error message). */
async function startEchoingNkolay() {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ RESPONSE_CODE: 0, RESPONSE_DATA: `Geçersiz sx bilgisi: ${form.sx ?? ''}`, ERROR_CODE: 'SX01' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// ---------------------------------------------------------------- whose is it

describe('another merchant’s ids', () => {
  it('pos_definition_id of another merchant’s definition is refused by field, and nothing is created', async () => {
    const m = await makeVposMerchant(db);
    const other = await makeVposMerchant(db);
    const e = await checkout(m, 500, { definitionId: other.definitionId }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 400, fields: { pos_definition_id: expect.any(String) } });
    const n = await db.execute(sql`select count(*)::int as n from vpos_payments where definition_id = ${other.definitionId}`);
    expect((n as unknown as { n: number }[])[0].n).toBe(0);
  });

  it('a platform default cannot point at another merchant’s definition, nor be set on another’s platform; a stale default row is not followed', async () => {
    const m = await makeVposMerchant(db);
    const other = await makeVposMerchant(db);
    expect(await setPlatformVposDefinition(db, m.actor, m.platform.id, other.definitionId)).toMatchObject({ ok: false, error: 'notFound' });
    expect(await setPlatformVposDefinition(db, other.actor, m.platform.id, other.definitionId)).toMatchObject({ ok: false, error: 'notFound' });
    expect((await listVposPlatforms(db, other.actor)).map((p) => p.id)).not.toContain(m.platform.id);
    // Even a default row that somehow names another merchant's definition is not used.
    await db.update(vposPlatformDefaults).set({ definitionId: other.definitionId }).where(eq(vposPlatformDefaults.platformId, m.platform.id));
    await expect(checkout(m)).rejects.toMatchObject({ code: 'pos_definition_missing' });
  });

  it('a pay link on another merchant’s definition is refused', async () => {
    const m = await makeVposMerchant(db);
    const other = await makeVposMerchant(db);
    const r = await createVposPayLink(db, other.actor, { definitionId: m.definitionId, amount: 1_000n, customerName: 'Kötü Niyet' }, ORIGIN);
    expect(r).toMatchObject({ ok: false, fieldErrors: { definitionId: 'notFound' } });
  });

  it('a reversal is read through GET /refunds/{id} by its own key only (not another platform’s, not the live key)', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const other = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m);
    const c = await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(await getApiRefund(db, apiActor(m), c.data.id)).toMatchObject({ id: c.data.id, currency: 'TRY' });
    await expect(getApiRefund(db, apiActor(other), c.data.id)).rejects.toMatchObject({ status: 404 });
    await expect(getApiRefund(db, apiActor(m, true), c.data.id)).rejects.toMatchObject({ status: 404 });
    // Nor reversed by the merchant's own live key (the payment is a test one).
    expect(await reverseVposPayment(db, apiActor(m, true), { paymentId: a.paymentId, kind: 'cancel' })).toMatchObject({ ok: false, error: 'notFound' });
  });

  it('a test key cannot name the merchant’s production definition', async () => {
    const m = await makeVposMerchant(db);
    const prod = await secondDefinition(m, 'production');
    await expect(checkout(m, 1_000, { definitionId: prod })).rejects.toMatchObject({ status: 409, code: 'pos_environment_mismatch' });
  });

  it('a Rial payment’s token posted to /pay/callback/nkolay, a lira token to the sandbox’s, or junk tokens find nothing', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m);
    await openApiPayment(db, created.id, ORIGIN);
    const liraToken = (await paymentOf(created.id)).gatewayToken!;
    const { platform } = await makePlatform(db);
    const rial = await createPayment(db, { platformId: platform.id, source: 'api', livemode: false, amount: 10_000n });
    const rialToken = 'rialtoken' + randomUUID().replace(/-/g, '');
    await db.update(payments).set({ state: 'redirected', gateway: 'sandbox', gatewayToken: rialToken }).where(eq(payments.id, rial.id));
    expect(await handleCallback(db, 'nkolay', { t: rialToken, RESPONSE_CODE: '2' })).toBeNull();
    expect(await handleCallback(db, 'sandbox', { token: liraToken, t: liraToken, status: 'OK' })).toBeNull();
    for (const t of ["' or 1=1 --", 'a'.repeat(41), 'short', liraToken + '!', '']) expect(await handleCallback(db, 'nkolay', { t })).toBeNull();
    expect((await paymentOf(rial.id)).state).toBe('redirected');
    expect((await paymentOf(created.id)).state).toBe('redirected');
  });
});

// ---------------------------------------------------------------- the result post

describe('the result N Kolay posts back', () => {
  it('a genuine approval of payment A posted first to payment B’s address pays neither wrongly: B stays unpaid, A still succeeds', async () => {
    const m = await makeVposMerchant(db);
    const a = await checkout(m, 7_700);
    const b = await checkout(m, 7_700);
    await openApiPayment(db, b.id, ORIGIN);
    const tokenB = (await paymentOf(b.id)).gatewayToken!;
    // The payer paid A at N Kolay but sends A's result to B's return address before A's own.
    const paidA = await payOnHostedPage(a.id, FAKE_NKOLAY_CARDS.approved3d);
    const onB = await handleCallback(db, 'nkolay', { ...paidA.fields, t: tokenB });
    expect(onB!.state).not.toBe('succeeded');
    const onA = await handleCallback(db, 'nkolay', paidA.params);
    expect(onA!.state).toBe('succeeded');
  });

  it('a genuine approval replayed onto a payment of another definition of the same N Kolay account does not pay it', async () => {
    const m = await makeVposMerchant(db);
    const d2 = await secondDefinition(m);
    const a = await checkout(m, 7_700);
    const b = await checkout(m, 7_700, { definitionId: d2 });
    const paidA = await payOnHostedPage(a.id, FAKE_NKOLAY_CARDS.approved3d);
    expect((await handleCallback(db, 'nkolay', paidA.params))!.state).toBe('succeeded');
    await openApiPayment(db, b.id, ORIGIN);
    const replay = await handleCallback(db, 'nkolay', { ...paidA.fields, t: (await paymentOf(b.id)).gatewayToken! });
    expect(replay!.state).not.toBe('succeeded');
    expect(fake.rowsOf(b.tracking_code).some((r) => r.status === 'SUCCESS')).toBe(false);
  });

  it('a genuine approval at one merchant replayed onto another merchant’s payment (shared test credentials) does not pay it', async () => {
    const m = await makeVposMerchant(db);
    const other = await makeVposMerchant(db);
    const a = await checkout(m, 4_200);
    const paidA = await payOnHostedPage(a.id, FAKE_NKOLAY_CARDS.approved3d);
    expect((await handleCallback(db, 'nkolay', paidA.params))!.state).toBe('succeeded');
    const b = await checkout(other, 4_200);
    await openApiPayment(db, b.id, ORIGIN);
    const replay = await handleCallback(db, 'nkolay', { ...paidA.fields, t: (await paymentOf(b.id)).gatewayToken! });
    expect(replay!.state).not.toBe('succeeded');
  });

  // A signed result is only a prompt to ask: the payment list says what was paid (here the full
  // 77.00 lira), so the payment is what the bank says, and the odd result is alerted.
  it('a correctly signed approval for another amount (AUTHORIZATION_AMOUNT differs) is alerted, and the payment list decides', async () => {
    const m = await makeVposMerchant(db);
    const a = await checkout(m, 7_700);
    const paidA = await payOnHostedPage(a.id, FAKE_NKOLAY_CARDS.approved3d);
    const fields: Record<string, string> = { ...paidA.params, AUTHORIZATION_AMOUNT: '1.00' };
    fields.hashDataV2 = signNkolayResult(fields, FAKE_NKOLAY_MERCHANT.merchantSecretKey, 'v9');
    const p = await handleCallback(db, 'nkolay', fields);
    expect(p).toMatchObject({ state: 'succeeded', amount: 7_700n });
    const alerts = await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, a.id));
    expect(alerts.map((x) => x.kind)).toContain('amount_mismatch');
  });

  it('result posts racing the janitor’s inquiries move the payment once', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 9_900);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
    // As if a first post had timed out: unknown and due for the janitor.
    await db
      .update(payments)
      .set({ state: 'unknown', nextInquiryAt: new Date(Date.now() - 1000) })
      .where(eq(payments.id, created.id));
    await Promise.all([
      ...Array.from({ length: 20 }, () => handleCallback(db, 'nkolay', params)),
      ...Array.from({ length: 5 }, () => verifyPayment(db, created.id, {}, 'inquire')),
      runJanitor(db),
    ]);
    expect((await paymentOf(created.id)).state).toBe('succeeded');
    const paid = await db
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.paymentId, created.id), eq(paymentAttempts.outcome, 'paid')));
    expect(paid.length).toBe(1);
  });

  it('a definition switched off after the payer reached N Kolay still records the bank’s approval (the money was taken)', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 3_300);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
    expect((await setVposDefinitionEnabled(db, m.actor, m.definitionId, false)).ok).toBe(true);
    expect((await handleCallback(db, 'nkolay', params))!.state).toBe('succeeded');
  });

  it('a payer still on N Kolay’s 3-D page when the janitor gives up: the bank’s late approval is not silently lost', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 6_600);
    const page = await (await fetch(await openApiPayment(db, created.id, ORIGIN))).text();
    const acs = await submitForm(page, { cardNumber: FAKE_NKOLAY_CARDS.approved3d, month: '01', year: '2030', cvv: '264', installment: '1' });
    // The payer waits for the SMS code longer than we wait for them.
    const past = new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);
    await db.update(payments).set({ createdAt: past, updatedAt: past }).where(eq(payments.id, created.id));
    await verifyPayment(db, created.id, {}, 'inquire'); // what runJanitor does for it
    const posted = readForm(await submitForm(acs, { password: FAKE_NKOLAY_3D_PASSWORD }));
    expect(fake.rowsOf(created.tracking_code).map((r) => r.status)).toEqual(['SUCCESS']);
    const p = await handleCallback(db, 'nkolay', { ...posted.fields, t: new URL(posted.action).searchParams.get('t')! });
    const alerts = await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, created.id));
    expect({ state: p!.state, alerted: alerts.length > 0 }).not.toEqual({ state: 'canceled', alerted: false });
  });

  it('a live-key payment whose definition is switched to the test environment afterwards is not paid on the test N Kolay', async () => {
    const m = await makeVposMerchant(db);
    const prod = await secondDefinition(m, 'production');
    const created = await checkout(m, 10_000, { definitionId: prod, livemode: true });
    expect(created).toMatchObject({ livemode: true, currency: 'TRY' });
    const upd = vposDefinitionUpdateSchema.parse({
      id: prod,
      company: 'Anadolu Ticaret A.Ş.',
      name: 'now test',
      environment: 'test',
      use3d: true,
      maxInstallments: 3,
    });
    expect((await updateVposDefinition(db, m.actor, upd)).ok).toBe(true);
    // The live payment would now be paid with a test card on the test environment and recorded as live money.
    const pageUrl = await openApiPayment(db, created.id, ORIGIN);
    expect(pageUrl.startsWith(fake.baseUrl)).toBe(false);
  });
});

// ---------------------------------------------------------------- money

describe('money', () => {
  it('eight cancels at once take it back once', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '80');
    const rs = await Promise.all(Array.from({ length: 8 }, () => reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' })));
    expect(rs.filter((r) => r.ok && r.data.state === 'succeeded').length).toBe(1);
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(8_000n);
    expect(fake.rowsOf(a.trackingCode).filter((r) => r.type === 'CANCEL').length).toBe(1);
  });

  it('a declined or unfinished payment cannot be cancelled or refunded (portal and API)', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const declined = await collect(m, FAKE_NKOLAY_CARDS.insufficient);
    expect(await reverseVposPayment(db, m.actor, { paymentId: declined.paymentId, kind: 'cancel' })).toMatchObject({ ok: false, error: 'vposNotPaid' });
    const open = await checkout(m, 5_000);
    expect(await reverseVposPayment(db, m.actor, { paymentId: open.id, kind: 'cancel' })).toMatchObject({ ok: false, error: 'vposNotPaid' });
    const body = createRefundRequestSchema.parse({ amount: 5_000, reason: 'x' });
    await expect(createApiRefund(db, apiActor(m), open.id, body)).rejects.toMatchObject({ status: 409, code: 'not_refundable' });
    expect((await paymentOf(open.id)).refundedAmount).toBe(0n);
  });

  it('a TRY amount beyond bigint is refused, and one N Kolay cannot take (more than 12 lira digits) is refused at creation', async () => {
    const m = await makeVposMerchant(db);
    const body = (amount: string) =>
      createPaymentRequestSchema.parse({ amount, order_id: `o-${randomUUID()}`, callback_url: 'https://anadolu.example/return', currency: 'TRY' });
    await expect(createApiPayment(db, apiActor(m), body('9'.repeat(25)), ORIGIN)).rejects.toMatchObject({ status: 400 });
    await expect(createApiPayment(db, apiActor(m), body('-100'), ORIGIN)).rejects.toMatchObject({ status: 400 });
    await expect(createApiPayment(db, apiActor(m), body('0'), ORIGIN)).rejects.toMatchObject({ status: 400 });
    // 10^13 lira: N Kolay's amounts have at most 12 lira digits; the payer would only meet a failure.
    await expect(createApiPayment(db, apiActor(m), body('1000000000000000'), ORIGIN)).rejects.toMatchObject({ status: 400 });
  });

  it('a TRY payment takes a Turkish payer_mobile (+90 5xx)', async () => {
    const m = await makeVposMerchant(db);
    const body = createPaymentRequestSchema.parse({
      amount: 1_000,
      order_id: `o-${randomUUID()}`,
      callback_url: 'https://anadolu.example/return',
      currency: 'TRY',
      payer_mobile: '+905321234567',
    });
    expect(await createApiPayment(db, apiActor(m), body, ORIGIN)).toMatchObject({ currency: 'TRY', state: 'created' });
  });

  it('zero, negative, fractional and huge refund amounts through the API are refused and reserve nothing', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '50');
    for (const amount of [0, -5_000, '-1', '12.5', '99999999999999999999999', 'abc']) {
      const parsed = createRefundRequestSchema.safeParse({ amount, reason: 'x' });
      if (!parsed.success) continue;
      const e = await createApiRefund(db, apiActor(m), a.paymentId, parsed.data).catch((x: unknown) => x);
      expect(e, String(amount)).toBeInstanceOf(ApiError);
      expect((e as ApiError).status, String(amount)).toBe(400);
    }
    // More than paid: refused (on the sale's day as not a full cancel), nothing reserved.
    const e = await createApiRefund(db, apiActor(m), a.paymentId, createRefundRequestSchema.parse({ amount: 5_001, reason: 'x' })).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 409 });
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(0n);
    expect(await reversalsOfPayment(a.paymentId)).toEqual([]);
  });

  it('a refund left unknown keeps its amount reserved: later refunds never take back more than was paid', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '100');
    await tomorrow(async (now) => {
      fake.failNext(1, '500');
      const lost = await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 6_000n }, now);
      expect(lost).toMatchObject({ ok: true, data: { state: 'unknown' } });
      expect(await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 6_000n }, now)).toMatchObject({
        ok: false,
        fieldErrors: { amount: 'vposRefundAboveLeft' },
      });
      const rs = await Promise.all(
        Array.from({ length: 5 }, () => reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 4_000n }, now)),
      );
      expect(rs.filter((r) => r.ok && r.data.state === 'succeeded').length).toBe(1);
    });
    const p = await paymentOf(a.paymentId);
    expect(p.refundedAmount).toBe(10_000n);
    expect(p.refundedAmount <= p.amount).toBe(true);
  });

  it('a refund left unknown that N Kolay never received is settled (from the payment list) by the janitor, freeing what is left', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '100');
    await tomorrow(async (now) => {
      fake.failNext(1, '500'); // the request never reached N Kolay: its list has no refund
      const lost = await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 10_000n }, now);
      expect(lost).toMatchObject({ ok: true, data: { state: 'unknown' } });
      expect(fake.rowsOf(a.trackingCode).filter((r) => r.type !== 'SALES')).toEqual([]);
      await runJanitor(db, now);
    });
    const [rev] = await reversalsOfPayment(a.paymentId);
    expect(rev.state).not.toBe('unknown');
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(0n);
  });

  it('the portal’s Rial refund (createRefund, createRefundAction) refuses a lira payment', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '100');
    const r = await createRefund(db, m.actor, { paymentId: a.paymentId, amount: 10_000n, reason: 'Rial payout of a lira sale' }, { returnsFee: false });
    expect(r).toMatchObject({ ok: false });
    const rialRefunds = await db.execute(sql`select count(*)::int as n from refunds where payment_id = ${a.paymentId}`);
    expect((rialRefunds as unknown as { n: number }[])[0].n).toBe(0);
    // The bank's own cancel is still possible.
    expect(await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' })).toMatchObject({ ok: true, data: { state: 'succeeded' } });
  });

  it('staff cannot open a chargeback on a live lira payment against the merchant’s Rial balances', async () => {
    const m = await makeVposMerchant(db);
    const p = await liveLiraPaid(m, 50_000n);
    const staff = staffActorOf(await makeAdmin(db));
    const r = await openDispute(db, staff, { paymentId: p.id, amount: 50_000n, reason: 'Chargeback (TRY)', deadline: new Date(Date.now() + 7 * DAY) });
    // The merchant's Rial accounts: a lira chargeback must not make the merchant owe Rials or hold any.
    const accounts = await db.execute(
      sql`select kind::text, balance::text from ledger_accounts where platform_id = ${m.platform.id} and balance <> 0 order by kind`,
    );
    expect([...(accounts as unknown as { kind: string; balance: string }[])]).toEqual([]);
    expect(r).toMatchObject({ ok: false });
    expect(await db.select().from(disputes).where(eq(disputes.paymentId, p.id))).toEqual([]);
  });

  it('GET /api/v1/balance of a virtual POS platform’s test key counts no lira as IRR', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    await collect(m, FAKE_NKOLAY_CARDS.approved, '1.000');
    const b = await apiBalance(db, apiActor(m));
    expect(b.currency).toBe('IRR');
    expect(b.pending).toBe('0');
  });

  it('a cancelled lira payment’s receipt says it went back to the payer', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '75');
    expect(await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' })).toMatchObject({ ok: true });
    const receipt = await getReceipt(db, a.paymentId);
    expect(receipt!.refunded.amount).toBe(7_500n);
  });

  it('no lira activity touches the ledger or a merchant’s Rial balances', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '250');
    await collect(m, FAKE_NKOLAY_CARDS.stolen, '10');
    await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' });
    await liveLiraPaid(m, 77_700n);
    expect((await merchantBalances(db, m.actor)).every((b) => b.pending === 0n && b.withdrawable === 0n && b.fees === 0n)).toBe(true);
    const n = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerLines)
      .where(eq(ledgerLines.currency, 'TRY'));
    expect(n[0].n).toBe(0);
    const postings = await db.execute(
      sql`select count(*)::int as n from ledger_postings where reference in (select payment_id::text from vpos_payments vp join vpos_definitions d on d.id = vp.definition_id where d.user_id = ${m.merchant.id})`,
    );
    expect((postings as unknown as { n: number }[])[0].n).toBe(0);
    const over = await db.execute(sql`select count(*)::int as n from payments where refunded_amount > amount or refunded_amount < 0`);
    expect((over as unknown as { n: number }[])[0].n).toBe(0);
  });
});

// ---------------------------------------------------------------- secrets

describe('secrets', () => {
  it('no page-facing read of a definition, a collection or a platform carries a credential', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m);
    const pages = json([
      await listVposDefinitions(db, m.actor),
      await getVposDefinition(db, m.actor, m.definitionId),
      await listVposPlatforms(db, m.actor),
      await listCollections(db, m.actor, {}),
      await getCollection(db, m.actor, a.paymentId),
      await checkout(m),
    ]);
    for (const s of SECRETS) expect(pages).not.toContain(s);
    expect(pages).not.toMatch(/"secrets"/);
  });

  it('a definition test whose answer echoes the token does not show or keep the token', async () => {
    const m = await makeVposMerchant(db);
    const echo = await startEchoingNkolay();
    setNkolayTestBaseUrlForTests(echo.url);
    try {
      const r = await testVposDefinition(db, m.actor, m.definitionId);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.data.ok).toBe(false);
      const shown = json([r, await getVposDefinition(db, m.actor, m.definitionId)]);
      for (const s of SECRETS) expect(shown).not.toContain(s);
    } finally {
      setNkolayTestBaseUrlForTests(fake.baseUrl);
      await echo.close();
    }
  });

  it('a hosted page refused with an answer that echoes the token does not put the token on the payer’s receipt or the API', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 2_000);
    const echo = await startEchoingNkolay();
    setNkolayTestBaseUrlForTests(echo.url);
    try {
      expect(await openApiPayment(db, created.id, ORIGIN)).toBe(`${ORIGIN}/pay/receipt/${created.id}`);
    } finally {
      setNkolayTestBaseUrlForTests(fake.baseUrl);
      await echo.close();
    }
    const shown = json([await getReceipt(db, created.id), await getApiPayment(db, apiActor(m), created.id, ORIGIN)]);
    for (const s of SECRETS) expect(shown).not.toContain(s);
  });

  it('a cancel whose answer echoes the token does not show, keep or hand the token to the API', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m);
    const echo = await startEchoingNkolay();
    setNkolayTestBaseUrlForTests(echo.url);
    try {
      const r = await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' });
      expect(r).toMatchObject({ ok: true, data: { state: 'failed' } });
      const kept = json([r, await reversalsOfPayment(a.paymentId), await getCollection(db, m.actor, a.paymentId)]);
      for (const s of SECRETS) expect(kept).not.toContain(s);
    } finally {
      setNkolayTestBaseUrlForTests(fake.baseUrl);
      await echo.close();
    }
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(0n);
  });
});

// ---------------------------------------------------------------- input

describe('input', () => {
  it('parseLira reads Turkish and English grouping, refuses zero, junk and more than 12 lira digits', () => {
    const cases: [string, bigint | null][] = [
      ['1.234,56', 123_456n],
      ['1,234.56', 123_456n],
      ['1234,5', 123_450n],
      ['1234.56', 123_456n],
      ['₺1.234,56', 123_456n],
      ['\u00a01\u00a0234,56\u00a0', 123_456n],
      ['0,00', null],
      ['0', null],
      ['00001', 100n],
      ['999999999999', 99_999_999_999_900n],
      ['1000000000000', null],
      ['-5', null],
      ['+5', null],
      ['1e3', null],
      ['12.34,56', null],
      ['1.234.56', null],
      ['1,2,3', null],
      ['5,', null],
      [',5', null],
      ['', null],
      ['١٢٣', null],
      ['NaN', null],
    ];
    for (const [raw, want] of cases) expect(parseLira(raw), JSON.stringify(raw)).toBe(want);
  });

  it('installments 0 or 13, a bad Luhn, a short CVV and a foreign phone are refused with their keys', () => {
    const base = {
      definitionId: randomUUID(),
      amount: '10',
      customerName: 'Ali Veli',
      installments: '1',
      card: { number: FAKE_NKOLAY_CARDS.approved, month: '12', year: '2030', cvv: '123' },
    };
    const issue = (over: Record<string, unknown>) => {
      const r = vposCollectSchema.safeParse({ ...base, ...over });
      return r.success ? null : r.error.issues.map((i) => i.message);
    };
    expect(issue({})).toBeNull();
    expect(issue({ installments: '0' })).toEqual(['vposInstallments']);
    expect(issue({ installments: '13' })).toEqual(['vposInstallments']);
    expect(issue({ card: { ...base.card, number: '4546711234567895' } })).toEqual(['vposCardNumber']);
    expect(issue({ card: { ...base.card, cvv: '12' } })).toEqual(['vposCardCvv']);
    expect(issue({ customerPhone: '09121234567' })).toEqual(['vposPhone']);
    expect(issue({ customerPhone: '+905321234567' })).toBeNull();
  });

  it('a fractional installment count or expiry month gets a localised key, not zod’s English', () => {
    const base = {
      definitionId: randomUUID(),
      amount: '10',
      customerName: 'Ali Veli',
      installments: '1',
      card: { number: FAKE_NKOLAY_CARDS.approved, month: '12', year: '2030', cvv: '123' },
    };
    const msgs = (over: Record<string, unknown>) => {
      const r = vposCollectSchema.safeParse({ ...base, ...over });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(msgs({ installments: '1.5' })).toEqual(['vposInstallments']);
    expect(msgs({ installments: 'abc' })).toEqual(['vposInstallments']);
    expect(msgs({ card: { ...base.card, month: '1.5' } })).toEqual(['vposCardExpiry']);
  });

  it('a card whose expiry has passed is refused before the bank is called', () => {
    const r = cardSchema.safeParse({ number: FAKE_NKOLAY_CARDS.approved, month: '01', year: '2020', cvv: '123' });
    expect(r.success).toBe(false);
  });
});
