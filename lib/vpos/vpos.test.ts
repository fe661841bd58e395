import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, ledgerLines, paymentAlerts, paymentAttempts, payments, vposPayments, vposReversals } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { createApiPayment } from '@/lib/api/payments';
import { ApiError } from '@/lib/api/http';
import { createPaymentRequestSchema } from '@/lib/api/schemas';
import { ledgerViolations } from '@/lib/ledger';
import { transactionFiltersSchema } from '@/lib/reports/filters';
import { salesSummary } from '@/lib/reports/sales';
import { transactionPage, transactionTotals } from '@/lib/reports/transactions';
import { handleCallback } from '@/lib/payments';
import { openApiPayment } from '@/lib/payments/payer';
import { testDb } from '@/test/db';
import { NKOLAY_PATHS } from '@/lib/gateways/nkolay/wire';
import { FAKE_NKOLAY_3D_PASSWORD, FAKE_NKOLAY_CARDS, readForm, submitForm } from '@/test/fakes/nkolay';
import { getVposDefinition, listVposDefinitions, setVposDefinitionEnabled, testVposDefinition, updateVposDefinition } from './definitions';
import { FAKE_NKOLAY_MERCHANT, makeVposMerchant, payOnHostedPage as payOnHostedPageOf, startVposFake } from './fixtures';
import { collectByCard, getCollection, listCollections, reverseVposPayment, settleUnknownReversals, UNSENT_REVERSAL_AFTER_MS } from './payments';
import { withCommitScope, type CommitScope } from '@/db/after-commit';
import { vposCollectSchema, vposDefinitionUpdateSchema } from './schemas';

/**
 * The virtual POS against the real database and the fake N Kolay: checkout on N Kolay's hosted
 * page, the online-collection screen, cancel and refund, and what must never leak or post.
 */
const db = testDb();
const ORIGIN = 'http://dargah.test';
const SECRETS = [FAKE_NKOLAY_MERCHANT.sx, FAKE_NKOLAY_MERCHANT.sxList, FAKE_NKOLAY_MERCHANT.sxCancel, FAKE_NKOLAY_MERCHANT.merchantSecretKey];
const DAY = 86_400_000;
let fake: Awaited<ReturnType<typeof startVposFake>>;
const logged: string[] = [];

beforeAll(async () => {
  fake = await startVposFake();
  for (const level of ['log', 'warn', 'error', 'info'] as const) {
    const real = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))).join(' '));
      real(...args);
    });
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await fake.stop();
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const apiActor = (m: Awaited<ReturnType<typeof makeVposMerchant>>, livemode = false): ApiActor => ({
  kind: 'api',
  merchantId: m.merchant.id,
  platformId: m.platform.id,
  keyId: randomUUID(),
  livemode,
});

async function checkout(m: Awaited<ReturnType<typeof makeVposMerchant>>, amount = 123_45) {
  const body = createPaymentRequestSchema.parse({ amount, order_id: `o-${randomUUID()}`, callback_url: 'https://anadolu.example/return', currency: 'TRY' });
  return createApiPayment(db, apiActor(m), body, ORIGIN);
}

const payOnHostedPage = (paymentId: string, card: string) => payOnHostedPageOf(db, fake.baseUrl, ORIGIN, paymentId, card);

const paymentOf = async (id: string) => (await db.select().from(payments).where(eq(payments.id, id)))[0];
const vposOf = async (id: string) => (await db.select().from(vposPayments).where(eq(vposPayments.paymentId, id)))[0];
const ledgerLinesOf = async (paymentId: string) =>
  (await db.execute(sql`select count(*)::int as n from ledger_postings where reference = ${paymentId}`)) as unknown as { n: number }[];

describe('checkout on N Kolay’s hosted page', () => {
  it('a paid lira payment is recorded with the bank’s reference, no fee, settled, and never posted to the ledger', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 250_075);
    expect(created).toMatchObject({ currency: 'TRY', amount: '250075', state: 'created', gateway: 'nkolay' });
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
    const p = await handleCallback(db, 'nkolay', params);
    expect(p).toMatchObject({ id: created.id, state: 'succeeded', currency: 'TRY', fee: 0n, amount: 250_075n });
    expect(p!.settledAt).not.toBeNull();
    // The card as N Kolay's payment list masks it (the approval is confirmed there).
    expect(p!.cardMasked).toBe('435509******5232');
    const v = await vposOf(created.id);
    expect(v.referenceCode).toMatch(/^IKSIRPF\d+$/);
    expect(p!.gatewayRef).toBe(v.referenceCode);
    expect((await ledgerLinesOf(created.id))[0].n).toBe(0);
  });

  it('a decline keeps the bank’s code and Turkish message', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.insufficient);
    const p = await handleCallback(db, 'nkolay', params);
    expect(p!.state).toBe('failed');
    expect(p!.failureReason).toMatch(/^51 /);
    const v = await vposOf(created.id);
    expect(v.bankCode).toBe('51');
    expect(v.bankMessage).toMatch(/bakiye/i);
  });

  it('accepts a genuine result signed with the other documented field set (8 fields)', async () => {
    const m = await makeVposMerchant(db);
    fake.control.resultFieldSet = 'v8';
    try {
      const created = await checkout(m);
      const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
      expect((await handleCallback(db, 'nkolay', params))!.state).toBe('succeeded');
    } finally {
      fake.control.resultFieldSet = 'v9';
    }
  });

  it('a tampered result is refused, logged and alerted; the payment list decides (a decline dressed as approval stays failed)', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.lost);
    const forged = { ...params, RESPONSE_CODE: '2', ERROR_CODE: '', RESPONSE_DATA: 'Onaylandı' };
    const p = await handleCallback(db, 'nkolay', forged);
    expect(p!.state).toBe('failed');
    expect((await vposOf(created.id)).bankCode).toBe('41');
    const alerts = await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, created.id));
    expect(alerts.map((a) => a.kind)).toEqual(['hash_mismatch']);
    expect(logged.some((l) => l.includes('hash mismatch') && l.includes(created.tracking_code))).toBe(true);
  });

  it('a genuine approval with its hash broken still succeeds, from the payment list', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 5_000);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
    const p = await handleCallback(db, 'nkolay', { ...params, hashDataV2: 'AAAA' + params.hashDataV2.slice(4) });
    expect(p).toMatchObject({ state: 'succeeded', amount: 5_000n });
    expect((await db.select().from(paymentAlerts).where(eq(paymentAlerts.paymentId, created.id))).length).toBe(1);
  });

  it('another payment’s genuine approval posted to this payment’s address does not pay it', async () => {
    const m = await makeVposMerchant(db);
    const a = await checkout(m, 7_700);
    const b = await checkout(m, 7_700);
    const paidA = await payOnHostedPage(a.id, FAKE_NKOLAY_CARDS.approved3d);
    expect((await handleCallback(db, 'nkolay', paidA.params))!.state).toBe('succeeded');
    // b's page was opened (its token exists) but b was never paid at the bank.
    const pageB = await openApiPayment(db, b.id, ORIGIN);
    expect(pageB).toContain(fake.baseUrl);
    const tokenB = (await paymentOf(b.id)).gatewayToken!;
    const replay = await handleCallback(db, 'nkolay', { ...paidA.fields, t: tokenB });
    expect(replay!.state).not.toBe('succeeded');
  });

  it('fifty racing result posts move the payment once', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m, 9_900);
    const { params } = await payOnHostedPage(created.id, FAKE_NKOLAY_CARDS.approved3d);
    const results = await Promise.all(Array.from({ length: 50 }, () => handleCallback(db, 'nkolay', params)));
    expect(results.every((r) => r === null || ['succeeded', 'redirected'].includes(r.state))).toBe(true);
    expect((await paymentOf(created.id)).state).toBe('succeeded');
    // One verify reached the bank's answer and moved it; the others found it claimed or moved.
    const verified = await db
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.paymentId, created.id), eq(paymentAttempts.outcome, 'paid')));
    expect(verified.length).toBe(1);
  });

  it('a switched-off definition takes no new payment, at once; the API refuses a key of the other environment', async () => {
    const m = await makeVposMerchant(db);
    const created = await checkout(m);
    expect((await setVposDefinitionEnabled(db, m.actor, m.definitionId, false)).ok).toBe(true);
    expect(await openApiPayment(db, created.id, ORIGIN)).toBe(`${ORIGIN}/pay/receipt/${created.id}`);
    await expect(checkout(m)).rejects.toMatchObject({ code: 'pos_definition_disabled' });
    expect((await setVposDefinitionEnabled(db, m.actor, m.definitionId, true)).ok).toBe(true);
    const body = createPaymentRequestSchema.parse({
      amount: 100,
      order_id: `o-${randomUUID()}`,
      callback_url: 'https://anadolu.example/return',
      currency: 'TRY',
    });
    await expect(createApiPayment(db, apiActor(m, true), body, ORIGIN)).rejects.toMatchObject({ code: 'pos_environment_mismatch' });
    const rials = createPaymentRequestSchema.parse({
      amount: 100,
      order_id: `o-${randomUUID()}`,
      callback_url: 'https://anadolu.example/return',
      currency: 'IRR',
    });
    const e = await createApiPayment(db, apiActor(m), rials, ORIGIN).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'currency_not_supported' });
  });
});

async function collect(m: Awaited<ReturnType<typeof makeVposMerchant>>, card: string = FAKE_NKOLAY_CARDS.approved, amount = '100,00') {
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

describe('online collection (an agent takes the card over the phone)', () => {
  it('non-3-D: paid at once; a decline shows the bank’s reason; the card is never stored', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const paid = await collect(m);
    expect(paid.step).toBe('paid');
    const p = await paymentOf(paid.paymentId);
    expect(p).toMatchObject({ state: 'succeeded', currency: 'TRY', amount: 10_000n, source: 'pos', cardMasked: '454671******7894' });
    expect((await vposOf(p.id)).takenBy).toBe(m.merchant.id);
    const declined = await collect(m, FAKE_NKOLAY_CARDS.expired);
    expect(declined).toMatchObject({ step: 'declined', bankCode: '54' });
    // Nothing anywhere holds a full card number or a CVV-bearing form.
    for (const card of [FAKE_NKOLAY_CARDS.approved, FAKE_NKOLAY_CARDS.expired]) {
      const hits = await db.execute(sql`
        select (select count(*) from payment_attempts where request::text like ${'%' + card + '%'} or response::text like ${'%' + card + '%'})
             + (select count(*) from payments where card_masked = ${card} or description like ${'%' + card + '%'})
             + (select count(*) from audit_events where coalesce(after::text, '') like ${'%' + card + '%'}) as n`);
      expect(Number((hits as unknown as { n: string }[])[0].n)).toBe(0);
    }
    expect(logged.some((l) => l.includes(FAKE_NKOLAY_CARDS.approved))).toBe(false);
  });

  it('3-D: the bank’s page comes back to the screen and its result completes the payment', async () => {
    const m = await makeVposMerchant(db, { use3d: true });
    const r = await collect(m, FAKE_NKOLAY_CARDS.approved3d);
    expect(r.step).toBe('3d');
    if (r.step !== '3d') return;
    const posted = readForm(await submitForm(await submitForm(r.html), { password: FAKE_NKOLAY_3D_PASSWORD }));
    const t = new URL(posted.action).searchParams.get('t')!;
    expect((await handleCallback(db, 'nkolay', { ...posted.fields, t }))!.state).toBe('succeeded');
  });

  it('installments above the definition’s most are refused by field', async () => {
    const m = await makeVposMerchant(db, { use3d: false, maxInstallments: 3 });
    const input = vposCollectSchema.parse({
      definitionId: m.definitionId,
      amount: '50',
      customerName: 'Ali Veli',
      installments: '6',
      card: { number: FAKE_NKOLAY_CARDS.approved, month: '12', year: '2030', cvv: '123' },
    });
    expect(await collectByCard(db, m.actor, input, ORIGIN)).toMatchObject({ ok: false, fieldErrors: { installments: 'vposInstallments' } });
  });
});

describe('cancel and refund', () => {
  it('cancel on the sale’s day takes it all back; after the day cancel is refused with the reason and refund is the way', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '80');
    expect(await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 1000n })).toMatchObject({
      ok: false,
      error: 'vposRefundSameDay',
    });
    const c = await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' });
    expect(c).toMatchObject({ ok: true, data: { state: 'succeeded' } });
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(8_000n);
    expect(await reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' })).toMatchObject({ ok: false });

    const b = await collect(m, FAKE_NKOLAY_CARDS.approved, '100');
    fake.clock.advance(DAY);
    try {
      const tomorrow = new Date(Date.now() + DAY);
      expect(await reverseVposPayment(db, m.actor, { paymentId: b.paymentId, kind: 'cancel' }, tomorrow)).toMatchObject({
        ok: false,
        error: 'vposCancelAfterDay',
      });
      expect(await reverseVposPayment(db, m.actor, { paymentId: b.paymentId, kind: 'refund', amount: 4_000n }, tomorrow)).toMatchObject({
        ok: true,
        data: { state: 'succeeded' },
      });
      expect(await reverseVposPayment(db, m.actor, { paymentId: b.paymentId, kind: 'refund', amount: 7_000n }, tomorrow)).toMatchObject({
        ok: false,
        fieldErrors: { amount: 'vposRefundAboveLeft' },
        params: { left: '6000' },
      });
      expect(await reverseVposPayment(db, m.actor, { paymentId: b.paymentId, kind: 'refund' }, tomorrow)).toMatchObject({
        ok: true,
        data: { state: 'succeeded' },
      });
      const p = await paymentOf(b.paymentId);
      expect(p.refundedAmount).toBe(10_000n);
      const revs = await db.select().from(vposReversals).where(eq(vposReversals.paymentId, b.paymentId));
      expect(revs.map((r) => [r.kind, r.amount, r.state])).toEqual([
        ['refund', 4_000n, 'succeeded'],
        ['refund', 6_000n, 'succeeded'],
      ]);
      expect(fake.rowsOf((await paymentOf(b.paymentId)).trackingCode).filter((r) => r.status === 'SUCCESS').length).toBe(3);
    } finally {
      fake.clock.advance(-DAY);
    }
  });

  it('a reversal whose N Kolay call was lost after the commit (a death) is sent by the janitor, once', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '80');
    const ref = (await vposOf(a.paymentId)).referenceCode;
    const cancels = () => fake.calls.filter((c) => c.form.type === 'cancel' && c.form.referenceCode === ref);
    // Inside a keyed API call the N Kolay call waits for the commit; the process dies before it runs.
    const scope: CommitScope = { tasks: [] };
    const r = await withCommitScope(scope, () => reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' }));
    expect(r).toMatchObject({ ok: true, data: { state: 'unknown' } });
    expect(scope.tasks).toHaveLength(1);
    const rev = async () => (await db.select().from(vposReversals).where(eq(vposReversals.paymentId, a.paymentId)))[0];
    expect([(await rev()).state, (await paymentOf(a.paymentId)).refundedAmount, cancels().length]).toEqual(['processing', 8_000n, 0]);
    // Not yet: a send may still be under way.
    await settleUnknownReversals(db, new Date(Date.now() + 30_000));
    expect([(await rev()).state, cancels().length]).toEqual(['processing', 0]);
    await settleUnknownReversals(db, new Date(Date.now() + UNSENT_REVERSAL_AFTER_MS + 1_000));
    expect(await rev()).toMatchObject({ state: 'succeeded', referenceCode: expect.any(String) });
    expect(cancels()).toHaveLength(1);
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(8_000n);
    // A send whose answer was lost (the row still says processing) is found in the bank's list, not sent again.
    await db.update(vposReversals).set({ state: 'processing', decidedAt: null }).where(eq(vposReversals.paymentId, a.paymentId));
    await settleUnknownReversals(db, new Date(Date.now() + UNSENT_REVERSAL_AFTER_MS + 1_000));
    expect((await rev()).state).toBe('succeeded');
    expect(cancels()).toHaveLength(1);
  });

  it("a keyed reversal's own send claims it first: the janitor never sends it again while that send is in flight", async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '80');
    const ref = (await vposOf(a.paymentId)).referenceCode;
    const cancels = () => fake.calls.filter((c) => c.form.type === 'cancel' && c.form.referenceCode === ref);
    const scope: CommitScope = { tasks: [] };
    await withCommitScope(scope, () => reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'cancel' }));
    // The after-commit send runs late and its call is still in flight (not yet carried out, so the
    // list does not show it) when the janitor's minute comes, past the two minutes.
    const held = fake.holdNext(NKOLAY_PATHS.cancelRefund);
    const sending = scope.tasks[0]();
    await held.arrived;
    await settleUnknownReversals(db, new Date(Date.now() + UNSENT_REVERSAL_AFTER_MS + 1_000));
    held.release();
    await sending;
    expect(cancels()).toHaveLength(1);
    const [rev] = await db.select().from(vposReversals).where(eq(vposReversals.paymentId, a.paymentId));
    expect(rev.state).toBe('succeeded');
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(8_000n);
  });

  it('racing refunds never take back more than was paid', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m, FAKE_NKOLAY_CARDS.approved, '100');
    fake.clock.advance(DAY);
    try {
      const tomorrow = new Date(Date.now() + DAY);
      const rs = await Promise.all(
        Array.from({ length: 8 }, () => reverseVposPayment(db, m.actor, { paymentId: a.paymentId, kind: 'refund', amount: 3_000n }, tomorrow)),
      );
      expect(rs.filter((r) => r.ok && r.data.state === 'succeeded').length).toBe(3);
      expect((await paymentOf(a.paymentId)).refundedAmount).toBe(9_000n);
    } finally {
      fake.clock.advance(-DAY);
    }
  });
});

describe('whose is it', () => {
  it('another merchant’s definitions, payments and reversals give nothing', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    const other = await makeVposMerchant(db, { use3d: false });
    const a = await collect(m);
    expect((await listVposDefinitions(db, other.actor)).map((d) => d.id)).not.toContain(m.definitionId);
    expect(await getVposDefinition(db, other.actor, m.definitionId)).toBeNull();
    const upd = vposDefinitionUpdateSchema.parse({
      id: m.definitionId,
      company: 'X A.Ş.',
      name: 'stolen',
      environment: 'test',
      use3d: false,
      maxInstallments: 1,
    });
    expect(await updateVposDefinition(db, other.actor, upd)).toMatchObject({ ok: false, error: 'notFound' });
    expect(await setVposDefinitionEnabled(db, other.actor, m.definitionId, false)).toMatchObject({ ok: false, error: 'notFound' });
    expect(await testVposDefinition(db, other.actor, m.definitionId)).toMatchObject({ ok: false, error: 'notFound' });
    expect(await getCollection(db, other.actor, a.paymentId)).toBeNull();
    expect((await listCollections(db, other.actor, {})).map((r) => r.id)).not.toContain(a.paymentId);
    expect(await reverseVposPayment(db, other.actor, { paymentId: a.paymentId, kind: 'cancel' })).toMatchObject({ ok: false, error: 'notFound' });
    const input = vposCollectSchema.parse({
      definitionId: m.definitionId,
      amount: '10',
      customerName: 'Kötü Niyet',
      installments: '1',
      card: { number: FAKE_NKOLAY_CARDS.approved, month: '12', year: '2030', cvv: '123' },
    });
    expect(await collectByCard(db, other.actor, input, ORIGIN)).toMatchObject({ ok: false, fieldErrors: { definitionId: 'notFound' } });
    expect((await paymentOf(a.paymentId)).refundedAmount).toBe(0n);
  });
});

describe('secrets', () => {
  it('are sealed at rest, never in a view, an attempt log, the audit trail or a log line; a change holds at once', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    await collect(m);
    const views = JSON.stringify(await listVposDefinitions(db, m.actor));
    for (const s of SECRETS) expect(views).not.toContain(s);
    expect(views).toContain(FAKE_NKOLAY_MERCHANT.merchantSecretKey.slice(-4));
    const raw = await db.execute(sql`select secrets from vpos_definitions where id = ${m.definitionId}`);
    for (const s of SECRETS) expect(JSON.stringify(raw)).not.toContain(s);
    const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    const attempts = json(
      await db
        .select()
        .from(paymentAttempts)
        .where(sql`${paymentAttempts.paymentId} in (select payment_id from vpos_payments where definition_id = ${m.definitionId})`),
    );
    const audits = json(await db.select().from(auditEvents).where(eq(auditEvents.objectId, m.definitionId)));
    for (const s of SECRETS) {
      expect(attempts).not.toContain(s);
      expect(audits).not.toContain(s);
      expect(logged.some((l) => l.includes(s))).toBe(false);
    }
    // The test call works with the right key, fails with a wrong one: the next call uses the change.
    expect(await testVposDefinition(db, m.actor, m.definitionId)).toMatchObject({ ok: true, data: { ok: true } });
    const upd = vposDefinitionUpdateSchema.parse({
      id: m.definitionId,
      company: 'Anadolu Ticaret A.Ş.',
      name: 'N Kolay test',
      environment: 'test',
      use3d: false,
      maxInstallments: 6,
      secretKey: 'a-wrong-secret-key-123',
    });
    expect((await updateVposDefinition(db, m.actor, upd)).ok).toBe(true);
    expect(await testVposDefinition(db, m.actor, m.definitionId)).toMatchObject({ ok: true, data: { ok: false } });
    const audited = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, m.definitionId), eq(auditEvents.action, 'vpos.definition.updated')));
    expect(audited[0].after).toMatchObject({ replaced: ['secretKey'] });
    expect(json(audited)).not.toContain('a-wrong-secret-key-123');
  });
});

describe('the ledger and the Rial reports', () => {
  it('the transaction report, its totals and the sales summary never count lira', async () => {
    const m = await makeVposMerchant(db, { use3d: false });
    await collect(m, FAKE_NKOLAY_CARDS.approved, '1.234,56');
    await collect(m, FAKE_NKOLAY_CARDS.insufficient, '10');
    expect((await listCollections(db, m.actor, {})).length).toBe(2);
    const f = transactionFiltersSchema.parse({});
    expect(await transactionTotals(db, m.actor, f)).toMatchObject({ count: 0, sum: 0n });
    expect((await transactionPage(db, m.actor, f)).rows).toEqual([]);
    const s = await salesSummary(db, m.actor, f);
    expect(s.current).toMatchObject({ succeeded: 0, sum: 0n, failed: 0 });
    expect(s.days.every((d) => d.sum === 0n)).toBe(true);
  });

  it('no lira line ever', async () => {
    const n = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerLines)
      .where(eq(ledgerLines.currency, 'TRY'));
    expect(n[0].n).toBe(0);
  });
});
