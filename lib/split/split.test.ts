import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts, payments, refunds, splitInvoices, splitParts, users } from '@/db/schema';
import { handleCallback } from '@/lib/payments';
import { accountFor, balanceFromLines, ledgerViolations, platformBalances } from '@/lib/ledger';
import { setFeeRuleAsSystem } from '@/lib/payments/fees';
import { isSettlementDay } from '@/lib/calendar/holidays';
import { runSettlement, settlementWindow } from '@/lib/payments/settlement';
import { cancelRefund, createRefund } from '@/lib/refunds';
import { testDb, uniqueMobile } from '@/test/db';
import { makeMerchant, merchantActorOf } from '@/test/fixtures';
import { postingsOf } from '@/test/ledger';
import {
  addBeneficiary,
  cancelSplitInvoice,
  closeSplitInvoice,
  createSplitInvoice,
  getSplitInvoice,
  listSplitInvoices,
  myMarketplaces,
  mySplitParts,
  paymentForSplitInvoice,
  setPermission,
  verifySplitInvoice,
  withdrawForSubBusiness,
} from '.';
import { invoiceBody, makeBeneficiary, makeInvoice, makeMarketplace, newBill, payInvoice } from './fixtures';
import { addBeneficiarySchema, createSplitInvoiceSchema, itemsTotal } from './schemas';
import { largestRemainder, refundShares } from './shares';

const db = testDb();

beforeAll(async () => {
  // 1% on split payments, for every test of this file (no other file uses the split service's fee).
  const r = await setFeeRuleAsSystem(db, { serviceId: 'split', percent: 100, fixed: 0n, min: 0n, max: null });
  if (!r.ok) throw new Error('fee');
});

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

/** The first 09:00 run whose cutoff is after now (the shares of invoices closed now). */
function nextRun(): Date {
  for (let d = 0; d < 15; d++) {
    const run = new Date(new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10) + 'T06:30:00Z');
    // A settlement day: a Friday's or a holiday's run moves nothing (runSettlement skips it), so a
    // test run on a Wednesday evening (Tehran already Thursday) must not pick Friday's.
    const { runDate, cutoff } = settlementWindow(run);
    if (run.getTime() > Date.now() && cutoff.getTime() > Date.now() && isSettlementDay(runDate)) return run;
  }
  throw new Error('no run');
}

describe('shares', () => {
  it('largest remainder sums exactly and never gives a party more than its exact share rounded up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }),
        (amount, weights) => {
          const sum = weights.reduce((a, w) => a + w, 0n);
          if (sum === 0n) return;
          const parts = largestRemainder(amount, weights);
          expect(parts.reduce((a, p) => a + p, 0n)).toBe(amount);
          parts.forEach((p, i) => {
            expect(p >= (amount * weights[i]) / sum).toBe(true);
            expect(p <= (amount * weights[i] + sum - 1n) / sum).toBe(true);
          });
        },
      ),
    );
  });

  it('a refund never takes from a party more than is left of its share, and a full refund takes exactly what is left', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 7n }), { minLength: 2, maxLength: 6 }), fc.nat({ max: 100 }), (shares, pct) => {
        const total = shares.reduce((a, s) => a + s, 0n);
        if (total === 0n) return;
        const parts = shares.map((share) => ({ share, fee: share / 100n, refunded: 0n, feeReturned: 0n }));
        const amount = (total * BigInt(pct)) / 100n;
        const plan = refundShares(amount, amount / 100n, parts);
        expect(plan.reduce((a, p) => a + p.part, 0n)).toBe(amount);
        plan.forEach((p, i) => {
          expect(p.part <= shares[i]).toBe(true);
          expect(p.feeBack <= p.part && p.feeBack <= parts[i].fee).toBe(true);
        });
        if (pct === 100) expect(plan.map((p) => p.part)).toEqual(shares);
      }),
    );
  });
});

describe('the sum rule', () => {
  it('random invoices either satisfy the rule and parse, or are refused on customerInvoiceItems — never anything between', () => {
    const item = fc.record({ quantity: fc.integer({ min: 1, max: 5 }), unitPrice: fc.integer({ min: 1, max: 100_000 }) });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 3 }),
        fc.array(fc.array(item, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -3, max: 3 }),
        (main, subs, drift) => {
          const sum = [...main, ...subs.flat()].reduce((a, it) => a + it.quantity * it.unitPrice, 0);
          const body = {
            billNumber: 'B-1',
            mainInvoice: { items: main.map((it) => ({ description: 'm', ...it })) },
            subInvoices: subs.map((items, i) => ({
              beneficiaryId: `00000000-0000-4000-8000-00000000000${i}`,
              items: items.map((it) => ({ description: 's', ...it })),
            })),
            customerInvoiceItems: [{ description: 'c', quantity: 1, unitPrice: sum + drift }],
          };
          const r = createSplitInvoiceSchema.safeParse(body);
          if (drift === 0) {
            expect(r.success).toBe(true);
            if (r.success) expect(itemsTotal(r.data.customerInvoiceItems)).toBe(BigInt(sum));
          } else {
            expect(r.success).toBe(false);
            if (!r.success)
              expect(r.error.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(
                sum + drift > 0 ? ['customerInvoiceItems', 'splitSumMismatch'] : expect.anything(),
              );
          }
        },
      ),
    );
  });

  it('names the offending part: a discount above its line, a quantity of zero, a beneficiary twice', () => {
    const r = createSplitInvoiceSchema.safeParse({
      billNumber: 'B 1',
      mainInvoice: { items: [{ description: 'm', quantity: 0, unitPrice: 100 }] },
      subInvoices: [
        { beneficiaryId: '00000000-0000-4000-8000-000000000001', items: [{ description: 's', quantity: 1, unitPrice: 100, discount: 100 }] },
        { beneficiaryId: '00000000-0000-4000-8000-000000000001', items: [{ description: 's', quantity: 1, unitPrice: 100 }] },
      ],
      customerInvoiceItems: [{ description: 'c', quantity: 1, unitPrice: 200 }],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'billNumber:billNumberInvalid',
        'mainInvoice.items.0.quantity:quantityInvalid',
        'subInvoices.0.items.0.discount:discountAboveLine',
      ]),
    );
  });
});

describe('split invoices on the ledger', () => {
  it('1 300 = 800 + 300 + 200: paid, each party credited exactly to pending; closed, the next run makes each share withdrawable', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m, 'Seller A');
    const b = await makeBeneficiary(db, m, 'Seller B');
    const inv = await makeInvoice(
      db,
      m,
      invoiceBody(newBill(), 800_000n, [
        { beneficiaryId: a.beneficiary.id, share: 300_000n },
        { beneficiaryId: b.beneficiary.id, share: 200_000n },
      ]),
    );
    expect(inv).toMatchObject({ total: 1_300_000n, fee: 13_000n, state: 'open', livemode: true });
    const { payment } = await payInvoice(db, inv.id);
    expect(payment).toMatchObject({ state: 'succeeded', source: 'split', fee: 13_000n });

    // The marketplace pays the 1% fee from its own share.
    expect(await platformBalances(db, m.platform.id)).toEqual({ pending: 787_000n, withdrawable: 0n });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });
    expect(await platformBalances(db, b.platformId)).toEqual({ pending: 200_000n, withdrawable: 0n });
    const posting = await postingsOf(db, payment.id);
    expect(posting).toHaveLength(1);

    // Not closed: the run moves nothing of it.
    const run = nextRun();
    await runSettlement(db, run, { platformId: a.platformId });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 300_000n, withdrawable: 0n });

    expect((await closeSplitInvoice(db, m.actor, inv.id)).ok).toBe(true);
    for (const pid of [m.platform.id, a.platformId, b.platformId]) await runSettlement(db, run, { platformId: pid });
    expect(await platformBalances(db, m.platform.id)).toEqual({ pending: 0n, withdrawable: 787_000n });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 300_000n });
    expect(await platformBalances(db, b.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n });
    // Running again moves nothing again.
    await runSettlement(db, run, { platformId: a.platformId });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 300_000n });
  });

  it('a pro-rata fee is shared by the largest remainder and the parts sum exactly', async () => {
    const m = await makeMarketplace(db, { feePayer: 'pro_rata' });
    const a = await makeBeneficiary(db, m);
    const b = await makeBeneficiary(db, m);
    const inv = await makeInvoice(
      db,
      m,
      invoiceBody(newBill(), 333_333n, [
        { beneficiaryId: a.beneficiary.id, share: 333_333n },
        { beneficiaryId: b.beneficiary.id, share: 333_334n },
      ]),
    );
    expect(inv.fee).toBe(10_000n);
    const parts = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id)).orderBy(splitParts.position);
    expect(parts.map((p) => p.fee)).toEqual([3_333n, 3_333n, 3_334n]);
    await payInvoice(db, inv.id);
    const pend = await Promise.all([m.platform.id, a.platformId, b.platformId].map((id) => platformBalances(db, id)));
    expect(pend.map((p) => p.pending)).toEqual([330_000n, 330_000n, 330_000n]);
  });

  it('50 concurrent callbacks post once; 20 concurrent closes close once; close twice → 45, close unpaid → 55', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const inv = await makeInvoice(db, m, invoiceBody(newBill(), 500_000n, [{ beneficiaryId: a.beneficiary.id, share: 500_000n }]));
    expect(await closeSplitInvoice(db, m.actor, inv.id)).toMatchObject({ ok: false, error: 'notPaid' });
    const { payment, params } = await payInvoice(db, inv.id);
    await Promise.all(Array.from({ length: 50 }, () => handleCallback(db, 'sandbox', params)));
    expect(await postingsOf(db, payment.id)).toHaveLength(1);
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 500_000n, withdrawable: 0n });

    const closes = await Promise.all(Array.from({ length: 20 }, () => closeSplitInvoice(db, m.actor, inv.id)));
    expect(closes.filter((r) => r.ok)).toHaveLength(1);
    expect(closes.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'alreadyClosed')).toBe(true);
    expect(await closeSplitInvoice(db, m.actor, inv.id)).toMatchObject({ ok: false, error: 'alreadyClosed' });
    // A closed invoice cannot be canceled.
    expect(await cancelSplitInvoice(db, m.actor, inv.id)).toMatchObject({ ok: false, error: 'notCancelable' });
  });

  it('verificationNeeded: not payable nor closable (58) until the marketplace verifies it', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const inv = await makeInvoice(
      db,
      m,
      invoiceBody(newBill(), 100_000n, [{ beneficiaryId: a.beneficiary.id, share: 100_000n }], { verificationNeeded: true }),
    );
    expect(await paymentForSplitInvoice(db, inv.id)).toMatchObject({ ok: false, error: 'awaitingVerification' });
    expect(await closeSplitInvoice(db, m.actor, inv.id)).toMatchObject({ ok: false, error: 'awaitingVerification' });
    expect((await verifySplitInvoice(db, m.actor, inv.id)).ok).toBe(true);
    await payInvoice(db, inv.id);
    expect((await closeSplitInvoice(db, m.actor, inv.id)).ok).toBe(true);
  });

  it('a refund before close takes each party’s share back pro rata from pending; a full refund reverses every party exactly', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const b = await makeBeneficiary(db, m);
    const inv = await makeInvoice(
      db,
      m,
      invoiceBody(newBill(), 800_000n, [
        { beneficiaryId: a.beneficiary.id, share: 300_000n },
        { beneficiaryId: b.beneficiary.id, share: 200_000n },
      ]),
    );
    const { payment } = await payInvoice(db, inv.id);
    const r1 = await createRefund(db, m.actor, { paymentId: payment.id, amount: 130_000n, reason: 'one item back' }, { returnsFee: true });
    expect(r1).toMatchObject({ ok: true, data: { refund: { feeReturned: 1_300n, fromPending: 128_700n } } });
    // 80 000 + 30 000 + 20 000 back, the marketplace given back the 1 300 of fee it paid on them.
    expect(await platformBalances(db, m.platform.id)).toEqual({ pending: 787_000n - 78_700n, withdrawable: 0n });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 270_000n, withdrawable: 0n });
    expect(await platformBalances(db, b.platformId)).toEqual({ pending: 180_000n, withdrawable: 0n });
    // Without the fee back, the marketplace would have to pay the fee from a balance it does not have: refused, nothing taken.
    expect(await createRefund(db, m.actor, { paymentId: payment.id, amount: 1_170_000n, reason: 'the rest' }, { returnsFee: false })).toMatchObject({
      ok: false,
      fieldErrors: { amount: 'refundInsufficientBalance' },
    });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 270_000n, withdrawable: 0n });
    const r2 = await createRefund(db, m.actor, { paymentId: payment.id, amount: 1_170_000n, reason: 'the rest' }, { returnsFee: true });
    expect(r2).toMatchObject({ ok: true, data: { refund: { feeReturned: 11_700n } } });
    for (const pid of [m.platform.id, a.platformId, b.platformId]) expect(await platformBalances(db, pid)).toEqual({ pending: 0n, withdrawable: 0n });
    const [after] = await db.select().from(splitInvoices).where(eq(splitInvoices.id, inv.id));
    expect(after.refundedAmount).toBe(1_300_000n);
    expect(await createRefund(db, m.actor, { paymentId: payment.id, amount: 1n, reason: 'x' })).toMatchObject({ ok: false });
  });

  it('a refund after settlement comes from withdrawable, and a failed refund gives each party back exactly', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const inv = await makeInvoice(db, m, invoiceBody(newBill(), 600_000n, [{ beneficiaryId: a.beneficiary.id, share: 400_000n }]));
    const { payment } = await payInvoice(db, inv.id);
    await closeSplitInvoice(db, m.actor, inv.id);
    const run = nextRun();
    for (const pid of [m.platform.id, a.platformId]) await runSettlement(db, run, { platformId: pid });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 400_000n });
    // Without the gateway's session the refund goes out as a refund payout, waiting for the payer's account.
    await db.update(payments).set({ gatewayToken: null }).where(eq(payments.id, payment.id));
    const r = await createRefund(db, m.actor, { paymentId: payment.id, amount: 500_000n, reason: 'returned' }, { returnsFee: false });
    expect(r).toMatchObject({ ok: true, data: { refund: { state: 'awaiting_account', fromWithdrawable: 500_000n } } });
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 200_000n });
    expect(await platformBalances(db, m.platform.id)).toEqual({ pending: 0n, withdrawable: 590_000n - 300_000n });
    const [row] = await db.select().from(refunds).where(eq(refunds.paymentId, payment.id));
    expect(row.fromWithdrawable + row.fromPending + row.feeReturned).toBe(500_000n);
    // The marketplace withdraws it before the payer names an account: every party gets back exactly what it gave.
    expect((await cancelRefund(db, m.actor, { refundId: row.id })).ok).toBe(true);
    expect(await platformBalances(db, a.platformId)).toEqual({ pending: 0n, withdrawable: 400_000n });
    expect(await platformBalances(db, m.platform.id)).toEqual({ pending: 0n, withdrawable: 590_000n });
    const parts = await db.select().from(splitParts).where(eq(splitParts.invoiceId, inv.id));
    expect(parts.every((p) => p.refunded === 0n && p.pendingDebited === 0n)).toBe(true);
    const [inv2] = await db.select().from(splitInvoices).where(eq(splitInvoices.id, inv.id));
    expect(inv2.refundedAmount).toBe(0n);
  });

  it('a revoked permission refuses new invoices naming the beneficiary (4); a listed-products permission covers only those products', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const revoke = await setPermission(db, a.actor, { beneficiaryId: a.beneficiary.id, permission: 'none', products: [] });
    expect(revoke.ok).toBe(true);
    const refused = await createSplitInvoice(
      db,
      m.actor,
      m.platform.id,
      createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1_000n, [{ beneficiaryId: a.beneficiary.id, share: 1_000n }])),
    );
    expect(refused).toMatchObject({ ok: false, error: 'permissionDenied', fieldErrors: { 'subInvoices.0.beneficiaryId': 'permissionDenied' } });
    await setPermission(db, a.actor, { beneficiaryId: a.beneficiary.id, permission: 'products', products: ['P-1'] });
    const listed = (productId: string) =>
      createSplitInvoice(
        db,
        m.actor,
        m.platform.id,
        createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1_000n, [{ beneficiaryId: a.beneficiary.id, share: 1_000n, productId }])),
      );
    expect((await listed('P-1')).ok).toBe(true);
    expect(await listed('P-2')).toMatchObject({ ok: false, error: 'permissionDenied' });
  });

  it('a bill number is used once per marketplace: a second use names the existing invoice', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m);
    const body = invoiceBody(newBill(), 1_000n, [{ beneficiaryId: a.beneficiary.id, share: 1_000n }]);
    const first = await makeInvoice(db, m, body);
    const racing = await Promise.all(Array.from({ length: 5 }, () => createSplitInvoice(db, m.actor, m.platform.id, createSplitInvoiceSchema.parse(body))));
    expect(racing.every((r) => !r.ok && r.error === 'duplicateBill' && r.params?.existingId === first.id)).toBe(true);
  });
});

describe('isolation', () => {
  it('a beneficiary sees only its own part; another merchant gets nothing of an invoice; an invitation says nothing of an account', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m, 'Seller A');
    const b = await makeBeneficiary(db, m, 'Seller B');
    const inv = await makeInvoice(
      db,
      m,
      invoiceBody(newBill(), 800_000n, [
        { beneficiaryId: a.beneficiary.id, share: 300_000n },
        { beneficiaryId: b.beneficiary.id, share: 200_000n },
      ]),
    );
    const mine = await mySplitParts(db, a.actor);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ invoiceId: inv.id, share: 300_000n });
    expect(JSON.stringify(mine, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain('200000');
    // The beneficiary cannot open the marketplace's view, nor can a stranger; nor list its invoices.
    const stranger = merchantActorOf(await makeMerchant(db, { kycApproved: true }));
    for (const actor of [a.actor, stranger]) {
      expect(await getSplitInvoice(db, actor, inv.id)).toBeNull();
      expect(await closeSplitInvoice(db, actor, inv.id)).toMatchObject({ ok: false, error: 'notFound' });
      expect(await listSplitInvoices(db, actor, m.platform.id, {})).toBeNull();
      expect(
        await createSplitInvoice(
          db,
          actor,
          m.platform.id,
          createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1n, [{ beneficiaryId: a.beneficiary.id, share: 1n }])),
        ),
      ).toMatchObject({
        ok: false,
        error: 'notFound',
      });
    }
    // Another marketplace cannot invoice this marketplace's beneficiary.
    const other = await makeMarketplace(db);
    expect(
      await createSplitInvoice(
        db,
        other.actor,
        other.platform.id,
        createSplitInvoiceSchema.parse(invoiceBody(newBill(), 1_000n, [{ beneficiaryId: a.beneficiary.id, share: 1_000n }])),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { 'subInvoices.0.beneficiaryId': 'beneficiaryUnknown' } });
    // A beneficiary cannot change a permission it does not hold.
    expect(await setPermission(db, b.actor, { beneficiaryId: a.beneficiary.id, permission: 'none', products: [] })).toMatchObject({
      ok: false,
      error: 'notFound',
    });

    // Invited numbers: with or without an account, the marketplace sees the same answer.
    const withAccount = await makeMerchant(db);
    const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, withAccount.id));
    const x = await addBeneficiary(
      db,
      m.actor,
      addBeneficiarySchema.parse({ marketplaceId: m.platform.id, kind: 'merchant', mobile: u.mobile, displayName: 'X Co' }),
    );
    const y = await addBeneficiary(
      db,
      m.actor,
      addBeneficiarySchema.parse({ marketplaceId: m.platform.id, kind: 'merchant', mobile: uniqueMobile(), displayName: 'Y Co' }),
    );
    expect(x.ok && y.ok).toBe(true);
    if (x.ok && y.ok) {
      const shape = (v: typeof x.data) => ({ state: v.state, userId: v.userId, platformId: v.platformId, permission: v.permission });
      expect(shape(x.data)).toEqual(shape(y.data));
    }
    // The invited owner sees the invitation (not yet accepted) in its own portal.
    expect((await myMarketplaces(db, merchantActorOf(withAccount))).map((r) => r.beneficiary.state)).toEqual(['invited']);
  });

  it('a sub-business gets a restricted account of its own, its sheba waits for staff, and it can be invoiced at once', async () => {
    const m = await makeMarketplace(db);
    const r = await addBeneficiary(
      db,
      m.actor,
      addBeneficiarySchema.parse({
        marketplaceId: m.platform.id,
        kind: 'sub_business',
        mobile: uniqueMobile(),
        displayName: 'Courier',
        nationalId: '0013542419',
        sheba: 'IR820540102680020817909002',
      }),
    );
    expect(r).toMatchObject({ ok: true, data: { state: 'active', permission: 'all', kind: 'sub_business' } });
    if (!r.ok) return;
    const inv = await makeInvoice(db, m, invoiceBody(newBill(), 100_000n, [{ beneficiaryId: r.data.id, share: 500_000n }]));
    await payInvoice(db, inv.id);
    expect(await platformBalances(db, r.data.platformId!)).toEqual({ pending: 500_000n, withdrawable: 0n });
    const [p] = await db
      .select()
      .from(payments)
      .where(eq(payments.id, (await getSplitInvoice(db, m.actor, inv.id))!.invoice.paymentId!));
    expect(p.settledAt).not.toBeNull();
    expect(await balanceFromLines(db, await accountFor(db, 'platform_pending', r.data.platformId!))).toBe(500_000n);

    // Closed and settled, the marketplace withdraws for the sub-business it manages, to the sub-business's own approved account.
    expect((await closeSplitInvoice(db, m.actor, inv.id)).ok).toBe(true);
    await runSettlement(db, nextRun(), { platformId: r.data.platformId! });
    expect(await withdrawForSubBusiness(db, m.actor, { beneficiaryId: r.data.id, amount: 400_000n })).toMatchObject({ ok: false, error: 'noApprovedAccount' });
    await db.update(bankAccounts).set({ status: 'approved' }).where(eq(bankAccounts.merchantId, r.data.userId!));
    const other = await makeMarketplace(db);
    expect(await withdrawForSubBusiness(db, other.actor, { beneficiaryId: r.data.id, amount: 400_000n })).toMatchObject({ ok: false, error: 'notFound' });
    const w = await withdrawForSubBusiness(db, m.actor, { beneficiaryId: r.data.id, amount: 400_000n });
    expect(w).toMatchObject({ ok: true, data: { platformId: r.data.platformId, amount: 400_000n, state: 'requested' } });
    expect(await platformBalances(db, r.data.platformId!)).toEqual({ pending: 0n, withdrawable: 100_000n });
  });
});
