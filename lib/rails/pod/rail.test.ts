import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { paymentAttempts, payments, platforms } from '@/db/schema';
import { setGatewayForTests, type GatewayId } from '@/lib/gateways';
import { ledgerViolations } from '@/lib/ledger';
import { createPayment, handleCallback, startPayment } from '@/lib/payments';
import { testDb } from '@/test/db';
import { startFakePod } from '@/test/fakes/pod';
import { makePlatform } from '@/test/fixtures';
import { postingsOf } from '@/test/ledger';
import { podClient } from './client';
import { POD_CALLBACK_PARAM, podGateway } from './gateway';
import { mirrorSplitInvoice } from './index';

/**
 * The `pod` rail under the payments model: a payment whose token is a POD customer invoice starts
 * at POD's page and succeeds only when POD's invoice list says paid, whatever the callback claims.
 */
const db = testDb();
const MARKET = { id: 7867, token: 'rail-test-business-token-01', apiKey: 'rail-test-service-key-01' };
const SELLER = { id: 9343, token: 'rail-test-seller-token-02', apiKey: 'rail-test-seller-key-02' };
let fake: Awaited<ReturnType<typeof startFakePod>>;
/** Tracking code → POD customer-invoice id, as the split-invoice domain will answer it. */
const mirrored = new Map<string, string>();

beforeAll(async () => {
  fake = await startFakePod({ businesses: [MARKET, SELLER] });
  const client = podClient({ baseUrl: fake.baseUrl, payBaseUrl: fake.payBaseUrl, sandbox: false, token: MARKET.token, apiKey: MARKET.apiKey, timeoutMs: 1500 });
  setGatewayForTests('pod', podGateway({ client, invoiceIdOf: async (orderId) => mirrored.get(orderId) ?? null }));
});
afterAll(async () => {
  setGatewayForTests('pod', null);
  await fake.close();
});
afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const line = (description: string, unitPrice: bigint, quantity = 1) => ({ description, unitPrice, quantity });

/** A payment of 1 300 000 Rials whose POD invoice splits it 800 000 + 500 000. */
async function started() {
  const { platform } = await makePlatform(db);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, platform.id));
  const p = await createPayment(db, { platformId: platform.id, source: 'link', livemode: true, amount: 1_300_000n, description: 'سفارش بازارگاه' });
  const client = podClient({ baseUrl: fake.baseUrl, payBaseUrl: fake.payBaseUrl, sandbox: false, token: MARKET.token, apiKey: MARKET.apiKey });
  const m = await mirrorSplitInvoice(client, {
    billNumber: p.trackingCode,
    verificationNeeded: false,
    main: { guildCode: 'API_GUILD', items: [line('کالا', 800_000n)] },
    subs: [{ podBusinessId: SELLER.id, guildCode: 'API_GUILD', items: [line('سهم فروشنده', 250_000n, 2)] }],
    customerItems: [line('سفارش', 1_300_000n)],
  });
  if (!m.ok) throw new Error(JSON.stringify(m));
  mirrored.set(p.trackingCode, m.customerInvoiceId);
  // POD is not a gateway payers pick: the split-invoice domain starts its payments.
  const r = await startPayment(db, p.id, 'pod' as GatewayId, 'https://dargah.test');
  const [row] = await db.select().from(payments).where(eq(payments.id, p.id));
  return { p: row, r, invoiceId: m.customerInvoiceId };
}

describe('the pod rail under payments', () => {
  it('starts at POD’s page; a forged callback changes nothing; POD’s list saying paid succeeds it once', async () => {
    const { p, r, invoiceId } = await started();
    expect(r).toEqual({ ok: true, pageUrl: expect.stringContaining(`${fake.payBaseUrl}/v1/pbc/payinvoice/?invoiceId=${invoiceId}&redirectUri=`) });
    expect(p).toMatchObject({ state: 'redirected', gateway: 'pod', gatewayToken: invoiceId });
    const back = new URL(new URL(r.ok ? r.pageUrl : '').searchParams.get('redirectUri')!);
    expect(`${back.origin}${back.pathname}`).toBe('https://dargah.test/pay/callback/pod');
    expect(back.searchParams.get(POD_CALLBACK_PARAM)).toBe(invoiceId);

    const forged = await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: invoiceId, payed: 'true', status: 'SUCCESS', amount: '1300000' });
    expect(forged?.state).toBe('redirected');
    expect(await postingsOf(db, p.id)).toHaveLength(0);

    fake.pay(invoiceId);
    const done = await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: invoiceId });
    expect(done).toMatchObject({ state: 'succeeded', gatewayRef: fake.invoice(invoiceId)!.uniqueNumber });
    // POD's server call after payment arrives too: nothing more.
    expect((await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: invoiceId }))?.state).toBe('succeeded');
    expect(await postingsOf(db, p.id)).toHaveLength(1);
    const log = await db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, p.id));
    const text = JSON.stringify(log.map((l) => [l.request, l.response]));
    for (const secret of [MARKET.token, MARKET.apiKey]) expect(text).not.toContain(secret);
  });

  it('a callback naming another invoice finds no payment; a canceled invoice fails the payment', async () => {
    const { p, invoiceId } = await started();
    expect(await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: '999999999' })).toBeNull();
    expect(await handleCallback(db, 'pod', { invoiceId })).toBeNull();
    const client = podClient({ baseUrl: fake.baseUrl, payBaseUrl: fake.payBaseUrl, sandbox: false, token: MARKET.token, apiKey: MARKET.apiKey });
    expect((await client.cancelInvoice(invoiceId)).ok).toBe(true);
    expect((await handleCallback(db, 'pod', { [POD_CALLBACK_PARAM]: invoiceId }))?.state).toBe('failed');
    expect(await postingsOf(db, p.id)).toHaveLength(0);
  });
});
