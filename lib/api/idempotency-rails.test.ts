import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as closeRoute } from '@/app/api/v1/split-invoices/[id]/close/route';
import { GET as getIvrInvoice } from '@/app/api/v1/ivr/invoices/[code]/route';
import { POST as postIvrInvoice } from '@/app/api/v1/ivr/invoices/route';
import { POST as postSplit } from '@/app/api/v1/split-invoices/route';
import { withCommitScope, type CommitScope } from '@/db/after-commit';
import { ivrInvoices, ivrSettings, payments, splitBeneficiaries, splitInvoices } from '@/db/schema';
import { createIvrInvoice, CREATING_RETRY_MS, finishCreatingInvoices, pollRailInvoices } from '@/lib/ivr';
import { makeIvrPlatform } from '@/lib/ivr/fixtures';
import { paystarIvrClient } from '@/lib/ivr/paystar-ivr';
import { setIvrRailForTests } from '@/lib/ivr/rail';
import { issueLiveKey } from '@/lib/platforms';
import { podClient, setPodRailForTests } from '@/lib/rails/pod';
import { saveMarketplaceSettings } from '@/lib/split';
import { invoiceBody, makeBeneficiary, makeMarketplace, newBill } from '@/lib/split/fixtures';
import { apiRequest } from '@/test/api';
import { testDb } from '@/test/db';
import { startFakePaystarIvr } from '@/test/fakes/paystar-ivr';
import { startFakePod } from '@/test/fakes/pod';
import { dyingKey, installCrashTrigger } from '@/test/idempotency-crash';

/**
 * A keyed request that calls a rail and then dies before its answer is stored: our rows are rolled
 * back but the rail kept what it made. The retry with the same key must succeed and end with one
 * object upstream, matched to our one row (test/idempotency-crash.ts simulates the death).
 */
const db = testDb();
const send = apiRequest('http://dargah.test/api/v1');
type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = async (route: unknown, req: Request, id = '') => {
  const res = await (route as Route)(req, { params: Promise.resolve({ id }) });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as Record<string, unknown> & { error?: { code: string } },
  };
};

const MARKET = { id: 61_001, token: 'idem-pod-business-token-1', apiKey: 'idem-pod-service-key-1' };
const SELLER = { id: 61_002, token: 'idem-pod-seller-token-22', apiKey: 'idem-pod-seller-key-22' };
let pod: Awaited<ReturnType<typeof startFakePod>>;
const GATEWAY_ID = 'idem-ivr-gw-1';
let paystar: Awaited<ReturnType<typeof startFakePaystarIvr>>;

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '100000';
  await installCrashTrigger(db);
  pod = await startFakePod({ businesses: [MARKET, SELLER] });
  setPodRailForTests(
    podClient({ baseUrl: pod.baseUrl, payBaseUrl: pod.payBaseUrl, sandbox: false, token: MARKET.token, apiKey: MARKET.apiKey, timeoutMs: 1500 }),
  );
  paystar = await startFakePaystarIvr({ gatewayId: GATEWAY_ID });
  setIvrRailForTests(paystarIvrClient({ baseUrl: paystar.baseUrl, gatewayId: GATEWAY_ID, timeoutMs: 800 }));
});
afterAll(async () => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  setPodRailForTests(null);
  setIvrRailForTests(null);
  await pod.close();
  await paystar.close();
});

async function podMarketplace() {
  const m = await makeMarketplace(db);
  const s = await saveMarketplaceSettings(db, m.actor, { platformId: m.platform.id, feePayer: 'marketplace', rail: 'pod', podGuildCode: 'IDEM_GUILD' });
  expect(s.ok).toBe(true);
  const seller = await makeBeneficiary(db, m, 'POD seller');
  await db
    .update(splitBeneficiaries)
    .set({ podBusinessId: String(SELLER.id) })
    .where(eq(splitBeneficiaries.id, seller.beneficiary.id));
  const live = await issueLiveKey(db, m.actor, { platformId: m.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { m, seller, live: live.data.key };
}

describe('split invoices on POD after a death before the answer was stored', () => {
  it('create: the retry adopts the invoice POD already issued under the bill number, one on each side', async () => {
    const { m, seller, live } = await podMarketplace();
    const bill = newBill();
    const body = invoiceBody(bill, 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]);
    const idem = await dyingKey(db, 'split-create');
    const post = () => call(postSplit, send('POST', '/split-invoices', live, body, { 'idempotency-key': idem }));
    const issued = () =>
      pod.calls.filter(
        (c) =>
          c.operation === 'issueMultiInvoice' &&
          JSON.stringify(c.data ?? '').includes(bill) &&
          c.answer &&
          (c.answer as { hasError?: boolean }).hasError === false,
      );
    const ours = () => db.select().from(splitInvoices).where(eq(splitInvoices.marketplaceId, m.platform.id));

    expect((await post()).status).toBe(500);
    expect(await ours()).toEqual([]);
    expect(issued()).toHaveLength(1);

    const retry = await post();
    expect([retry.status, retry.body.error]).toEqual([201, undefined]);
    const rows = await ours();
    expect(rows).toHaveLength(1);
    expect(issued()).toHaveLength(1);
    const group = (issued()[0].answer as { result: { id: number; customerInvoice: { id: number } } }).result;
    expect(rows[0].podInvoiceId).toBe(String(group.customerInvoice.id));
    expect(retry.body).toMatchObject({ id: rows[0].id, bill_number: bill, pod_invoice_id: String(group.customerInvoice.id), state: 'open' });
    const replay = await post();
    expect([replay.status, replay.replayed, replay.body.id]).toEqual([201, 'true', rows[0].id]);

    // A refusal with no invoice of ours under the bill number at POD stands.
    pod.errorNext(4, 'PERMISSION_DENIED');
    const other = await call(
      postSplit,
      send('POST', '/split-invoices', live, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]), {
        'idempotency-key': `other-${bill}`,
      }),
    );
    expect(other.status).toBe(502);
  });

  it('close: the retry closes (POD’s "already closed" is done)', async () => {
    const { m, seller, live } = await podMarketplace();
    const made = await call(
      postSplit,
      send('POST', '/split-invoices', live, invoiceBody(newBill(), 800_000n, [{ beneficiaryId: seller.beneficiary.id, share: 500_000n }]), {
        'idempotency-key': `mk-${Date.now()}`,
      }),
    );
    expect(made.status).toBe(201);
    const id = String(made.body.id);
    // Paid on POD's page and confirmed here, as the payment flow would.
    pod.pay(String(made.body.pod_invoice_id));
    await db.update(splitInvoices).set({ state: 'paid', paidAt: new Date() }).where(eq(splitInvoices.id, id));
    const idem = await dyingKey(db, 'split-close');
    const close = () => call(closeRoute, send('POST', `/split-invoices/${id}/close`, live, {}, { 'idempotency-key': idem }), id);
    expect((await close()).status).toBe(500);
    expect((await db.select().from(splitInvoices).where(eq(splitInvoices.id, id)))[0].state).toBe('paid');
    const retry = await close();
    expect([retry.status, retry.body.state]).toEqual([200, 'closed']);
    expect(pod.invoice(String(made.body.pod_invoice_id))).toMatchObject({ closed: true });
    void m;
  });
});

async function railPlatform() {
  const f = await makeIvrPlatform(db);
  await db.update(ivrSettings).set({ rail: 'paystar' }).where(eq(ivrSettings.platformId, f.platform.id));
  const live = await issueLiveKey(db, f.actor, { platformId: f.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { ...f, live: live.data.key };
}
const factorsOf = (orderId: string) => [...paystar.factors.values()].filter((x) => x.orderId === orderId);

describe('phone invoices on PayStar’s rail after a death', () => {
  it('before the answer was stored: the retry makes the one factor at PayStar, matched to the one invoice', async () => {
    const f = await railPlatform();
    const orderId = `ord-${Date.now()}`;
    const body = { amount: 160_000, order_id: orderId, customer_name: 'Reza', phone: '09121234567' };
    const idem = await dyingKey(db, 'ivr-create');
    const post = () => call(postIvrInvoice, send('POST', '/ivr/invoices', f.live, body, { 'idempotency-key': idem }));
    const ours = () => db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id));

    expect((await post()).status).toBe(500);
    expect(await ours()).toEqual([]);

    const retry = await post();
    expect([retry.status, retry.body.error]).toEqual([201, undefined]);
    const rows = await ours();
    expect(rows).toHaveLength(1);
    expect(factorsOf(orderId)).toHaveLength(1);
    const factor = factorsOf(orderId)[0];
    expect(rows[0]).toMatchObject({ state: 'open', trackingCode: factor.trackingCode, orderId });
    expect(retry.body).toMatchObject({ id: rows[0].id, tracking_code: factor.trackingCode, state: 'open', payment: { state: 'created' } });
    const [p] = await db.select().from(payments).where(eq(payments.id, rows[0].paymentId!));
    expect(p).toMatchObject({ gateway: 'paystar-ivr', gatewayToken: factor.trackingCode });
    const replay = await post();
    expect([replay.status, replay.replayed, replay.body.tracking_code]).toEqual([201, 'true', factor.trackingCode]);
  });

  it('a refusal by PayStar after the commit is the answer (502, kept) and leaves no invoice', async () => {
    const f = await railPlatform();
    // PayStar already holds a factor with this order id (made elsewhere): it refuses ours.
    const orderId = `ord-taken-${Date.now()}`;
    const elsewhere = await paystarIvrClient({ baseUrl: paystar.baseUrl, gatewayId: GATEWAY_ID }).createFactor({ amount: 10_000n, orderId });
    expect(elsewhere.ok).toBe(true);
    const idem = `ivr-refused-${Date.now()}`;
    const post = () => call(postIvrInvoice, send('POST', '/ivr/invoices', f.live, { amount: 10_000, order_id: orderId }, { 'idempotency-key': idem }));
    const refused = await post();
    expect([refused.status, refused.body.error?.code]).toEqual([502, 'upstream_refused']);
    const replay = await post();
    expect([replay.status, replay.replayed, replay.body.error?.code]).toEqual([502, 'true', 'upstream_refused']);
    expect(await db.select().from(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id))).toEqual([]);
  });

  it("the request's own ask, run late past the janitor's two minutes, is claimed first: PayStar is asked once", async () => {
    const f = await railPlatform();
    const scope: CommitScope = { tasks: [] };
    const orderId = `ord-late-${Date.now()}`;
    const apiActor = { kind: 'api' as const, merchantId: f.merchant.id, platformId: f.platform.id, keyId: f.platform.id, livemode: true };
    // Made three minutes ago: the janitor already counts it as left behind.
    const made = await withCommitScope(scope, () =>
      createIvrInvoice(
        db,
        apiActor,
        { platformId: f.platform.id, amount: 70_000n, orderId, customerName: null, email: null, phone: null },
        new Date(Date.now() - CREATING_RETRY_MS - 60_000),
      ),
    );
    expect(made).toMatchObject({ ok: true, data: { state: 'creating' } });
    const asks = () => paystar.requests.filter((r) => r.path === '/api/ivr/create-factor' && (r.body as { order_id?: string })?.order_id === orderId);
    const held = paystar.holdNextCreate();
    const asking = scope.tasks[0]();
    await held.arrived;
    await finishCreatingInvoices(db);
    held.release();
    await asking;
    expect(asks()).toHaveLength(1);
    const [inv] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.orderId, orderId));
    expect(inv).toMatchObject({ state: 'open', trackingCode: factorsOf(orderId)[0].trackingCode });
  });

  it('the janitor takes only due invoices: older ones not yet due do not starve a newer due one', async () => {
    const f = await railPlatform();
    const now = Date.now();
    const row = (orderId: string, createdAgoMs: number, nextPollInMs: number) => ({
      platformId: f.platform.id,
      mode: 'invoice' as const,
      rail: 'paystar' as const,
      livemode: true,
      amount: 10_000n,
      orderId,
      trackingCode: `c${orderId.slice(-19)}`,
      state: 'creating' as const,
      expiresAt: new Date(now + 60 * 60_000),
      createdAt: new Date(now - createdAgoMs),
      nextPollAt: new Date(now + nextPollInMs),
    });
    const tag = String(now).slice(-8);
    await db.insert(ivrInvoices).values(Array.from({ length: 25 }, (_, i) => row(`stuck-${tag}-${i}`, 30 * 60_000 + i, 20 * 60_000)));
    const dueOrder = `due-${tag}`;
    await db.insert(ivrInvoices).values(row(dueOrder, 5 * 60_000, -60_000));
    try {
      await finishCreatingInvoices(db);
      expect(factorsOf(dueOrder)).toHaveLength(1);
    } finally {
      await db.delete(ivrInvoices).where(eq(ivrInvoices.platformId, f.platform.id));
    }
  });

  it('after the commit, before PayStar was asked: the janitor asks, once, and the invoice opens', async () => {
    const f = await railPlatform();
    const scope: CommitScope = { tasks: [] };
    const orderId = `ord-lost-${Date.now()}`;
    const apiActor = { kind: 'api' as const, merchantId: f.merchant.id, platformId: f.platform.id, keyId: f.platform.id, livemode: true };
    const made = await withCommitScope(scope, () =>
      createIvrInvoice(db, apiActor, { platformId: f.platform.id, amount: 90_000n, orderId, customerName: null, email: null, phone: null }),
    );
    // The process dies: the task that would ask PayStar never runs.
    expect(made).toMatchObject({ ok: true, data: { state: 'creating' } });
    expect(scope.tasks).toHaveLength(1);
    const id = made.ok ? made.data.id : '';
    const got = await call(getIvrInvoice, send('GET', `/ivr/invoices/${id}`, f.live));
    expect([got.status, got.body.state]).toEqual([200, 'creating']);
    await pollRailInvoices(db, new Date(Date.now() + 30_000));
    expect(factorsOf(orderId)).toHaveLength(0);
    await pollRailInvoices(db, new Date(Date.now() + CREATING_RETRY_MS + 1_000));
    expect(factorsOf(orderId)).toHaveLength(1);
    const [inv] = await db.select().from(ivrInvoices).where(eq(ivrInvoices.id, id));
    expect(inv).toMatchObject({ state: 'open', trackingCode: factorsOf(orderId)[0].trackingCode });
    expect(inv.paymentId).not.toBeNull();
    await pollRailInvoices(db, new Date(Date.now() + 2 * CREATING_RETRY_MS + 2_000));
    expect(factorsOf(orderId)).toHaveLength(1);
  });
});
