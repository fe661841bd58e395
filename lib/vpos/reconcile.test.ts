import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEvents, payments, vposDefinitions, vposPayments, vposReconItems, vposReconRuns, vposReversals, type Payment } from '@/db/schema';
import { ledgerViolations } from '@/lib/ledger';
import { fail, succeed } from '@/lib/payments';
import { testDb } from '@/test/db';
import { FAKE_NKOLAY_CARDS } from '@/test/fakes/nkolay';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { clientOfDefinition, definitionById } from './definitions';
import { makeVposMerchant, startVposFake } from './fixtures';
import { createVposPayment } from './payments';
import { getReconRun, listReconRuns, reconcileDay, resolveReconItem, runNightlyReconciliation, turkishDayBounds, turkishYesterday } from './reconcile';

const db = testDb();
let fake: Awaited<ReturnType<typeof startVposFake>>;
beforeAll(async () => {
  fake = await startVposFake();
});
afterAll(async () => {
  await fake.stop();
});

type Shop = Awaited<ReturnType<typeof makeVposMerchant>>;

/** 10:00 in Istanbul on `day`, plus `minutes`. */
const at = (day: string, minutes = 0) => new Date(turkishDayBounds(day)!.start.getTime() + (10 * 60 + minutes) * 60_000);

async function bankPay(shop: Shop, clientRefCode: string, amount: bigint, card: string = FAKE_NKOLAY_CARDS.approved) {
  const d = (await definitionById(db, shop.definitionId))!;
  const r = await clientOfDefinition(d).pay({
    clientRefCode,
    amount,
    successUrl: 'https://anadolu.example/ok',
    failUrl: 'https://anadolu.example/fail',
    card: { number: card, month: 12, year: 2030, cvv: '123' },
    use3D: false,
  });
  if (r.kind === 'ok' && r.data.step === 'paid') return { approved: true as const, referenceCode: r.data.referenceCode };
  if (r.kind === 'declined') return { approved: false as const, referenceCode: r.referenceCode, bankCode: r.bankCode };
  throw new Error(`bank pay: ${JSON.stringify(r)}`);
}

/** Our side of a payment, made at `when` (the fake's clock and our rows agree on the day). */
async function ours(shop: Shop, amount: bigint, when: Date): Promise<Payment> {
  const p = await createVposPayment(db, {
    platformId: shop.platform.id,
    definitionId: shop.definitionId,
    channel: 'agent',
    takenBy: shop.actor.userId,
    livemode: false,
    amount,
    source: 'pos',
  });
  await db.update(vposPayments).set({ createdAt: when }).where(eq(vposPayments.paymentId, p.id));
  const [dated] = await db.update(payments).set({ createdAt: when }).where(eq(payments.id, p.id)).returning();
  return dated;
}

async function ourSucceeded(shop: Shop, p: Payment, referenceCode: string) {
  await db.update(vposPayments).set({ referenceCode }).where(eq(vposPayments.paymentId, p.id));
  const r = await succeed(db, p, { ref: referenceCode, cardMasked: null }, ['created']);
  expect(r.moved).toBe(true);
}

const itemsOf = (runId: string) => db.select().from(vposReconItems).where(eq(vposReconItems.runId, runId));
const paymentsWithRef = async (definitionId: string, ref: string) =>
  db
    .select({ id: vposPayments.paymentId, state: payments.state, amount: payments.amount, channel: vposPayments.channel })
    .from(vposPayments)
    .innerJoin(payments, eq(payments.id, vposPayments.paymentId))
    .where(and(eq(vposPayments.definitionId, definitionId), eq(vposPayments.referenceCode, ref)));
const ledgerLines = async () => Number((await db.execute<{ n: string }>(sql`select count(*)::text as n from ledger_lines`))[0].n);

describe('reconcileDay', () => {
  it('a day with one of each kind of difference produces exactly those findings, and settles a reversal the bank shows done', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-03-10';
    fake.clock.set(at(day));
    const lines = await ledgerLines();

    // matched: paid on both sides, same amount.
    const a = await ours(shop, 150_000n, at(day, 1));
    await ourSucceeded(shop, a, (await bankPay(shop, a.trackingCode, 150_000n)).referenceCode!);
    // matched: declined on both sides.
    const b = await ours(shop, 20_000n, at(day, 2));
    const bDecl = await bankPay(shop, b.trackingCode, 20_000n, FAKE_NKOLAY_CARDS.insufficient);
    expect(bDecl.approved).toBe(false);
    await fail(db, b, '51 Yetersiz bakiye', { from: ['created'] });
    // bank_only: a sale made at the bank (N Kolay's own panel), unknown here.
    const ext = await bankPay(shop, 'WC-ORDER-77', 99_900n);
    // local_only: succeeded here with a code the bank never listed.
    const c = await ours(shop, 42_000n, at(day, 3));
    await ourSucceeded(shop, c, 'IKSIRPF0000001');
    // amount_differs: the bank charged 1 200,00 ₺ for our 1 000,00 ₺ order.
    const e = await ours(shop, 100_000n, at(day, 4));
    await ourSucceeded(shop, e, (await bankPay(shop, e.trackingCode, 120_000n)).referenceCode!);
    // state_differs: succeeded here, declined at the bank.
    const f = await ours(shop, 30_000n, at(day, 5));
    const fDecl = await bankPay(shop, f.trackingCode, 30_000n, FAKE_NKOLAY_CARDS.lost);
    await ourSucceeded(shop, f, fDecl.referenceCode ?? 'IKSIRPF-F');
    // A cancel left unknown here (N Kolay's answer was lost) that the bank did: paid and matched, the cancel settled.
    const g = await ours(shop, 55_000n, at(day, 6));
    const gRef = (await bankPay(shop, g.trackingCode, 55_000n)).referenceCode!;
    await ourSucceeded(shop, g, gRef);
    const cancelled = await clientOfDefinition((await definitionById(db, shop.definitionId))!).cancel({
      referenceCode: gRef,
      amount: 55_000n,
      saleDate: fake.clock.now(),
    });
    expect(cancelled.kind).toBe('ok');
    await db.update(payments).set({ refundedAmount: 55_000n }).where(eq(payments.id, g.id));
    const [unknownRev] = await db
      .insert(vposReversals)
      .values({ paymentId: g.id, kind: 'cancel', amount: 55_000n, state: 'unknown', message: 'Timed out', createdAt: at(day, 7) })
      .returning();
    // Another merchant's sale the same day, on the same (fake) N Kolay account with its own order: not ours to see here.

    const r = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at('2026-03-12') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.error).toBeNull();
    const items = await itemsOf(r.data.runId);
    const summary = items.map((i) => `${i.kind} ${i.clientRefCode} ${i.bankState ?? '-'} ${i.ourState ?? '-'}`).sort();
    expect(summary).toEqual(
      [
        `matched ${a.trackingCode} paid succeeded`,
        `matched ${b.trackingCode} declined failed`,
        `matched ${g.trackingCode} paid succeeded`,
        'bank_only WC-ORDER-77 paid -',
        `local_only ${c.trackingCode} - succeeded`,
        `amount_differs ${e.trackingCode} paid succeeded`,
        `state_differs ${f.trackingCode} declined succeeded`,
        `state_differs ${g.trackingCode} cancel:success cancel:unknown`,
      ].sort(),
    );
    expect(r.data.counts).toEqual({ matched: 3, bank_only: 1, local_only: 1, amount_differs: 1, state_differs: 2 });
    const amountItem = items.find((i) => i.kind === 'amount_differs')!;
    expect([amountItem.bankAmount, amountItem.ourAmount]).toEqual([120_000n, 100_000n]);
    const bankOnly = items.find((i) => i.kind === 'bank_only')!;
    expect(bankOnly.referenceCode).toBe(ext.referenceCode);
    expect(bankOnly.bankRow).toMatchObject({ referenceCode: ext.referenceCode, amount: '99900', cardMasked: expect.stringMatching(/^454671\*+7894$/) });
    // The settled cancel: resolved by the run, and succeeded with the bank's code.
    const settled = items.find((i) => i.kind === 'state_differs' && i.clientRefCode === g.trackingCode)!;
    expect(settled.resolvedAt).not.toBeNull();
    const [rev] = await db.select().from(vposReversals).where(eq(vposReversals.id, unknownRev.id));
    expect(rev.state).toBe('succeeded');
    expect(rev.referenceCode).toBe(settled.referenceCode);
    // Nothing lira ever reaches the ledger.
    expect(await ledgerLines()).toBe(lines);
    expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  });

  it('flags a succeeded refund the bank does not show, and an unknown one once the day is over (not before)', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-03-11';
    fake.clock.set(at(day));
    const p = await ours(shop, 80_000n, at(day, 1));
    await ourSucceeded(shop, p, (await bankPay(shop, p.trackingCode, 80_000n)).referenceCode!);
    // Reserved on the payment as reverseVposPayment reserves them (the janitor releases a failed one).
    await db.update(payments).set({ refundedAmount: 15_000n }).where(eq(payments.id, p.id));
    await db.insert(vposReversals).values([
      { paymentId: p.id, kind: 'refund', amount: 10_000n, state: 'succeeded', referenceCode: 'IKSIRPF-NOPE', createdAt: at(day, 5) },
      { paymentId: p.id, kind: 'refund', amount: 5_000n, state: 'unknown', createdAt: at(day, 6) },
    ]);
    const during = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at(day, 60) });
    expect(during.ok && during.data.counts).toEqual({ matched: 1, bank_only: 0, local_only: 0, amount_differs: 0, state_differs: 1 });
    const after = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at('2026-03-13') });
    expect(after.ok && after.data.counts).toEqual({ matched: 1, bank_only: 0, local_only: 0, amount_differs: 0, state_differs: 2 });
    const states = (await itemsOf(after.ok ? after.data.runId : '')).map((i) => i.ourState).sort();
    expect(states).toEqual(['refund:succeeded', 'refund:unknown', 'succeeded']);
  });

  it('an order paid after midnight is matched on both days, not flagged as missing', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-03-14';
    const late = new Date(turkishDayBounds(day)!.end.getTime() - 60_000);
    const p = await ours(shop, 70_000n, late);
    fake.clock.set(new Date(late.getTime() + 2 * 60_000));
    await ourSucceeded(shop, p, (await bankPay(shop, p.trackingCode, 70_000n)).referenceCode!);
    const first = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at('2026-03-16') });
    expect(first.ok && first.data.counts).toMatchObject({ matched: 1, local_only: 0 });
    const next = await reconcileDay(db, shop.actor, shop.definitionId, '2026-03-15', { now: at('2026-03-16') });
    expect(next.ok && next.data.counts).toMatchObject({ matched: 1, bank_only: 0 });
  });

  it('an unreachable N Kolay gives a run with its error and no findings', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    fake.failNext(1, '500');
    const r = await reconcileDay(db, shop.actor, shop.definitionId, '2026-03-10', { now: at('2026-03-12') });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.error).toMatch(/HTTP 500/);
    expect(await itemsOf(r.data.runId)).toEqual([]);
    const [run] = await db.select().from(vposReconRuns).where(eq(vposReconRuns.id, r.data.runId));
    expect(run).toMatchObject({ error: expect.stringMatching(/HTTP 500/), counts: {} });
  });

  it('refuses a future day, a day that is no day, and another merchant’s definition', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const other = await makeVposMerchant(db, { use3d: false });
    expect(await reconcileDay(db, shop.actor, shop.definitionId, '2026-02-30')).toEqual({ ok: false, fieldErrors: { day: 'vposDay' } });
    expect(await reconcileDay(db, shop.actor, shop.definitionId, '2026-03-20', { now: at('2026-03-19') })).toEqual({
      ok: false,
      fieldErrors: { day: 'vposDayFuture' },
    });
    expect(await reconcileDay(db, other.actor, shop.definitionId, '2026-03-10')).toEqual({ ok: false, error: 'notFound' });
  });
});

describe('resolveReconItem', () => {
  async function bankOnlyItems(shop: Shop, day: string, runs = 1) {
    const ids: string[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at('2026-04-30') });
      if (!r.ok) throw new Error(JSON.stringify(r));
      const [item] = (await itemsOf(r.data.runId)).filter((x) => x.kind === 'bank_only');
      ids.push(item.id.toString());
    }
    return ids;
  }

  it('enters a bank-only sale once: the same item twice, another run’s item, and a race all give one payment', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-04-02';
    fake.clock.set(at(day, 30));
    const sale = await bankPay(shop, 'PANEL-1001', 250_000n);
    const [first, second] = await bankOnlyItems(shop, day, 2);
    const lines = await ledgerLines();

    const entered = await resolveReconItem(db, shop.actor, { itemId: first, how: 'enter', reason: 'Taken at the counter, missing here' });
    expect(entered).toMatchObject({ ok: true, data: { created: true } });
    const again = await resolveReconItem(db, shop.actor, { itemId: first, how: 'enter', reason: 'Again' });
    expect(again).toEqual({ ok: false, error: 'vposReconResolved' });
    const other = await resolveReconItem(db, shop.actor, { itemId: second, how: 'enter', reason: 'From the second run' });
    expect(other).toMatchObject({ ok: true, data: { created: false, paymentId: entered.ok ? entered.data.paymentId : '' } });

    const rows = await paymentsWithRef(shop.definitionId, sale.referenceCode!);
    expect(rows).toEqual([{ id: expect.any(String), state: 'succeeded', amount: 250_000n, channel: 'manual' }]);
    const [p] = await db.select().from(payments).where(eq(payments.id, rows[0].id));
    expect(p).toMatchObject({ currency: 'TRY', gateway: 'nkolay', orderId: 'PANEL-1001', fee: 0n });
    const [vp] = await db.select().from(vposPayments).where(eq(vposPayments.paymentId, p.id));
    expect(vp).toMatchObject({ takenBy: shop.actor.userId, note: 'Taken at the counter, missing here' });
    const [item] = await db
      .select()
      .from(vposReconItems)
      .where(eq(vposReconItems.id, BigInt(first)));
    expect(item).toMatchObject({ resolvedBy: shop.actor.userId, resolution: 'Taken at the counter, missing here', paymentId: p.id });
    const audited = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'vpos_recon_item'), eq(auditEvents.objectId, first)));
    expect(audited.map((x) => x.action)).toEqual(['vpos.recon.entered']);

    // The day again: the entry is matched now (dated at the bank's sale), never offered again.
    const rerun = await reconcileDay(db, shop.actor, shop.definitionId, day, { now: at('2026-04-30') });
    expect(rerun.ok && rerun.data.counts).toMatchObject({ matched: 1, bank_only: 0, local_only: 0 });
    expect(await ledgerLines()).toBe(lines);
  });

  it('racing enters of the same sale (same item and items of two runs) make one payment', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-04-03';
    fake.clock.set(at(day, 30));
    const sale = await bankPay(shop, 'PANEL-2002', 75_000n);
    const [x, y, z] = await bankOnlyItems(shop, day, 3);
    const results = await Promise.all([x, x, y, z, y].map((itemId, i) => resolveReconItem(db, shop.actor, { itemId, how: 'enter', reason: `Entry ${i}` })));
    expect(results.filter((r) => r.ok && r.data.created)).toHaveLength(1);
    expect(await paymentsWithRef(shop.definitionId, sale.referenceCode!)).toHaveLength(1);
    const resolved = await db
      .select()
      .from(vposReconItems)
      .where(sql`${vposReconItems.id} in (${BigInt(x)}, ${BigInt(y)}, ${BigInt(z)})`);
    expect(resolved.every((i) => i.resolvedAt && i.paymentId === resolved[0].paymentId)).toBe(true);
  });

  it('enters only an approved bank-only sale; a note resolves any finding once', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-04-04';
    fake.clock.set(at(day, 30));
    await bankPay(shop, 'PANEL-3003', 10_000n, FAKE_NKOLAY_CARDS.expired);
    const [declined] = await bankOnlyItems(shop, day);
    expect(await resolveReconItem(db, shop.actor, { itemId: declined, how: 'enter', reason: 'Try it' })).toEqual({ ok: false, error: 'vposReconNotEnterable' });
    expect(await resolveReconItem(db, shop.actor, { itemId: declined, how: 'note', reason: 'Declined card, nothing to do' })).toMatchObject({ ok: true });
    expect(await resolveReconItem(db, shop.actor, { itemId: declined, how: 'note', reason: 'Twice' })).toEqual({ ok: false, error: 'vposReconResolved' });
    const [item] = await db
      .select()
      .from(vposReconItems)
      .where(eq(vposReconItems.id, BigInt(declined)));
    expect(item).toMatchObject({ resolution: 'Declined card, nothing to do', resolvedBy: shop.actor.userId });
  });

  it('another merchant’s run or item is not found; staff see the list but the list is per owner', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const other = await makeVposMerchant(db, { use3d: false });
    const day = '2026-04-05';
    fake.clock.set(at(day, 30));
    await bankPay(shop, 'PANEL-4004', 12_000n);
    const [itemId] = await bankOnlyItems(shop, day);
    const [item] = await db
      .select()
      .from(vposReconItems)
      .where(eq(vposReconItems.id, BigInt(itemId)));
    expect(await resolveReconItem(db, other.actor, { itemId, how: 'enter', reason: 'Not mine' })).toEqual({ ok: false, error: 'notFound' });
    expect(await resolveReconItem(db, other.actor, { itemId, how: 'note', reason: 'Not mine' })).toEqual({ ok: false, error: 'notFound' });
    expect(await getReconRun(db, other.actor, item.runId)).toBeNull();
    expect(await listReconRuns(db, other.actor, {})).toEqual([]);
    expect((await listReconRuns(db, shop.actor, {})).map((r) => r.id)).toEqual([item.runId]);
    expect((await listReconRuns(db, shop.actor, {}))[0]).toMatchObject({ open: 1, counts: { bank_only: 1 } });
    const staff = staffActorOf(await makeAdmin(db));
    expect((await getReconRun(db, staff, item.runId))?.items).toHaveLength(1);
    expect(await paymentsWithRef(shop.definitionId, item.referenceCode!)).toEqual([]);
  });

  it('an entry on a production definition is recorded, never posted to the ledger', async () => {
    const shop = await makeVposMerchant(db, { use3d: false });
    const day = '2026-04-06';
    fake.clock.set(at(day, 30));
    await bankPay(shop, 'PANEL-5005', 990_000n);
    const [itemId] = await bankOnlyItems(shop, day);
    await db.update(vposDefinitions).set({ environment: 'production' }).where(eq(vposDefinitions.id, shop.definitionId));
    const lines = await ledgerLines();
    const r = await resolveReconItem(db, shop.actor, { itemId, how: 'enter', reason: 'Live sale missing' });
    expect(r).toMatchObject({ ok: true, data: { created: true } });
    const [p] = await db
      .select()
      .from(payments)
      .where(eq(payments.id, r.ok ? r.data.paymentId! : ''));
    expect(p).toMatchObject({ livemode: true, state: 'succeeded', currency: 'TRY' });
    expect(await ledgerLines()).toBe(lines);
    expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
  });
});

describe('the nightly run', () => {
  it('reconciles yesterday for every switched-on definition; one that throws or that N Kolay refuses does not stop the others; a retry skips the done', async () => {
    const broken = await makeVposMerchant(db, { use3d: false });
    const good = await makeVposMerchant(db, { use3d: false });
    const refused = await makeVposMerchant(db, { use3d: false, secretKey: 'not-the-secret-key-1234' });
    const off = await makeVposMerchant(db, { use3d: false });
    await db.update(vposDefinitions).set({ enabled: false }).where(eq(vposDefinitions.id, off.definitionId));
    // Sealed under another key (a rotated one): opening it throws.
    await db.update(vposDefinitions).set({ secrets: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA' }).where(eq(vposDefinitions.id, broken.definitionId));
    const now = new Date(turkishDayBounds('2026-05-02')!.start.getTime() + 90 * 60_000);
    expect(turkishYesterday(now)).toBe('2026-05-01');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(runNightlyReconciliation(db, now)).rejects.toThrow(AggregateError);
    const runsOf = (id: string) =>
      db
        .select()
        .from(vposReconRuns)
        .where(and(eq(vposReconRuns.definitionId, id), eq(vposReconRuns.day, '2026-05-01')));
    expect(await runsOf(broken.definitionId)).toEqual([]);
    expect(errors.mock.calls.some((c) => String(c[0]).includes(broken.definitionId))).toBe(true);
    const [g] = await runsOf(good.definitionId);
    expect(g).toMatchObject({ ranBy: null, error: null });
    const [b] = await runsOf(refused.definitionId);
    expect(b.error).toMatch(/hash/i);
    expect(await runsOf(off.definitionId)).toEqual([]);
    // The retry: the done one is skipped, the refused one asked again.
    await db.update(vposDefinitions).set({ enabled: false }).where(eq(vposDefinitions.id, broken.definitionId));
    await runNightlyReconciliation(db, now).catch(() => null);
    expect(await runsOf(good.definitionId)).toHaveLength(1);
    expect(await runsOf(refused.definitionId)).toHaveLength(2);
    errors.mockRestore();
  });
});
