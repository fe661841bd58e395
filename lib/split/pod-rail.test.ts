import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { payments, splitBeneficiaries, splitInvoices } from '@/db/schema';
import type { GatewayId } from '@/lib/gateways';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { handleCallback, startPayment } from '@/lib/payments';
import { podClient, POD_CALLBACK_PARAM, setPodRailForTests } from '@/lib/rails/pod';
import { testDb } from '@/test/db';
import { startFakePod } from '@/test/fakes/pod';
import { cancelSplitInvoice, closeSplitInvoice, createSplitInvoice, paymentForSplitInvoice, saveMarketplaceSettings } from '.';
import { invoiceBody, makeBeneficiary, makeMarketplace, newBill } from './fixtures';
import { createSplitInvoiceSchema } from './schemas';

/**
 * A marketplace on POD's rail, against the fake POD: live invoices are issued on POD, paid on
 * POD's page and confirmed by POD's invoice list, closed and canceled on POD first; POD's refusals
 * and silences come back as railRefused / railUnavailable, and nothing is half saved.
 */
const db = testDb();
const MARKET = { id: 51_001, token: 'split-pod-business-token-1', apiKey: 'split-pod-service-key-1' };
const SELLER = { id: 51_002, token: 'split-pod-seller-token-22', apiKey: 'split-pod-seller-key-22' };
let fake: Awaited<ReturnType<typeof startFakePod>>;

beforeAll(async () => {
  fake = await startFakePod({ businesses: [MARKET, SELLER] });
  setPodRailForTests(
    podClient({ baseUrl: fake.baseUrl, payBaseUrl: fake.payBaseUrl, sandbox: false, token: MARKET.token, apiKey: MARKET.apiKey, timeoutMs: 1500 }),
  );
});
afterAll(async () => {
  setPodRailForTests(null);
  await fake.close();
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function podMarketplace() {
  const m = await makeMarketplace(db);
  const s = await saveMarketplaceSettings(db, m.actor, { platformId: m.platform.id, feePayer: 'marketplace', rail: 'pod', podGuildCode: 'API_GUILD' });
  expect(s.ok).toBe(true);
  const seller = await makeBeneficiary(db, m, 'POD seller');
  await db
    .update(splitBeneficiaries)
    .set({ podBusinessId: String(SELLER.id) })
    .where(eq(splitBeneficiaries.id, seller.beneficiary.id));
  return { m, seller };
}

const create = (m: Awaited<ReturnType<typeof makeMarketplace>>, body: Record<string, unknown>) =>
  createSplitInvoice(db, m.actor, m.platform.id, createSplitInvoiceSchema.parse(body));

describe('split invoices on POD’s rail', () => {
  it('issued on POD, paid on POD’s page and confirmed by its list (a forged callback changes nothing), closed on POD', async () => {
    const { m, seller } = await podMarketplace();
    const r = await create(m, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ rail: 'pod', livemode: true });
    expect(r.data.podInvoiceId).toMatch(/^\d+$/);
    expect(r.data.podReferences.length).toBeGreaterThan(0);
    expect(fake.invoice(r.data.podInvoiceId!)).toMatchObject({ payed: false });

    const pay = await paymentForSplitInvoice(db, r.data.id);
    expect(pay).toMatchObject({ ok: true, data: { rail: 'pod' } });
    if (!pay.ok) return;
    const started = await startPayment(db, pay.data.paymentId, 'pod' as GatewayId, 'https://dargah.test');
    expect(started.ok).toBe(true);
    const params = { [POD_CALLBACK_PARAM]: r.data.podInvoiceId! };
    // Back from POD's page before paying: POD's list says not paid, so nothing moves.
    await handleCallback(db, 'pod', params);
    expect(await platformBalances(db, seller.platformId)).toEqual({ pending: 0n, withdrawable: 0n });
    fake.pay(r.data.podInvoiceId!);
    await handleCallback(db, 'pod', params);
    const [p] = await db.select().from(payments).where(eq(payments.id, pay.data.paymentId));
    expect(p).toMatchObject({ state: 'succeeded', gateway: 'pod' });
    expect(await platformBalances(db, seller.platformId)).toEqual({ pending: 500_000n, withdrawable: 0n });

    expect((await closeSplitInvoice(db, m.actor, r.data.id)).ok).toBe(true);
    expect(fake.invoice(r.data.podInvoiceId!)).toMatchObject({ closed: true });
    expect(await closeSplitInvoice(db, m.actor, r.data.id)).toMatchObject({ ok: false, error: 'alreadyClosed' });
  });

  it('POD silent: nothing is saved (503 for the API); POD refusing: railRefused with its number; a beneficiary without a POD id is named', async () => {
    const { m, seller } = await podMarketplace();
    const bill = newBill();
    fake.failNext(1, 'timeout');
    expect(await create(m, invoiceBody(bill, 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]))).toMatchObject({
      ok: false,
      error: 'railUnavailable',
    });
    expect(await db.select().from(splitInvoices).where(eq(splitInvoices.billNumber, bill))).toEqual([]);
    fake.errorNext(4, 'PERMISSION_DENIED');
    expect(await create(m, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]))).toMatchObject({
      ok: false,
      error: 'railRefused',
      params: { podCode: 4 },
    });
    await db.update(splitBeneficiaries).set({ podBusinessId: null }).where(eq(splitBeneficiaries.id, seller.beneficiary.id));
    expect(await create(m, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]))).toMatchObject({
      ok: false,
      fieldErrors: { 'subInvoices.0.beneficiaryId': 'podBusinessIdMissing' },
    });
  });

  it('another marketplace’s bill number is never adopted: the group POD holds under it is that marketplace’s invoice', async () => {
    const a = await podMarketplace();
    const b = await podMarketplace();
    const bill = newBill();
    const body = (x: typeof a) => invoiceBody(bill, 300_000n, [{ beneficiaryId: x.seller.beneficiary.id, share: 500_000n }]);
    const first = await create(a.m, body(a));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const theirs = first.data.podInvoiceId!;
    // Same bill number, same guild, same seller business and sums: POD refuses it as used, and the
    // group it holds under the number matches ours in every sum — it is A's all the same.
    expect(await create(b.m, body(b))).toMatchObject({ ok: false, error: 'railRefused' });
    // Also when A's row names POD's invoice under another id: the bill number alone says whose it is.
    await db.update(splitInvoices).set({ podInvoiceId: '1' }).where(eq(splitInvoices.id, first.data.id));
    expect(await create(b.m, body(b))).toMatchObject({ ok: false, error: 'railRefused' });
    expect(await db.select().from(splitInvoices).where(eq(splitInvoices.marketplaceId, b.m.platform.id))).toEqual([]);
    await db.update(splitInvoices).set({ podInvoiceId: theirs }).where(eq(splitInvoices.id, first.data.id));
    // One of our invoices per POD invoice, whatever the path (two racing adoptions).
    const second = await create(a.m, invoiceBody(newBill(), 300_000n, [{ beneficiaryId: a.seller.beneficiary.id, share: 500_000n }]));
    if (!second.ok) throw new Error(JSON.stringify(second));
    await expect(db.update(splitInvoices).set({ podInvoiceId: theirs }).where(eq(splitInvoices.id, second.data.id))).rejects.toThrow();
  });

  it('an open invoice is canceled on POD first; a close POD does not answer stays open here', async () => {
    const { m, seller } = await podMarketplace();
    const r = await create(m, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]));
    if (!r.ok) throw new Error('create');
    expect((await cancelSplitInvoice(db, m.actor, r.data.id)).ok).toBe(true);
    expect(fake.invoice(r.data.podInvoiceId!)).toMatchObject({ canceled: true });

    const r2 = await create(m, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]));
    if (!r2.ok) throw new Error('create');
    const pay = await paymentForSplitInvoice(db, r2.data.id);
    if (!pay.ok) throw new Error('pay');
    await startPayment(db, pay.data.paymentId, 'pod' as GatewayId, 'https://dargah.test');
    fake.pay(r2.data.podInvoiceId!);
    await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: r2.data.podInvoiceId! });
    fake.failNext(1, '500');
    expect(await closeSplitInvoice(db, m.actor, r2.data.id)).toMatchObject({ ok: false, error: 'railUnavailable' });
    const [still] = await db.select().from(splitInvoices).where(eq(splitInvoices.id, r2.data.id));
    expect(still.state).toBe('paid');
    expect((await closeSplitInvoice(db, m.actor, r2.data.id)).ok).toBe(true);
  });
});
